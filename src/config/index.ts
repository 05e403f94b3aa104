import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Point } from "unist";
import { VFile } from "vfile";
import type { VFileMessage } from "vfile-message";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { fail as failOn } from "../core/messages.js";
import { didYouMean } from "../core/words.js";
import { yamlPoint, yamlPosition } from "../frontmatter/index.js";
import { defaultCacheDir } from "../mermaid/cache.js";
import {
  type MermaidConfig,
  mermaidConfigKeys,
  reservedMermaidConfigKeys,
} from "../mermaid/mermaid-package.js";
import { type StepId, stepById, steps } from "../method/index.js";
import {
  isSwitchField,
  readOrder,
  readRepo,
  readSwitch,
  type SwitchField,
  switchFields,
} from "./reading.js";
import type { ConfigurableRule, Severity, SiteConfig } from "./types.js";

export type { ConfigurableRule, RuleOption, Severity, SiteConfig } from "./types.js";

/** Config file names, in the order they are looked for. */
export const configFileNames = [
  "designpress.config.yaml",
  "designpress.config.yml",
  "designpress.config.json",
] as const;

export class ConfigError extends Error {
  /** The config file, carrying every problem as a message. */
  readonly file: VFile;
  constructor(file: VFile) {
    super(file.messages.map((problem) => String(problem)).join("\n"));
    this.name = "ConfigError";
    this.file = file;
  }

  get problems(): VFileMessage[] {
    return this.file.messages;
  }
}

export function defaultConfig(root: string): SiteConfig {
  return {
    title: "Design portfolio",
    base: "/",
    theme: "default",
    unsafe: false,
    check: { rules: {}, headings: {} },
    mermaid: { cacheDir: path.join(root, defaultCacheDir) },
    ...(Object.fromEntries(switchFields.map((field) => [field, true])) as Record<
      SwitchField,
      true
    >),
  };
}

const topLevelFields = [
  "title",
  "author",
  "bio",
  "base",
  "url",
  "theme",
  "order",
  "repo",
  ...switchFields,
  "unsafe",
  "check",
  "mermaid",
];
const severities: readonly Severity[] = ["off", "warning", "error"];
const stepIds = steps.map((step) => step.id);

/** The site config with where it was written, for messages about it. */
export interface ReadConfig {
  config: SiteConfig;
  /** The config file's name in the root; undefined with zero config. */
  fileName: string | undefined;
  /** Where each id of `check.rules` is written. */
  rulePlaces: ReadonlyMap<string, Point>;
  /** Where each slug of `order` is written. */
  orderPlaces?: ReadonlyMap<string, Point>;
}

/**
 * Read the site config from `root` (zero config is valid: defaults apply); the
 * options in `check.rules` are checked against `rules`, the check rules there are.
 * Throws `ConfigError` listing every problem with its line and column.
 */
