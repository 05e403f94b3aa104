import { mkdir } from "node:fs/promises";
import path from "node:path";
import { readEntryBytes, writeEntryFile } from "../files/entry.js";
import { pruneCache } from "../files/prune.js";
import { insideChecker } from "../files/within.js";
import { isPng } from "./png.js";

/** Where drawn cards are kept, relative to the project root: one PNG per content address. */
export const cardCacheDir = ".designpress-cache/cards";

/** Larger than any card a theme draws at 1200×630: a file this big is not one of ours. */
const maxCardBytes = 8 * 1024 * 1024;

export interface CardCache {
  /** The card stored under `key`, or undefined when missing or not a whole PNG of that size. */
  get(key: string, width: number, height: number): Promise<Uint8Array | undefined>;
  /** Store atomically: a reader sees the whole file or none. */
  set(key: string, png: Uint8Array): Promise<void>;
  /** Remove the cards not among `used` that are over a day old (see {@link pruneCache}). */
  prune(used: Iterable<string>): Promise<void>;
}

/** The cache of drawn cards in `root`'s {@link cardCacheDir}. */
export function createCardCache(root: string): CardCache {
  const dir = path.join(root, cardCacheDir);
  const fileOf = (key: string) => path.join(dir, `${key}.png`);
  // The folder is resolved once; each card is then read without following a
  // symlink (resolving each card's path, and copying its bytes, made the cards
  // stage of a 1,000-page build 0.65–0.78 s; now 0.39–0.47 s).
  const inside = insideChecker(root);
  return {
    async get(key, width, height) {
      if (!(await inside(dir))) return undefined;
      // Node's own buffer: a copy of each card in the heap cost as much again in garbage collection.
      const bytes = readEntryBytes(fileOf(key));
      return bytes && bytes.length <= maxCardBytes && isPng(bytes, width, height)
        ? bytes
        : undefined;
    },
    async set(key, png) {
      if (!(await inside(dir))) {
        throw new Error(`${cardCacheDir} leads out of the project (a symlink); remove it`);
      }
      await mkdir(dir, { recursive: true });
      await writeEntryFile(fileOf(key), png);
    },
    prune(used) {
      return pruneCache(dir, {
        root,
        used: new Set([...used].map((key) => `${key}.png`)),
        entry: /^[0-9a-f]{64}\.png$/,
        temporary: /^[0-9a-f]{64}\.png\.\d+\.tmp$/,
      });
    },
  };
}
