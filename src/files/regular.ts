import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from "node:fs";

/**
 * O_NONBLOCK: a FIFO is opened without waiting for a writer (and then refused:
 * it is no regular file); it changes nothing for a regular file's reads.
 */
const readFlags = (follow: boolean) =>
  constants.O_RDONLY | constants.O_NONBLOCK | (follow ? 0 : constants.O_NOFOLLOW);

/**
 * A regular file's bytes and the stats of the file they were read from,
 * through one descriptor (the inode a caller links is the one it read); only
 * when it is `size` bytes long, if given; through a symlink only with
 * `follow`; else undefined.
 *
 * Synchronous: a build reads its pages, cache entries and cards a thousand
 * small files in a row with nothing else to do meanwhile, and a read awaited
 * through the thread pool cost about three times the CPU (1,000 pages of 40 kB:
 * 87–149 ms against 31–55 ms), on a machine whose cores the build keeps busy.
 */
export function readRegularFileSync(
  file: string,
  { follow = false, size }: { follow?: boolean; size?: number } = {},
): { bytes: Buffer; stats: Stats } | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, readFlags(follow));
    const stats = fstatSync(descriptor);
    if (!stats.isFile() || (size !== undefined && stats.size !== size)) return undefined;
    return { bytes: readFileSync(descriptor), stats };
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