export async function readConfig(
  root: string,
  rules: readonly ConfigurableRule[] = [],
): Promise<ReadConfig> {
  for (const name of configFileNames) {
    const filePath = path.join(root, name);
    let text: string;
    try {
      text = await readFile(filePath, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    return { ...parseConfigText(text, filePath, root, rules), fileName: name };
  }
  return { config: defaultConfig(root), fileName: undefined, rulePlaces: new Map() };
}

/** {@link readConfig}'s config alone. */
export async function loadConfig(
  root: string,
  rules: readonly ConfigurableRule[] = [],
): Promise<SiteConfig> {
  return (await readConfig(root, rules)).config;
}

/** Validate config text (YAML 1.2, or JSON, which is YAML too). */
export function parseConfig(
  text: string,
  filePath: string,
  root: string,
  rules: readonly ConfigurableRule[] = [],
): SiteConfig {
  return parseConfigText(text, filePath, root, rules).config;
}

function parseConfigText(
  text: string,
  filePath: string,
  root: string,
  rules: readonly ConfigurableRule[],
): { config: SiteConfig; rulePlaces: Map<string, Point>; orderPlaces: Map<string, Point> } {
  const rulePlaces = new Map<string, Point>();
  const orderPlaces = new Map<string, Point>();
  const file = new VFile({ path: filePath, value: text });
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { version: "1.2", lineCounter, prettyErrors: false });
  const place = (node: unknown) => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? yamlPosition(lineCounter, range) : undefined;
  };
  const fail = (reason: string, node?: unknown) => failOn(file, reason, place(node), "config");

  for (const error of document.errors) {
    failOn(
      file,
      `Invalid config: ${error.message.split("\n")[0]}`,
      yamlPoint(lineCounter, error.pos[0]),
      "config",
    );
  }
  if (file.messages.length > 0) throw new ConfigError(file);

  const config = defaultConfig(root);
  const contents = document.contents;
  if (contents === null) return { config, rulePlaces, orderPlaces };
  if (!isMap(contents)) {
    fail("Expected the config to be a mapping of fields (`title: …`), found a single value");
    throw new ConfigError(file);
  }

  const stringField = (node: unknown, name: string): string | undefined => {
    if (isScalar(node) && typeof node.value === "string" && node.value.trim() !== "") {
      return node.value.trim();
    }
    fail(`Expected \`${name}\` to be a non-empty string`, node);
    return undefined;
  };

  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const value = pair.value;
    switch (key) {
      case "title":
      case "author":
      case "bio":
      case "theme": {
        const text = stringField(value, key);
        if (text === undefined) break;
        if (key === "theme" && !/^[\w-]+$/.test(text)) {
          fail(
            `Expected \`theme\` to be a folder name under \`themes/\`, found \`${text}\``,
            value,
          );
        } else config[key] = text;
        break;
      }
      case "base": {
        const text = stringField(value, key);
        if (text === undefined) break;
        const base = normaliseBase(text);
        if (base === undefined) {
          fail(
            `Expected \`base\` to be a path such as \`/\` or \`/repo-name/\`, found \`${text}\``,
            value,
          );
        } else config.base = base;
        break;
      }
      case "url": {
        const text = stringField(value, key);
        if (text === undefined) break;
        if (!/^https?:\/\/[^/\s]+/.test(text)) {
          fail(
            `Expected \`url\` to be an origin such as \`https://you.github.io\`, found \`${text}\``,
            value,
          );
        } else config.url = text.replace(/\/+$/, "");
        break;
      }
      case "order":
        readOrder(value, config, fail, (slug, node) => {
          const start = (node as YamlNode | undefined)?.range?.[0];
          if (start !== undefined) orderPlaces.set(slug, yamlPoint(lineCounter, start));
        });
        break;
      case "repo":
        readRepo(value, config, fail);
        break;
      case "unsafe":
        if (isScalar(value) && typeof value.value === "boolean") config.unsafe = value.value;
        else fail("Expected `unsafe` to be `true` or `false`", value);
        break;
      case "check":
        readCheck(value, config, rules, fail, (id, key) => {
          const start = (key as YamlNode | undefined)?.range?.[0];
          if (start !== undefined) rulePlaces.set(id, yamlPoint(lineCounter, start));
        });
        break;
      case "mermaid":
        readMermaid(value, config, fail, (node) => stringField(node, "mermaid.cacheDir"), root);
        break;
      default:
        if (isSwitchField(key)) {
          readSwitch(key, value, config, fail);
          break;
        }
        fail(
          `Unknown config field \`${key}\`; expected one of ${topLevelFields.map((name) => `\`${name}\``).join(", ")}${didYouMean(key, topLevelFields)}`,
          pair.key,
        );
    }
  }
  if (file.messages.length > 0) throw new ConfigError(file);
  return { config, rulePlaces, orderPlaces };
}

function readCheck(
  value: unknown,
  config: SiteConfig,
  rules: readonly ConfigurableRule[],
  fail: (reason: string, node?: unknown) => void,
  placeRule: (id: string, key: unknown) => void,
): void {
  if (!isMap(value)) {
    fail("Expected `check` to be a mapping with `rules`, `headings` and/or `frontMatter`", value);
    return;
  }
  for (const pair of value.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (key === "rules") {
      if (!isMap(pair.value)) {
        fail("Expected `check.rules` to map rule ids to `off`, `warning` or `error`", pair.value);
        continue;
      }
      for (const rule of pair.value.items) {
        const id = isScalar(rule.key) ? String(rule.key.value) : "";
        placeRule(id, rule.key);
        // `id: warning`, or `id: [warning, { option: value }]` for a rule that takes options.
        const [level, options] = isSeq(rule.value) ? rule.value.items : [rule.value];
        const severity = isScalar(level) ? String(level.value) : "";
        if (!severities.includes(severity as Severity)) {
          fail(
            `Expected the severity of \`${id}\` to be \`off\`, \`warning\` or \`error\`, found \`${severity}\``,
            level ?? rule.value,
          );
        } else config.check.rules[id] = severity as Severity;
        if (options !== undefined) readRuleOptions(id, options, config, rules, fail);
      }
    } else if (key === "headings") {
      const headings: unknown = isMap(pair.value) ? pair.value.toJSON() : undefined;
      if (!headings || typeof headings !== "object") {
        fail("Expected `check.headings` to map step ids to lists of headings", pair.value);
        continue;
      }
      for (const [id, list] of Object.entries(headings)) {
        const step = stepById.get(id as StepId);
        if (!step) {
          fail(
            `Unknown step id \`${id}\` in \`check.headings\`${didYouMean(id, stepIds)}`,
            pair.value,
          );
        } else if (!Array.isArray(list) || !list.every((item) => typeof item === "string")) {
          fail(`Expected \`check.headings.${id}\` to be a list of headings`, pair.value);
        } else config.check.headings[step.id] = list as string[];
      }
    } else if (key === "frontMatter") {
      const extra = isMap(pair.value) ? pair.value.get("extraFields", true) : undefined;
      const list: unknown = isSeq(extra) ? extra.toJSON() : undefined;
      const others = isMap(pair.value)
        ? pair.value.items.filter((item) => !isScalar(item.key) || item.key.value !== "extraFields")
        : [];
      if (!isMap(pair.value) || others.length > 0) {
        fail(
          "Expected `check.frontMatter` to hold only `extraFields`, a list of your own top-level front-matter fields (`extraFields: [draft, canonical]`)",
          others[0]?.key ?? pair.value,
        );
      } else if (
        extra !== undefined &&
        (!Array.isArray(list) || !list.every((item) => typeof item === "string"))
      ) {
        fail(
          "Expected `check.frontMatter.extraFields` to be a list of field names, such as `[draft, canonical]`",
          extra,
        );
      } else if (Array.isArray(list)) config.check.frontMatter = { extraFields: list as string[] };
    } else {
      fail(
        `Unknown field \`check.${key}\`; expected \`rules\`, \`headings\` or \`frontMatter\``,
        pair.key,
      );
    }
  }
}

