import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A mermaid configuration object, as passed to `mermaid.initialize`. */
export type MermaidConfig = { [key: string]: unknown };

export type ColourVariant = "light" | "dark";

/** The variants every diagram is rendered in, in this order. */
export const colourVariants: readonly ColourVariant[] = ["light", "dark"];

/**
 * mermaid's browser bundle as designpress ships it: `lib/vendor/mermaid/`,
 * copied by `scripts/vendor-mermaid.mjs` at `compile`/`prepare` from the
 * `mermaid` devDependency (pinned to the version `@mermaid-js/mermaid-cli`, the
 * reference renderer of the tests and the benchmark, resolves). Found from
 * this module in `src/` and in `lib/` alike.
 */
const vendorDirectory = fileURLToPath(new URL("../../lib/vendor/mermaid/", import.meta.url));

let cached: { version: string } | undefined;

function vendoredMermaid(): { version: string } {
  if (!cached) {
    const manifest = path.join(vendorDirectory, "manifest.json");
    let text: string;
    try {
      text = readFileSync(manifest, "utf8");
    } catch {
      throw new Error(
        `Expected mermaid's bundle in ${vendorDirectory}, found none; run \`npm run compile\` (it copies the bundle there)`,
      );
    }
    cached = JSON.parse(text) as { version: string };
  }
  return cached;
}

/** mermaid's version, part of every cache key. */
export function mermaidVersion(): string {
  return vendoredMermaid().version;
}

/** mermaid's self-contained browser bundle (no imports, no network). */
export function mermaidBundlePath(): string {
  vendoredMermaid();
  return path.join(vendorDirectory, "mermaid.min.js");
}

/**
 * mermaid's self-contained ESM build (it imports only its own chunks): what
 * `designpress check` loads in Node to parse diagrams without a browser.
 */
export function mermaidEsmBundlePath(): string {
  vendoredMermaid();
  return path.join(vendorDirectory, "mermaid.esm.min.mjs");
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
