import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Point, Position } from "unist";
import { VFile } from "vfile";
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
} from "yaml";
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
import { ConfigError } from "./error.js";
import { codeFields, isCodeField, noExtensions, readExtensions } from "./extensions.js";
import {
  dataFields,
  importConfigModule,
  isConfigModule,
  lineOne,
  moduleConfigFileNames,
  moduleHash,
} from "./module.js";
import {
  isSwitchField,
  readOrder,
  readRepo,
  readSwitch,
  type SwitchField,
  switchFields,
} from "./reading.js";
import type { ConfigurableRule, Extensions, Severity, SiteConfig } from "./types.js";

export { ConfigError } from "./error.js";
export type {
  ConfigurableRule,
  Extensions,
  PluginEntry,
  ProjectEmitter,
  ProjectRule,
  RuleOption,
  Severity,
  SiteConfig,
  UserConfigOf,
} from "./types.js";

/** Config file names; a project has at most one of them. */
export const configFileNames = [
  "designpress.config.yaml",
  "designpress.config.yml",
  "designpress.config.json",
  ...moduleConfigFileNames,
] as const;

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
  /** What a config module adds in code (none from a YAML or JSON config). */
  extensions: Extensions;
  /** The config module, when the config is one: check threads load it again themselves. */
  module?: ConfigModuleRef;
}

/** A config module by its path and the hash of its text, which key what it was loaded as. */
export interface ConfigModuleRef {
  path: string;
  hash: string;
}

/**
 * Read the site config from `root` (zero config is valid: defaults apply); the
 * options in `check.rules` are checked against `rules`, the check rules there are
 * (and a config module's own).
 * Throws `ConfigError` listing every problem with its line and column.
 */