const mermaidFields = ["cacheDir", "timeout", "config", "light", "dark"];
/** The longest `mermaid.timeout`: ten minutes for one diagram is already a hang. */
const maxMermaidTimeout = 600_000;

function readMermaid(
  value: unknown,
  config: SiteConfig,
  fail: (reason: string, node?: unknown) => void,
  stringField: (node: unknown) => string | undefined,
  root: string,
): void {
  if (!isMap(value)) {
    fail("Expected `mermaid` to be a mapping such as `cacheDir: .cache`", value);
    return;
  }
  for (const pair of value.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const name = `mermaid.${key}`;
    switch (key) {
      case "cacheDir": {
        const text = stringField(pair.value);
        if (text !== undefined) config.mermaid.cacheDir = path.resolve(root, text);
        break;
      }
      case "timeout": {
        const ms = isScalar(pair.value) ? pair.value.value : undefined;
        if (typeof ms === "number" && Number.isInteger(ms) && ms >= 1 && ms <= maxMermaidTimeout) {
          config.mermaid.timeout = ms;
        } else {
          fail(
            `Expected \`${name}\` to be a whole number of milliseconds from 1 to ${maxMermaidTimeout} (the default is 10000), found \`${String(isScalar(pair.value) ? pair.value.value : pair.value)}\``,
            pair.value,
          );
        }
        break;
      }
      case "config":
      case "light":
      case "dark": {
        const settings = readMermaidSettings(pair.value, name, fail);
        if (settings) config.mermaid[key] = settings;
        break;
      }
      default:
        fail(
          `Unknown config field \`${name}\`; expected one of ${mermaidFields.map((field) => `\`${field}\``).join(", ")}${didYouMean(key, mermaidFields)}`,
          pair.key,
        );
    }
  }
}

/**
 * A mapping of mermaid configuration (`mermaid.config`, `.light`, `.dark`):
 * its keys are mermaid's own, less those designpress sets; the values are
 * mermaid's to check.
 */
function readMermaidSettings(
  value: unknown,
  name: string,
  fail: (reason: string, node?: unknown) => void,
): MermaidConfig | undefined {
  if (!isMap(value)) {
    fail(
      `Expected \`${name}\` to be a mapping of mermaid settings such as \`flowchart: {curve: linear}\``,
      value,
    );
    return undefined;
  }
  let valid = true;
  for (const pair of value.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    let problem: string | undefined;
    if (reservedMermaidConfigKeys.includes(key)) {
      problem = `Expected \`${name}\` to leave \`${key}\` to designpress (the diagrams are static and sanitized), found it set; remove it`;
    } else if (key === "theme" && name === "mermaid.config") {
      problem =
        "Expected the theme per colour scheme, found `mermaid.config.theme`; set `mermaid.light.theme` and `mermaid.dark.theme` instead";
    } else if (!mermaidConfigKeys.includes(key)) {
      problem = `Unknown mermaid setting \`${name}.${key}\`${didYouMean(key, mermaidConfigKeys)}; see https://mermaid.js.org/config/schema-docs/config.html`;
    }
    if (problem) {
      fail(problem, pair.key);
      valid = false;
    }
  }
  return valid ? (value.toJSON() as MermaidConfig) : undefined;
}

