import type { Pluggable, Preset } from "unified";
import type { MermaidConfig } from "../mermaid/mermaid-package.js";
import type { AcceptedHeadings } from "../method/index.js";

export type Severity = "off" | "warning" | "error";

/** The site config (`designpress.config.yaml|yml|json`), after validation and defaults. */
export interface SiteConfig {
  /** Site title, shown in the header and the index. Default `Design portfolio`. */
  title: string;
  /** Author's name, shown on the index and in page metadata. */
  author?: string;
  /** A short bio for the index. */
  bio?: string;
  /** Path the site is served under, `/` or `/repo-name/` (always starts and ends with `/`). */
  base: string;
  /** Public origin such as `https://user.github.io`, for the sitemap and canonical links. */
  url?: string;
  /** Theme folder name under `themes/`. Default `default`. */
  theme: string;
  /** The reading order of writeups for previous/next links (slugs); the rest follow newest first. */
  order?: string[];
  /** The repository the site is built from, for "Edit this page" links. */
  repo?: { url: string; branch: string };
  /** Outputs and page parts each config switch turns off (all on by default). */
  tagIndex: boolean;
  prevNext: boolean;
  lastUpdated: boolean;
  copyButtons: boolean;
  feed: boolean;
  compare: boolean;
  /**
   * Keep writeups' HTML and URLs as written (scripts, event handlers,
   * `javascript:` links…) instead of sanitizing them. Default `false`.
   */
  unsafe?: boolean;
  /** Full-text search over the writeups (a Pagefind index and the theme's search box). Default on. */
  search: boolean;
  /** A social-card image per writeup and for the index (`og:image`, absolute with `url`). Default on. */
  cards: boolean;
  check: {
    /** Severity per rule id, e.g. `{"nine-steps/failover": "off"}`. */
    rules: Record<string, Severity>;
    /** Options per rule id, from `id: [severity, { option: value }]`, checked and normalised. */
    ruleOptions?: Record<string, Record<string, unknown>>;
    /** Extra headings accepted per step id. */
    headings: AcceptedHeadings;
    /** Front-matter fields of the author's own (`extraFields`), accepted besides designpress's. */
    frontMatter?: { extraFields: string[] };
  };
  mermaid: {
    /** Folder for the diagram cache. Default `.designpress-cache/mermaid`. */
    cacheDir: string;
    /** Longest time one rendering of a diagram may take, in milliseconds. Default 10 000. */
    timeout?: number;
    /** mermaid configuration for every diagram (part of the cache key). */
    config?: MermaidConfig;
    /** mermaid configuration of the light rendering only, such as `{theme: forest}`. */
    light?: MermaidConfig;
    /** mermaid configuration of the dark rendering only. */
    dark?: MermaidConfig;
  };
}

/** One option a check rule takes: how its value is read, and what it expects (for messages). */
export interface RuleOption {
  parse(value: unknown): { ok: true; value?: unknown } | { ok: false };
  expected: string;
}

/**
 * A check rule as the config reads it: its id and the options it takes. The
 * rules themselves (`src/structure/rules/`) are given to the reader by its
 * caller, which keeps the config below the checks that read it.
 */
export interface ConfigurableRule {
  id: string;
  options?: Readonly<Record<string, RuleOption>>;
}

/** A unified plugin as the config module lists it: the plugin, or `[plugin, options]`. */
export type PluginEntry = Exclude<Pluggable, Preset>;

/**
 * A check rule of the project's as the config checks its shape: `src/structure/`'s
 * `Rule` seen from below it. What `check` returns is checked when it runs.
 */
export interface ProjectRule extends ConfigurableRule {
  severity: "warning" | "error";
  description: string;
  /** Where the rule is documented: the `url` of its messages. */
  url?: string;
  check(context: never, options?: never): unknown;
}

/** An emitter of the project's as the config checks its shape: `src/build/`'s `Emitter` seen from below. */
export interface ProjectEmitter {
  readonly name: string;
  claims(site: never): unknown;
  emit(site: never, out: never): Promise<void>;
}

/**
 * What a config module (`designpress.config.mjs`) adds in code: kept apart from
 * {@link SiteConfig}, which is data (compared between builds, sent to check threads).
 */
export interface Extensions {
  /** Run after designpress's remark plugins; their output is sanitized like the writeup's. */
  remarkPlugins: readonly PluginEntry[];
  /** Run last, after the sanitizer and designpress's rehype plugins: their output is published as is. */
  rehypePlugins: readonly PluginEntry[];
  /** Check rules run after the built-in ones, in `check` and in the build. */
  rules: readonly ProjectRule[];
  /** Outputs written after designpress's own. */
  emitters: readonly ProjectEmitter[];
}

type CheckRuleSetting = Severity | [Severity] | [Severity, Record<string, unknown>];

/**
 * The default export of `designpress.config.mjs`, with the types of its rules
 * and emitters (the library's `UserConfig` gives them): every field the YAML
 * takes, as written there (each checked the same way), and the code fields.
 */
export interface UserConfigOf<Rule, Emitter> {
  title?: string;
  author?: string;
  bio?: string;
  base?: string;
  url?: string;
  theme?: string;
  order?: string[];
  repo?: string | { url: string; branch?: string };
  tagIndex?: boolean;
  prevNext?: boolean;
  lastUpdated?: boolean;
  copyButtons?: boolean;
  feed?: boolean;
  compare?: boolean;
  search?: boolean;
  cards?: boolean;
  unsafe?: boolean;
  check?: {
    rules?: Record<string, CheckRuleSetting>;
    headings?: AcceptedHeadings;
    frontMatter?: { extraFields?: string[] };
  };
  mermaid?: {
    cacheDir?: string;
    timeout?: number;
    config?: MermaidConfig;
    light?: MermaidConfig;
    dark?: MermaidConfig;
  };
  remarkPlugins?: PluginEntry[];
  rehypePlugins?: PluginEntry[];
  rules?: Rule[];
  emitters?: Emitter[];
}