export async function readConfig(
  root: string,
  rules: readonly ConfigurableRule[] = [],
): Promise<ReadConfig> {
  const found: { name: string; filePath: string; text: string }[] = [];
  for (const name of configFileNames) {
    const filePath = path.join(root, name);
    try {
      found.push({ name, filePath, text: await readFile(filePath, "utf8") });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const [first, ...others] = found;
  if (!first) return { ...emptyRead(root), fileName: undefined };
  if (others.length > 0) {
    const file = configFile(root, first.filePath);
    const names = found.map(({ name }) => `\`${name}\``);
    failOn(
      file,
      `Expected one site config, found ${names.slice(0, -1).join(", ")} and ${names.at(-1)}; keep one (a config module holds every field the YAML does)`,
      lineOne,
      "config/invalid",
    );
    throw new ConfigError(file);
  }
  const read = isConfigModule(first.name)
    ? await readConfigModule(first.filePath, first.text, root, rules)
    : parseConfigText(first.text, first.filePath, root, rules);
  return { ...read, fileName: first.name };
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

type Validated = Omit<ReadConfig, "fileName">;

function emptyRead(root: string): Validated {
  return { config: defaultConfig(root), rulePlaces: new Map(), extensions: noExtensions };
}

/** The config as its messages name it: by its path in the project, as writeups are. */
function configFile(root: string, filePath: string, value?: string): VFile {
  return new VFile({ path: path.relative(root, filePath) || filePath, cwd: root, value });
}

/** Where a YAML node is written: its range, or a fallback for nodes made from data. */
interface Locate {
  position(node: unknown): Position | Point | undefined;
  start(node: unknown): Point | undefined;
}

function parseConfigText(
  text: string,
  filePath: string,
  root: string,
  rules: readonly ConfigurableRule[],
): Validated {
  const file = configFile(root, filePath, text);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { version: "1.2", lineCounter, prettyErrors: false });
  for (const error of document.errors) {
    failOn(
      file,
      `Invalid config: ${error.message.split("\n")[0]}`,
      yamlPoint(lineCounter, error.pos[0]),
      "config/invalid",
    );
  }
  if (file.messages.length > 0) throw new ConfigError(file);
  const rangeOf = (node: unknown) => (node as YamlNode | undefined)?.range;
  const locate: Locate = {
    position: (node) => {
      const range = rangeOf(node);
      return range ? yamlPosition(lineCounter, range) : undefined;
    },
    start: (node) => {
      const start = rangeOf(node)?.[0];
      return start === undefined ? undefined : yamlPoint(lineCounter, start);
    },
  };
  return validate(document.contents, file, root, locate, rules, noExtensions);
}

/**
 * A config module's default export: the code fields checked for their shape,
 * the data fields as YAML nodes through the same checks as a YAML config's
 * (their messages at line 1: a module's values have no place to point at).
 */
async function readConfigModule(
  filePath: string,
  text: string,
  root: string,
  rules: readonly ConfigurableRule[],
): Promise<Validated> {
  const file = configFile(root, filePath);
  const hash = moduleHash(text);
  const exported = await importConfigModule(filePath, hash, file);
  const extensions = readExtensions(exported, (reason) =>
    failOn(file, reason, lineOne, "config/invalid"),
  );
  let contents: unknown;
  try {
    contents = new Document(dataFields(exported), { aliasDuplicateObjects: false }).contents;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    failOn(
      file,
      "Expected the config's fields to be plain data, found a value that contains itself; give each field its own value",
      lineOne,
      "config/invalid",
    );
    throw new ConfigError(file);
  }
  const fromData: Locate = { position: () => lineOne, start: () => lineOne };
  const validated = validate(contents, file, root, fromData, rules, extensions);
  return { ...validated, extensions, module: { path: filePath, hash } };
}

/**
 * What a config module read before adds in code: what a thread of `designpress
 * check` or of the build's transform loads for itself (functions cannot be
 * sent to it).
 */
export async function readModuleExtensions(module: ConfigModuleRef): Promise<Extensions> {
  const file = new VFile({ path: module.path });
  const exported = await importConfigModule(module.path, module.hash, file);
  const extensions = readExtensions(exported, (reason) =>
    failOn(file, reason, lineOne, "config/invalid"),
  );
  if (file.messages.length > 0) throw new ConfigError(file);
  return extensions;
}

/** Check the config's fields and apply them over the defaults; throws `ConfigError` with every problem. */
function validate(
  contents: unknown,
  file: VFile,
  root: string,
  locate: Locate,
  rules: readonly ConfigurableRule[],
  extensions: Extensions,
): Validated {
  const rulePlaces = new Map<string, Point>();
  const orderPlaces = new Map<string, Point>();
  // A YAML or JSON config is read with no extensions; a module's has its own object.
  const fromModule = extensions !== noExtensions;
  const fail = (reason: string, node?: unknown) =>
    failOn(file, reason, locate.position(node), "config/invalid");
  const done = (config: SiteConfig): Validated => {
    if (file.messages.length > 0) throw new ConfigError(file);
    return { config, rulePlaces, orderPlaces, extensions };
  };

  const config = defaultConfig(root);
  if (contents === null) return done(config);
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
          const start = locate.start(node);
          if (start) orderPlaces.set(slug, start);
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
        readCheck(value, config, [...rules, ...extensions.rules], fail, (id, key) => {
          const start = locate.start(key);
          if (start) rulePlaces.set(id, start);
        });
        break;
      case "mermaid":
        readMermaid(value, config, fail, (node) => stringField(node, "mermaid.cacheDir"), root);
        break;
      default: {
        if (isSwitchField(key)) {
          readSwitch(key, value, config, fail);
          break;
        }
        if (isCodeField(key)) {
          fail(
            `Expected \`${key}\` in a config module (\`designpress.config.mjs\`), found it in ${path.basename(file.path)}, which holds data only; move the config to a module (see Extending designpress in the README)`,
            pair.key,
          );
          break;
        }
        const fields = fromModule ? [...topLevelFields, ...codeFields] : topLevelFields;
        fail(
          `Unknown config field \`${key}\`; expected one of ${fields.map((name) => `\`${name}\``).join(", ")}${didYouMean(key, fields)}`,
          pair.key,
        );
      }
    }
  }
  return done(config);
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
