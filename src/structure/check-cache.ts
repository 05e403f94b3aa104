import { createHash, randomBytes } from "node:crypto";
import {
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { codeHash } from "../core/code-version.js";
import { pruneCache } from "../files/prune.js";

/** Where `designpress check` keeps what it learnt, relative to the project root. */
export const checkCacheDir = ".designpress-cache/check";

/**
 * How long an entry no check has read or written is kept. A check reads only
 * what the files it is given need (a pre-commit hook, the staged ones), so
 * an entry of a writeup left alone for weeks is still one to keep.
 */
export const checkEntryLifetimeMs = 30 * 24 * 60 * 60 * 1000;

/** A day: an entry read is marked as used (its time set to now) at most this often, and the folder pruned as often. */
const dayMs = 24 * 60 * 60 * 1000;

/** The names entries are written under, and their temporary files while being written. */
const entryName = /^[0-9a-f]{64}\.json$/;
const temporaryName = /^[0-9a-f]{64}\.json\.\d+\.[0-9a-f]{8}\.tmp$/;

/** The file whose time says when the folder was last pruned. */
const prunedMarker = "pruned";

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
 * designpress's version and code ({@link checkCodeVersion}).
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
  constructor(dir: string, version = checkCodeVersion()) {
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
    const valid = validate(value);
    if (valid !== undefined) markUsed(this.#file(key));
    return valid;
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

/** Set an entry's time to now when it is over a day old: its time says when a check last used it. */
function markUsed(file: string): void {
  try {
    const now = Date.now();
    if (now - statSync(file).mtimeMs > dayMs) utimesSync(file, now / 1000, now / 1000);
  } catch {
    // A read-only cache is still read; its entries then age as written.
  }
}

/**
 * Remove from the check's cache folder the entries no check has used for
 * {@link checkEntryLifetimeMs} (those of diagrams and writeups since edited
 * or removed), and temporary files a killed check left: at most once a day,
 * so a check pays one `stat` for it. Never throws; leaves alone a folder that
 * leads out of the project.
 */
export async function pruneCheckCache(root: string, dir: string, now = Date.now()): Promise<void> {
  const marker = path.join(dir, prunedMarker);
  try {
    if (now - statSync(marker).mtimeMs < dayMs) return;
  } catch {
    // Never pruned, or no cache at all yet.
  }
  try {
    writeFileSync(marker, "");
    utimesSync(marker, now / 1000, now / 1000);
  } catch {
    return;
  }
  await pruneCache(dir, {
    root,
    used: new Set(),
    entry: entryName,
    temporary: temporaryName,
    lifetimeMs: checkEntryLifetimeMs,
    now,
  });
}

/**
 * The SHA-256 of the command bundle this code runs in, which `loadBundle`
 * (`src/cli/bundle.ts`) passes; not defined when it runs from its modules.
 */
declare const designpressBundleHash: string | undefined;

let version: string | undefined;

/**
 * designpress's version as the check's cache sees it: the package's, and a
 * hash of the code that runs, so that an install from another commit (a git
 * install keeps the version) does not read what older code wrote: the
 * bundle's hash, which costs nothing, or when run from the modules, a hash of
 * every one of them.
 */
export function checkCodeVersion(): string {
  version ??= `${
    (
      JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
        version: string;
      }
    ).version
  }+${
    typeof designpressBundleHash === "string"
      ? designpressBundleHash.slice(0, 16)
      : codeHash(fileURLToPath(new URL("../", import.meta.url)))
  }`;
  return version;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
