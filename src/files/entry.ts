import { constants } from "node:fs";
import { readFile } from "node:fs/promises";

/**
 * A cache entry's text, never through a symlink (what it points to is no entry
 * of this project's); `undefined` when it cannot be read, which is a miss.
 */
export function readEntryFile(file: string): Promise<string | undefined> {
  const flag = constants.O_RDONLY | constants.O_NOFOLLOW;
  return readFile(file, { encoding: "utf8", flag }).catch(() => undefined);
}
