import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { readRegularFileSync } from "./regular.js";

/**
 * Files up to this size are read whole before they are hashed (synchronously,
 * see `readRegularFileSync`); larger ones (a video or an archive in the
 * content folder) stream through the hash, so that none is ever held in memory
 * whole: a 600 MB file read as one string stopped the build with "Invalid
 * string length".
 */
export const wholeReadLimit = 16 * 1024 * 1024;

/**
 * The SHA-256 (hex) of a file's bytes, whatever its size, through a symlink.
 * Anything but a regular file (a FIFO put in its place) hashes as such,
 * without being opened for reading: that would wait for a writer.
 */
export async function hashFile(file: string): Promise<string> {
  const digest = createHash("sha256");
  const stats = statSync(file);
  if (!stats.isFile()) digest.update("\0not a regular file");
  else if (stats.size > wholeReadLimit) await pipeline(createReadStream(file), digest);
  else digest.update(readRegularFileSync(file, { follow: true })?.bytes ?? "\0unreadable");
  return digest.digest("hex");
}

/**
 * {@link hashFile} of each file, in order; the large ones stream a few at a
 * time, while the small ones are read.
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
