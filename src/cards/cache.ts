import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
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
}

export function createCardCache(dir: string): CardCache {
  const fileOf = (key: string) => path.join(dir, `${key}.png`);
  return {
    async get(key, width, height) {
      try {
        const bytes = new Uint8Array(await readFile(fileOf(key)));
        return bytes.length <= maxCardBytes && isPng(bytes, width, height) ? bytes : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, png) {
      await mkdir(dir, { recursive: true });
      const file = fileOf(key);
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        await writeFile(temporary, png);
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
  };
}
