import { constants } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";

/**
 * A cache entry's text, never through a symlink (what it points to is no entry
 * of this project's); `undefined` when it cannot be read, which is a miss.
 */
export function readEntryFile(file: string): Promise<string | undefined> {
  return readFile(file, { encoding: "utf8", flag: noFollow }).catch(() => undefined);
}

/** A cache entry's bytes, as {@link readEntryFile} reads its text. */
export function readEntryBytes(file: string): Promise<Buffer | undefined> {
  return readFile(file, { flag: noFollow }).catch(() => undefined);
}

const noFollow = constants.O_RDONLY | constants.O_NOFOLLOW;

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
