import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** A mermaid configuration object, as passed to `mermaid.initialize`. */
export type MermaidConfig = { [key: string]: unknown };

export type ColourVariant = "light" | "dark";

/** The variants every diagram is rendered in, in this order. */
export const colourVariants: readonly ColourVariant[] = ["light", "dark"];

/**
 * The mermaid that mermaid-cli depends on: resolved from mermaid-cli's folder so
 * that we render with exactly the version `mmdc` would use.
 */
function resolveMermaidDirectory(): string {
  const require = createRequire(import.meta.url);
  // mermaid-cli exports only its entry point (src/index.js), not its package.json.
  const cliEntry = require.resolve("@mermaid-js/mermaid-cli");
  const mermaidPackage = require.resolve("mermaid/package.json", {
    paths: [path.dirname(cliEntry)],
  });
  return path.dirname(mermaidPackage);
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