/** The options of a rule in `check.rules` (`{ tolerance: 5% }`), checked against what the rule takes. */
function readRuleOptions(
  id: string,
  value: unknown,
  config: SiteConfig,
  rules: readonly ConfigurableRule[],
  fail: (reason: string, node?: unknown) => void,
): void {
  if (!isMap(value)) {
    fail(`Expected the options of \`${id}\` to be a mapping such as \`{ tolerance: 5% }\``, value);
    return;
  }
  // An unknown rule id is reported apart (`nine-steps/unknown-rule`): its options are kept as written.
  const known = rules.find((rule) => rule.id === id);
  const options: Record<string, unknown> = {};
  for (const option of value.items) {
    const name = isScalar(option.key) ? String(option.key.value) : "";
    const raw = isScalar(option.value) ? option.value.value : option.value;
    const takes = known?.options ?? {};
    const spec = Object.hasOwn(takes, name) ? takes[name] : undefined;
    if (known && !spec) {
      const names = Object.keys(takes);
      fail(
        names.length === 0
          ? `Expected no options for \`${id}\`, which takes none, found \`${name}\``
          : `Unknown option \`${name}\` of \`${id}\`${didYouMean(name, names)}`,
        option.key,
      );
      continue;
    }
    const parsed = spec?.parse(raw);
    if (parsed && !parsed.ok) {
      fail(
        `Expected \`${name}\` of \`${id}\` to be ${spec?.expected}, found \`${String(raw)}\``,
        option.value,
      );
      continue;
    }
    options[name] = parsed && "value" in parsed ? parsed.value : raw;
  }
  config.check.ruleOptions = { ...config.check.ruleOptions, [id]: options };
}

/** `/`, `/repo`, `repo/` → `/`, `/repo/`, `/repo/`; undefined when not a plain path. */
export function normaliseBase(base: string): string | undefined {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, "");
  if (trimmed === "") return "/";
  if (!/^[\w.~-]+(?:\/[\w.~-]+)*$/.test(trimmed) || trimmed.split("/").includes("..")) {
    return undefined;
  }
  return `/${trimmed}/`;
}
