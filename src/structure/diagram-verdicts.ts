import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Where `designpress check` keeps its verdicts, relative to the project root. */
export const checkCacheDir = ".designpress-cache/check";

/**
 * Bumped when what an entry holds changes shape or meaning, so that old
 * entries stop matching instead of being misread.
 */
const entryFormat = 1;

/** Where mermaid's parser found a diagram wrong (see `DiagramSyntaxError`). */
export interface DiagramVerdict {
  line: number;
  column: number;
  message: string;
}

/**
 * mermaid's verdicts on diagram sources, one file per verdict in
 * `.designpress-cache/check/`, content-addressed by the source, mermaid's
 * version and designpress's (which reads mermaid's errors into a verdict). A
 * writeup's diagrams rarely change between two commits, and loading mermaid's
 * parsers costs most of a one-file check.
 *
 * The cache only ever saves time: an entry that is not one this version wrote
 * for this source (truncated, edited, foreign) is ignored, and a failed write
 * is forgotten. Entries are read and written synchronously: one check reads a
 * handful, and the event loop has nothing else to do meanwhile.
 */
export class DiagramVerdictCache {
  readonly #dir: string;
  readonly #versions: string;

  /** `dir`: the cache folder; `versions`: mermaid's and designpress's, each in every key. */
  constructor(dir: string, versions: { mermaid: string; designpress: string }) {
    this.#dir = dir;
    this.#versions = `${versions.mermaid}\n${versions.designpress}`;
  }

  /** The stored verdict: `null` for a diagram that parses, undefined when none can be trusted. */
  read(source: string): DiagramVerdict | null | undefined {
    const key = this.#key(source);
    let text: string;
    try {
      text = readFileSync(this.#file(key), "utf8");
    } catch {
      return undefined;
    }
    return readEntry(text, key, source);
  }

  /** Store a verdict, atomically (a temporary file renamed into place); a failure is ignored. */
  write(source: string, verdict: DiagramVerdict | null): void {
    const key = this.#key(source);
    const file = this.#file(key);
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    const entry = { format: entryFormat, key, sourceHash: sha256(source), verdict };
    try {
      mkdirSync(this.#dir, { recursive: true });
      writeFileSync(temporary, JSON.stringify(entry));
      renameSync(temporary, file);
    } catch {
      rmSync(temporary, { force: true });
    }
  }

  #key(source: string): string {
    return sha256(`${entryFormat}\n${this.#versions}\n${source}`);
  }

  #file(key: string): string {
    return path.join(this.#dir, `${key}.json`);
  }
}

/** designpress's version, from its package.json (found from `src/` and `lib/` alike). */
export function designpressVersion(): string {
  const manifest = new URL("../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

/** An entry's verdict, or undefined when the entry is not one written for this key and source. */
function readEntry(text: string, key: string, source: string): DiagramVerdict | null | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null) return undefined;
  const entry = data as Record<string, unknown>;
  if (entry.format !== entryFormat || entry.key !== key || entry.sourceHash !== sha256(source)) {
    return undefined;
  }
  const { verdict } = entry;
  if (verdict === null) return null;
  if (typeof verdict !== "object") return undefined;
  const { line, column, message } = verdict as Record<string, unknown>;
  // A verdict's message is mermaid's, on one line and cut short (see `oneLine`).
  const isMessage = typeof message === "string" && message.length <= 240 && !/[\r\n]/.test(message);
  if (!isPositiveInteger(line) || !isPositiveInteger(column) || !isMessage) return undefined;
  return { line, column, message };
}
