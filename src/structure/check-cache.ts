import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Where `designpress check` keeps what it learnt, relative to the project root. */
export const checkCacheDir = ".designpress-cache/check";

/**
 * Bumped when what an entry holds changes shape or meaning, so that old
 * entries stop matching instead of being misread.
 */
const entryFormat = 1;

/**
 * What `designpress check` learnt from a text that it would otherwise learn
 * again on the next commit: mermaid's verdict on a diagram (loading mermaid's
 * parsers costs most of a one-file check), the heading ids of a writeup a
 * link points at (parsing it costs as much as the staged file). One file per
 * entry in `.designpress-cache/check/`, content-addressed by the text, what
 * the value is (its `scope`, with the versions of what made it) and
 * designpress's version.
 *
 * The cache only ever saves time: an entry that is not one this version wrote
 * for this text and scope (truncated, edited, foreign) or whose value does not
 * validate is ignored, and a failed write is forgotten. Entries are read and
 * written synchronously: a check reads a handful, and has nothing else to do
 * meanwhile.
 */
export class CheckCache {
  readonly #dir: string;
  readonly #version: string;

  /** `dir`: the cache folder (absolute); `version`: designpress's, part of every key. */
  constructor(dir: string, version = designpressVersion()) {
    this.#dir = dir;
    this.#version = version;
  }

  /** The value stored for `text` in `scope`, when `validate` accepts it; otherwise undefined. */
  read<Value>(
    scope: string,
    text: string,
    validate: (value: unknown) => Value | undefined,
  ): Value | undefined {
    const key = this.#key(scope, text);
    let stored: string;
    try {
      stored = readFileSync(this.#file(key), "utf8");
    } catch {
      return undefined;
    }
    let entry: unknown;
    try {
      entry = JSON.parse(stored);
    } catch {
      return undefined;
    }
    if (typeof entry !== "object" || entry === null) return undefined;
    const { format, key: storedKey, textHash, value } = entry as Record<string, unknown>;
    if (format !== entryFormat || storedKey !== key || textHash !== sha256(text)) return undefined;
    return validate(value);
  }

  /** Store a value (JSON), atomically: a temporary file renamed into place. A failure is ignored. */
  write(scope: string, text: string, value: unknown): void {
    const key = this.#key(scope, text);
    const file = this.#file(key);
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      mkdirSync(this.#dir, { recursive: true });
      writeFileSync(
        temporary,
        JSON.stringify({ format: entryFormat, key, textHash: sha256(text), value }),
      );
      renameSync(temporary, file);
    } catch {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nothing was written, or the folder cannot be written at all.
      }
    }
  }

  #key(scope: string, text: string): string {
    return sha256(JSON.stringify([entryFormat, this.#version, scope, text]));
  }

  #file(key: string): string {
    return path.join(this.#dir, `${key}.json`);
  }
}

let version: string | undefined;

/** designpress's version, from its package.json (found from `src/` and `lib/` alike). */
function designpressVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;
  return version;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
