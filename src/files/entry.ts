import { rename, rm, writeFile } from "node:fs/promises";
import { readRegularFileSync } from "./regular.js";

/**
 * A cache entry's text, never through a symlink (what it points to is no entry
 * of this project's) nor from anything but a regular file; `undefined` when it
 * cannot be read, which is a miss. Read synchronously (see `readRegularFileSync`).
 */
export function readEntryFile(file: string): string | undefined {
  return readEntryBytes(file)?.toString("utf8");
}

/** A cache entry's bytes, as {@link readEntryFile} reads its text. */
export function readEntryBytes(file: string): Buffer | undefined {
  return readRegularFileSync(file)?.bytes;
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
