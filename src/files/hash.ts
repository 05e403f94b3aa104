import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";

/**
 * Files up to this size are read whole before they are hashed; larger ones
 * (a video or an archive in the content folder) stream through the hash, so
 * that none is ever held in memory whole: a 600 MB file read as one string
 * stopped the build with "Invalid string length".
 */
export const wholeReadLimit = 16 * 1024 * 1024;

/** The SHA-256 (hex) of a file's bytes, whatever its size. */
export async function hashFile(file: string): Promise<string> {
  const digest = createHash("sha256");
  if ((await stat(file)).size <= wholeReadLimit) digest.update(await readFile(file));
  else await pipeline(createReadStream(file), digest);
  return digest.digest("hex");
}

/**
 * {@link hashFile} of each file, in order, a few at a time: a content folder
 * of large images is never in memory all at once.
 */
export async function hashFiles(files: readonly string[], atOnce = 8): Promise<string[]> {
  const hashes: string[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < files.length; index = next++)
      hashes[index] = await hashFile(files[index] as string);
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, files.length) }, worker));
  return hashes;
}
