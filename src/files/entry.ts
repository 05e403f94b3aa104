import { constants } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";

/**
 * A cache entry's text, never through a symlink (what it points to is no entry
 * of this project's); `undefined` when it cannot be read, which is a miss.
 */
export function readEntryFile(file: string): Promise<string | undefined> {
  const flag = constants.O_RDONLY | constants.O_NOFOLLOW;
  return readFile(file, { encoding: "utf8", flag }).catch(() => undefined);
}

/**
 * Write a cache entry whole: into `temporary`, then renamed into place, so a
 * reader sees the whole entry or none; the temporary file is removed when that
 * fails, and the error thrown. `temporary` is a name the cache's pruning knows.
 */
export async function writeEntryFile(
  file: string,
  data: string | Uint8Array,
  temporary = `${file}.${process.pid}.tmp`,
): Promise<void> {
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
