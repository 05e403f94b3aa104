import type { Extensions, PluginEntry, ProjectEmitter, ProjectRule } from "./types.js";

/**
 * The code fields of a config module (`designpress.config.mjs`): plugins, check
 * rules and emitters. Only their shape can be checked before they run; each
 * mistake is said with the field and index (`rules[1]`), as a config error.
 */

/** The fields only a config module may set: their values are code. */
export const codeFields = ["remarkPlugins", "rehypePlugins", "rules", "emitters"] as const;

export type CodeField = (typeof codeFields)[number];

export function isCodeField(key: string): key is CodeField {
  return (codeFields as readonly string[]).includes(key);
}

/**
 * Areas of designpress's own rule ids (`nine-steps/…`, `links/…`): a custom
 * rule takes an area of its own, so no built-in id, present or to come, can
 * clash with it.
 */
export const reservedRuleAreas = [
  "build",
  "capacity",
  "cards",
  "config",
  "content",
  "designpress",
  "estimate",
  "feed",
  "front-matter",
  "links",
  "mermaid",
  "nine-steps",
  "search",
  "theme",
] as const;

const ruleIdForm = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const severities = ["warning", "error"];

type Fail = (reason: string) => void;

export const noExtensions: Extensions = {
  remarkPlugins: [],
  rehypePlugins: [],
  rules: [],
  emitters: [],
};

/** The code fields of `exported` (the module's default export), checked. */
export function readExtensions(
  exported: Readonly<Record<string, unknown>>,
  fail: Fail,
): Extensions {
  return {
    remarkPlugins: readPlugins("remarkPlugins", exported.remarkPlugins, fail),
    rehypePlugins: readPlugins("rehypePlugins", exported.rehypePlugins, fail),
    rules: readRules(exported.rules, fail),
    emitters: readEmitters(exported.emitters, fail),
  };
}

function listOf(name: CodeField, value: unknown, what: string, fail: Fail): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  fail(`Expected \`${name}\` to be a list of ${what}, found ${describe(value)}`);
  return [];
}

function readPlugins(name: CodeField, value: unknown, fail: Fail): PluginEntry[] {
  const entries = listOf(
    name,
    value,
    "unified plugins, each a function or `[plugin, options]`",
    fail,
  );
  return entries.filter((entry, index): entry is PluginEntry => {
    const plugin = Array.isArray(entry) ? entry[0] : entry;
    if (typeof plugin === "function") return true;
    fail(
      `Expected \`${name}[${index}]\` to be a unified plugin (a function) or \`[plugin, options]\`, found ${describe(entry)}; import the plugin's default export (\`import remarkEmoji from "remark-emoji"\`)`,
    );
    return false;
  });
}

function readRules(value: unknown, fail: Fail): ProjectRule[] {
  const entries = listOf("rules", value, "check rules made with `defineRule`", fail);
  const seen = new Set<string>();
  return entries.filter((entry, index): entry is ProjectRule => {
    const name = `rules[${index}]`;
    if (typeof entry !== "object" || entry === null) {
      fail(
        `Expected \`${name}\` to be a check rule made with \`defineRule({ … })\`, found ${describe(entry)}`,
      );
      return false;
    }
    const rule = entry as Partial<Record<keyof ProjectRule, unknown>>;
    const missing = [
      typeof rule.id === "string" ? undefined : "`id` (a string such as `team/adr-link`)",
      severities.includes(String(rule.severity)) ? undefined : "`severity` (`warning` or `error`)",
      typeof rule.description === "string" ? undefined : "`description` (one line)",
      typeof rule.check === "function" ? undefined : "`check(context)` (a function)",
      rule.url === undefined || typeof rule.url === "string"
        ? undefined
        : "`url` (where the rule is documented), if any, as a string",
    ].filter((field) => field !== undefined);
    if (missing.length > 0) {
      fail(`Expected \`${name}\` to have ${missing.join(", ")}, found ${describe(entry)}`);
      return false;
    }
    const id = rule.id as string;
    const area = id.split("/")[0] ?? "";
    if (!ruleIdForm.test(id)) {
      fail(
        `Expected the id of \`${name}\` to be \`area/name\` in lower case with hyphens (\`team/adr-link\`), found \`${id}\``,
      );
    } else if ((reservedRuleAreas as readonly string[]).includes(area)) {
      fail(
        `Expected the id of \`${name}\` in an area of your own, found \`${id}\`: \`${area}/\` is designpress's; name it \`team/${id.slice(area.length + 1)}\` or the like`,
      );
    } else if (seen.has(id)) {
      fail(
        `Expected each rule id once in \`rules\`, found \`${id}\` again at \`${name}\`; rename one`,
      );
    } else {
      seen.add(id);
      return true;
    }
    return false;
  });
}

function readEmitters(value: unknown, fail: Fail): ProjectEmitter[] {
  const entries = listOf("emitters", value, "emitters, each `{ name, claims, emit }`", fail);
  return entries.filter((entry, index): entry is ProjectEmitter => {
    const emitter = (typeof entry === "object" && entry !== null ? entry : {}) as Partial<
      Record<keyof ProjectEmitter, unknown>
    >;
    const missing = [
      typeof emitter.name === "string" && emitter.name !== "" ? undefined : "`name` (a string)",
      typeof emitter.claims === "function" ? undefined : "`claims(site)` (a function)",
      typeof emitter.emit === "function" ? undefined : "`emit(site, out)` (a function)",
    ].filter((field) => field !== undefined);
    if (missing.length === 0) return true;
    fail(`Expected \`emitters[${index}]\` to have ${missing.join(", ")}, found ${describe(entry)}`);
    return false;
  });
}

/** A value as a message shows it: its kind, and for an object its first fields. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return `\`${value}\``;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  switch (typeof value) {
    case "string":
      return `the text \`${value.length > 40 ? `${value.slice(0, 40)}…` : value}\``;
    case "function":
      return "a function";
    case "object": {
      const keys = Object.keys(value);
      if (keys.length === 0) return "an empty object";
      const shown = keys.slice(0, 4).map((key) => `\`${key}\``);
      return `an object with ${shown.join(", ")}${keys.length > 4 ? "…" : ""}`;
    }
    default:
      return `\`${String(value)}\``;
  }
}
