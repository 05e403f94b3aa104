import { createHash } from "node:crypto";
import { mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { readEntryFile, writeEntryFile } from "../files/entry.js";
import { pruneCache } from "../files/prune.js";
import { insideChecker } from "../files/within.js";
import type { ColourVariant, MermaidConfig } from "./mermaid-package.js";

/** Where the cache lives unless the site config says otherwise, relative to the project root. */
export const defaultCacheDir = ".designpress-cache/mermaid";

/**
 * Bumped when what we store changes shape or meaning, so old entries stop
 * matching instead of being misread. 2: entries carry their format and the
 * hash of their source; mermaid's error pictures are no longer stored.
 */
const cacheFormat = 2;

export interface CacheKeyInput {
  source: string;
  mermaidVersion: string;
  /** The mermaid config every diagram is rendered with. */
  config: MermaidConfig;
  /** The config of each colour variant (theme, theme variables). */
  variants: Readonly<Record<ColourVariant, MermaidConfig>>;
}

/** JSON with object keys sorted, so that equal configs hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The content address of a diagram: sha256 of its source, mermaid's version and every setting. */
export function diagramCacheKey(input: CacheKeyInput): string {
  return createHash("sha256")
    .update(
      canonicalJson([
        cacheFormat,
        input.mermaidVersion,
        input.config,
        input.variants,
        input.source,
      ]),
    )
    .digest("hex");
}

/** What a diagram rendered to: an SVG per variant, or mermaid's own error. */
export type CachedDiagram =
  | { status: "rendered"; svg: Record<ColourVariant, string> }
  | { status: "failed"; message: string };

/** The hash of a diagram's source that its entry carries. */
export function sourceHash(source: string): string {
  return createHash("sha256").update(source).digest("hex");
}

function isSvg(value: unknown): value is string {
  return (
    typeof value === "string" && value.startsWith("<svg") && value.trimEnd().endsWith("</svg>")
  );
}

/**
 * A stored entry, or undefined when it is not one this version wrote for this
 * diagram: truncated, edited, of another format, key or source. Even an entry
 * that passes is only trusted as far as the page's SVG sanitizer lets it.
 */
function readEntry(text: string, key: string, source: string): CachedDiagram | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null) return undefined;
  const entry = data as Record<string, unknown>;
  if (entry.format !== cacheFormat || entry.key !== key || entry.source !== sourceHash(source)) {
    return undefined;
  }
  if (entry.status === "failed" && typeof entry.message === "string") {
    return { status: "failed", message: entry.message };
  }
  const svg = entry.svg as Record<string, unknown> | undefined;
  if (entry.status === "rendered" && svg && isSvg(svg.light) && isSvg(svg.dark)) {
    return { status: "rendered", svg: { light: svg.light, dark: svg.dark } };
  }
  return undefined;
}

export interface DiagramCache {
  readonly dir: string;
  /**
   * The entry for the diagram `source` under `key`, or undefined when missing,
   * unreadable, corrupt or not for this source (it is then rebuilt).
   */
  get(key: string, source: string): Promise<CachedDiagram | undefined>;
  /** Store atomically: a reader sees the old entry or the new one, never half of one. */
  set(key: string, source: string, entry: CachedDiagram): Promise<void>;
}

/**
 * A content-addressed cache of rendered diagrams, one JSON file per key under
 * `dir`. With `memory` (kept by `designpress dev` between builds), each entry
 * read or stored is kept there too, and found there first: it was validated
 * (or rendered) by this process, so the file is not read again. With
 * `boundary` (the project), nothing is read or written through a folder that
 * leads out of it (a symlink); an entry that is a symlink is never followed.
 */
export function createDiagramCache(
  dir: string,
  memory?: Map<string, CachedDiagram>,
  boundary?: string,
): DiagramCache {
  // Two levels, like git's objects, so that no folder grows to thousands of files.
  const fileOf = (key: string) => path.join(dir, key.slice(0, 2), `${key}.json`);
  const inside = boundary === undefined ? async () => true : insideChecker(boundary);
  let writes = 0;
  return {
    dir,
    async get(key, source) {
      const kept = memory?.get(key);
      if (kept) return kept;
      const file = fileOf(key);
      if (!(await inside(path.dirname(file)))) return undefined;
      const text = readEntryFile(file);
      const entry = text === undefined ? undefined : readEntry(text, key, source);
      if (entry) memory?.set(key, entry);
      return entry;
    },
    async set(key, source, entry) {
      memory?.set(key, entry);
      const file = fileOf(key);
      if (!(await inside(path.dirname(file)))) {
        throw new Error(
          `\`${path.dirname(file)}\` leads out of the project (a symlink); remove it`,
        );
      }
      await mkdir(path.dirname(file), { recursive: true });
      writes += 1;
      const stored = { format: cacheFormat, key, source: sourceHash(source), ...entry };
      const temporary = `${file}.${process.pid}.${writes}.tmp`;
      await writeEntryFile(file, `${JSON.stringify(stored)}\n`, temporary);
    },
  };
}

/**
 * Remove the rendered diagrams that are not among `used` (every key a build
 * asked for) and over a day old, from each of the cache's two-level folders
 * (see {@link pruneCache}).
 */
export async function pruneDiagramCache(
  root: string,
  dir: string,
  used: Iterable<string>,
): Promise<void> {
  const names = new Set([...used].map((key) => `${key}.json`));
  const folders = await readdir(dir).catch(() => [] as string[]);
  for (const folder of folders.filter((name) => /^[0-9a-f]{2}$/.test(name))) {
    await pruneCache(path.join(dir, folder), {
      root,
      used: names,
      entry: /^[0-9a-f]{64}\.json$/,
      temporary: /^[0-9a-f]{64}\.json\.\d+\.\d+\.tmp$/,
    });
  }
}
