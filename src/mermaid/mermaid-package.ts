import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** A mermaid configuration object, as passed to `mermaid.initialize`. */
export type MermaidConfig = { [key: string]: unknown };

export type ColourVariant = "light" | "dark";

/** The variants every diagram is rendered in, in this order. */
export const colourVariants: readonly ColourVariant[] = ["light", "dark"];

/**
 * designpress's own `mermaid` dependency. It is pinned to the version that
 * `@mermaid-js/mermaid-cli` (a devDependency, the reference renderer of the
 * tests and the benchmark) resolves, so both draw with the same mermaid.
 */
function resolveMermaidDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("mermaid/package.json"));
}

let cached: { directory: string; version: string } | undefined;

function mermaidPackage(): { directory: string; version: string } {
  if (!cached) {
    const directory = resolveMermaidDirectory();
    const { version } = JSON.parse(readFileSync(path.join(directory, "package.json"), "utf8")) as {
      version: string;
    };
    cached = { directory, version };
  }
  return cached;
}

/** mermaid's version, part of every cache key. */
export function mermaidVersion(): string {
  return mermaidPackage().version;
}

/** mermaid's self-contained browser bundle (no imports, no network). */
export function mermaidBundlePath(): string {
  return path.join(mermaidPackage().directory, "dist", "mermaid.min.js");
}

/**
 * Settings a static build needs unless the site config says otherwise: no
 * script in the output (`strict`) and ids derived from the diagram, not random.
 */
export const defaultMermaidConfig: MermaidConfig = {
  securityLevel: "strict",
  deterministicIds: true,
};

/**
 * The top-level keys of mermaid's configuration (`MermaidConfig` in mermaid's
 * `config.type.d.ts`; a test keeps the list in step with the installed
 * mermaid), less the ones designpress sets itself: the security level, the
 * start-up and the id scheme, which the static, sanitized, deterministic
 * output depends on.
 */
export const mermaidConfigKeys: readonly string[] = [
  "theme",
  "themeVariables",
  "themeCSS",
  "look",
  "handDrawnSeed",
  "layout",
  "maxTextSize",
  "maxEdges",
  "elk",
  "darkMode",
  "htmlLabels",
  "fontFamily",
  "altFontFamily",
  "logLevel",
  "arrowMarkerAbsolute",
  "legacyMathML",
  "forceLegacyMathML",
  "deterministicIDSeed",
  "flowchart",
  "swimlane",
  "sequence",
  "gantt",
  "journey",
  "timeline",
  "class",
  "state",
  "er",
  "pie",
  "quadrantChart",
  "xyChart",
  "requirement",
  "architecture",
  "mindmap",
  "ishikawa",
  "kanban",
  "gitGraph",
  "sankey",
  "packet",
  "block",
  "c4",
  "eventmodeling",
  "treeView",
  "radar",
  "venn",
  "cynefin",
  "railroad",
  "wrap",
  "fontSize",
  "markdownAutoWrap",
  "suppressErrorRendering",
];

/** Keys of mermaid's configuration that designpress sets and a site may not change. */
export const reservedMermaidConfigKeys: readonly string[] = [
  "securityLevel",
  "secure",
  "startOnLoad",
  "deterministicIds",
  "dompurifyConfig",
];

/** mermaid's own themes for the two variants; a site overrides them with `variants`. */
export const defaultVariantConfigs: Readonly<Record<ColourVariant, MermaidConfig>> = {
  light: { theme: "default" },
  dark: { theme: "dark" },
};

function isPlainObject(value: unknown): value is MermaidConfig {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `override` deep-merged over `base` (objects merge, anything else replaces). */
export function mergeConfig(base: MermaidConfig, override: MermaidConfig): MermaidConfig {
  const merged: MermaidConfig = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] =
      isPlainObject(current) && isPlainObject(value) ? mergeConfig(current, value) : value;
  }
  return merged;
}
