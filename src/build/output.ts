import {
  existsSync,
  linkSync,
  mkdirSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isRunning } from "../core/process.js";
import { hashFile } from "../files/hash.js";
import { readRegularFileSync } from "../files/regular.js";
import { listTree } from "../files/tree.js";
import { lstatIfAny, realFolderChecker } from "../files/within.js";
import type { OutputFolder } from "./emitters/types.js";
import { mountPointError, OutputError, outputMarker, shownPath } from "./folders.js";

const markerText = "This folder is written by `designpress build`, which replaces it whole.\n";

/** `.dist.designpress-new-123`: a build's fresh output, or (`old`) the output it replaces. */
function leftoverName(outDir: string, kind: "new" | "old", pid: number): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.designpress-${kind}-${pid}`);
}

/**
 * Clear what builds killed mid-write left beside `outDir`: a fresh output
 * (`.dist.designpress-new-PID`) is removed, and the previous output
 * (`.dist.designpress-old-PID`) is put back when there is no `dist/` (the
 * build died between its two renames) and removed otherwise. Folders of a
 * running build are left alone: builds may run side by side. Returns what it
 * restored, for the build to say so.
 */
export async function clearLeftovers(outDir: string): Promise<string[]> {
  const name = path.basename(outDir);
  const pattern = new RegExp(
    `^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.designpress-(new|old)-(\\d+)$`,
  );
  const entries = await readdir(path.dirname(outDir)).catch(() => []);
  const stale = entries
    .map((entry) => pattern.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ kind: match[1] as "new" | "old", pid: Number(match[2]) }))
    .filter(({ pid }) => pid !== process.pid && !isRunning(pid))
    .sort((a, b) => a.pid - b.pid);
  const restored: string[] = [];
  for (const { kind, pid } of stale) {
    const leftover = leftoverName(outDir, kind, pid);
    if (kind === "old" && !existsSync(outDir)) {
      await rename(leftover, outDir);
      restored.push(leftover);
    } else await rm(leftover, { recursive: true, force: true });
  }
  return restored;
}

/** A site swapped in: the previous output, set aside for the swap, may still be being removed. */
export interface SwappedIn {
  /** Settles once it is gone (an `OutputError` should it stay): the build awaits it before it ends. */
  previousRemoved: Promise<void>;
}

/**
 * Write a whole site into a fresh folder beside `outDir`, then swap it in. A build
 * that fails (or is stopped) before the swap leaves the previous output exactly as
 * it was, and no fresh folder behind. File-system failures become an
 * `OutputError` naming the folder and what to do. Returns once the new site is
 * in place; the previous one is removed meanwhile (on a rebuild of 1,000 pages,
 * 0.16 s that the build's last stage need not wait for).
 */
export async function writeAtomically(
  outDir: string,
  /** Writes the site into `dir`; `previous` is the output it will replace, when there is one. */
  write: (dir: string, previous: string | undefined) => Promise<void>,
  root = path.dirname(outDir),
): Promise<SwappedIn> {
  const temporary = leftoverName(outDir, "new", process.pid);
  const previous = leftoverName(outDir, "old", process.pid);
  try {
    await mkdir(path.dirname(outDir), { recursive: true });
    await rm(temporary, { recursive: true, force: true });
    await mkdir(temporary);
  } catch (error) {
    throw outputError(error, outDir, root);
  }
  try {
    await write(temporary, existsSync(outDir) ? outDir : undefined);
    await writeFile(path.join(temporary, outputMarker), markerText);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw outputError(error, outDir, root);
  }
  const hadPrevious = existsSync(outDir);
  try {
    if (hadPrevious) await rename(outDir, previous);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === "EBUSY") throw mountPointError(outDir, root);
    throw outputError(error, outDir, root);
  }
  try {
    await rename(temporary, outDir);
  } catch (error) {
    if (hadPrevious) await rename(previous, outDir);
    await rm(temporary, { recursive: true, force: true });
    throw outputError(error, outDir, root);
  }
  const previousRemoved = hadPrevious
    ? rm(previous, { recursive: true, force: true }).catch((error: unknown) => {
        throw outputError(error, outDir, root);
      })
    : Promise.resolve();
  // Awaited by the caller; not left unhandled should the build stop first.
  previousRemoved.catch(() => undefined);
  return { previousRemoved };
}

/** Every entry under `dir` (see `listTree`); none when it cannot be read. */
function entriesOf(dir: string): Promise<Map<string, "file" | "folder">> {
  return listTree(dir).catch(() => new Map());
}

/**
 * The folder `dir` for the emitters: each file written to disk as it comes,
 * or, where `previous` (the output the new site will replace) holds the same
 * bytes at the same path, a hard link to that file. After one edit, nearly
 * every file of the site is as the last build left it; writing them all again
 * (140 MB for 1,000 writeups: pages, social cards, the search index) made the
 * disk the slowest part of the rebuild, and the old copies are removed right
 * after the swap, so the new site ends up with files of its own all the same.
 */
export function diskFolder(
  dir: string,
  previous?: string,
  /** Whether a folder of `previous` is reached through real folders only, when the caller has one. */
  previousFolders?: (folder: string) => boolean,
): OutputFolder {
  // Each folder made once, not once per file in it (4,300 files for 1,000 writeups);
  // synchronously, as the files are linked and written (see `readRegularFileSync`).
  const folders = new Set<string>();
  const target = (relative: string) => {
    const file = path.join(dir, ...relative.split("/"));
    const folder = path.dirname(file);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    return file;
  };
  // A folder of the previous output that is a symlink leads elsewhere: nothing there is read.
  const insidePrevious =
    previous === undefined ? undefined : (previousFolders ?? realFolderChecker(previous));
  const previousFile = (relative: string) => {
    if (previous === undefined || !insidePrevious) return undefined;
    const earlier = path.join(previous, ...relative.split("/"));
    return insidePrevious(path.dirname(earlier)) ? earlier : undefined;
  };
  return {
    dir,
    write: async (relative, data) => {
      const file = target(relative);
      const earlier = previousFile(relative);
      if (earlier !== undefined && linkedWhereSame(earlier, file, data)) return;
      writeFileSync(file, data);
    },
    copy: async (source, relative) => copyFile(source, target(relative)),
  };
}

/** Bytes read back from the output folder this build replaces, with the stats of the file they came from. */
const readBack = new WeakMap<Uint8Array, { file: string; stats: Stats }>();

/**
 * A regular file of the output folder, read back (never through a symlink);
 * `undefined` when it cannot be. Should the build write these very bytes to
 * the same path, the file is linked without being read and compared again,
 * provided it has not changed since (same inode, size, and times).
 */
export function readOutputFile(file: string): Buffer | undefined {
  const read = readRegularFileSync(file);
  if (read) readBack.set(read.bytes, { file, stats: read.stats });
  return read?.bytes;
}

/**
 * `earlier`'s stats when `data` are its bytes, read by {@link readOutputFile},
 * and it is still the file they were read from: any write since changes its
 * ctime, which no one but the clock sets.
 */
function unchangedSinceRead(earlier: string, data: string | Uint8Array): Stats | undefined {
  const origin = typeof data === "string" ? undefined : readBack.get(data);
  if (origin?.file !== earlier) return undefined;
  const now = lstatIfAny(earlier);
  const then = origin.stats;
  return now?.isFile() &&
    now.dev === then.dev &&
    now.ino === then.ino &&
    now.size === then.size &&
    now.mtimeMs === then.mtimeMs &&
    now.ctimeMs === then.ctimeMs
    ? now
    : undefined;
}

/**
 * Link `file` to `earlier` when that is a regular file of the output being
 * replaced (not through a symlink, linked nowhere else) holding exactly
 * `data` (compared, or read back and unchanged since); whether it did. Any failure (a file system without hard links, a
 * file that changed meanwhile) is a `false`: the caller writes the bytes.
 */
function linkedWhereSame(earlier: string, file: string, data: string | Uint8Array): boolean {
  const held = unchangedSinceRead(earlier, data) ?? holding(earlier, data, { follow: false });
  if (held?.nlink !== 1) return false;
  try {
    linkSync(earlier, file);
  } catch {
    return false;
  }
  // The file compared, and no other put at its path since: else the bytes are written.
  const linked = lstatIfAny(file);
  if (linked?.isFile() && linked.dev === held.dev && linked.ino === held.ino) return true;
  rmSync(file, { force: true });
  return false;
}

const bytesOf = (data: string | Uint8Array): Uint8Array =>
  typeof data === "string" ? Buffer.from(data) : data;

/** A file an emitter asked for, kept until it is compared with the one served. */
type PendingFile = { data: string | Uint8Array } | { source: string };

/**
 * The folder `dir` for the emitters, but what they write or copy through it is
 * kept in `files` instead of written; only what an emitter writes into `dir`
 * itself (a whole folder of a library's files) is on disk.
 */
function pendingFolder(dir: string, files: Map<string, PendingFile>): OutputFolder {
  return {
    dir,
    write: async (relative, data) => {
      files.set(relative, { data });
    },
    copy: async (source, relative) => {
      files.set(relative, { source });
    },
  };
}

/**
 * `file`'s stats when it is a regular file holding exactly `data` (its size
 * first: most changed files change size), else undefined; through a symlink
 * only with `follow`.
 */
function holding(
  file: string,
  data: string | Uint8Array,
  { follow }: { follow: boolean },
): Stats | undefined {
  const size = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
  const read = readRegularFileSync(file, { follow, size });
  return read?.bytes.equals(bytesOf(data)) ? read.stats : undefined;
}

/** Whether `file` holds exactly `bytes`. */
function holds(file: string, bytes: Uint8Array): boolean {
  return holding(file, bytes, { follow: true }) !== undefined;
}

/** A file's identity and times: any write to it changes its ctime. */
const signature = (stats: Stats) =>
  `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;

/**
 * The copies {@link updateInPlace} last found or made identical to their
 * source in the served folder (dev's), by the served file's path: both files'
 * signatures then. While neither changed, the copy is not compared again: a
 * 100 MB video a page links made each text edit in `dev` 150 ms slower,
 * reading it and its copy whole (233–284 ms against 78–146 ms).
 */
const sameCopies = new Map<string, { source: string; served: string }>();

/** Whether `served` holds `source`'s bytes: known from the last update, else compared (large files streamed). */
async function sameCopy(source: string, sourceStats: Stats, served: string): Promise<boolean> {
  const servedStats = lstatIfAny(served);
  const known = sameCopies.get(served);
  if (
    servedStats?.isFile() &&
    known?.source === signature(sourceStats) &&
    known.served === signature(servedStats)
  )
    return true;
  if (!(await sameBytes(source, served))) return false;
  rememberCopy(sourceStats, served, servedStats);
  return true;
}

/** Note that `served` holds the bytes of the source with these stats (see {@link sameCopies}). */
function rememberCopy(sourceStats: Stats, served: string, servedStats = lstatIfAny(served)): void {
  if (servedStats?.isFile())
    sameCopies.set(served, { source: signature(sourceStats), served: signature(servedStats) });
}

/** Whether the served file `served` (a regular file, not a symlink) holds the same bytes as `file`; large files streamed. */
async function sameBytes(file: string, served: string): Promise<boolean> {
  const servedStats = lstatIfAny(served);
  if (!servedStats?.isFile() || statSync(file).size !== servedStats.size) return false;
  return (await hashFile(file)) === (await hashFile(served));
}

/**
 * Bring `outDir` up to date with a whole site (`designpress dev`, which serves
 * from it): the emitters write into a fresh folder beside it, but what they
 * write or copy through the output folder is kept in memory and compared with
 * the file served; a file whose bytes are unchanged is left alone (same inode,
 * same mtime), a changed or new one is written beside and moved in (a reader
 * sees the old file or the new, never half of one), and one no longer produced
 * is removed. A build that fails before that leaves `outDir` as it was. Not
 * for `designpress build`: a crash midway leaves a mixed folder, which a server
 * that rebuilds at once can afford and a published `dist/` cannot. With
 * `scope`, only the paths it accepts are compared, written and removed.
 * Returns how many files changed.
 */
export async function updateInPlace(
  outDir: string,
  write: (out: OutputFolder) => Promise<void>,
  root = path.dirname(outDir),
  /** The paths this update is about; the others are left as they are. Default: all. */
  scope: (relative: string) => boolean = () => true,
): Promise<{ written: number; removed: number }> {
  if (!existsSync(outDir)) {
    await (await writeAtomically(outDir, (dir) => write(diskFolder(dir)), root)).previousRemoved;
    return { written: (await entriesOf(outDir)).size, removed: 0 };
  }
  const fresh = leftoverName(outDir, "new", process.pid);
  const pending = new Map<string, PendingFile>();
  try {
    await rm(fresh, { recursive: true, force: true });
    await mkdir(fresh);
    await write(pendingFolder(fresh, pending));
    pending.set(outputMarker, { data: markerText });
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    throw outputError(error, outDir, root);
  }
  try {
    const wanted = await entriesOf(fresh);
    for (const relative of pending.keys()) {
      wanted.set(relative, "file");
      for (let folder = path.posix.dirname(relative); folder !== "."; ) {
        wanted.set(folder, "folder");
        folder = path.posix.dirname(folder);
      }
    }
    const inScope = (entries: Map<string, "file" | "folder">) =>
      new Map([...entries].filter(([relative]) => scope(relative)));
    const served = inScope(await entriesOf(outDir));
    const counts = { written: 0, removed: 0 };
    // Deepest first, so a folder is emptied before it is removed.
    for (const [relative, kind] of [...served].reverse()) {
      if (wanted.get(relative) === kind) continue;
      await rm(path.join(outDir, relative), { recursive: true, force: true });
      if (kind === "file") counts.removed += 1;
      sameCopies.delete(path.join(outDir, relative));
    }
    for (const [relative, kind] of wanted) {
      if (kind === "folder" && scope(relative)) {
        await mkdir(path.join(outDir, relative), { recursive: true });
      }
    }
    for (const [relative, kind] of wanted) {
      if (kind !== "file" || !scope(relative)) continue;
      const target = path.join(outDir, relative);
      const staged = path.join(fresh, relative);
      const file = pending.get(relative);
      // A copy's source as it was before it was compared or copied: a change since is seen next time.
      let copied: Stats | undefined;
      if (file === undefined) {
        if (await sameBytes(staged, target)) continue;
      } else if ("source" in file) {
        copied = statSync(file.source);
        if (await sameCopy(file.source, copied, target)) continue;
        await mkdir(path.dirname(staged), { recursive: true });
        await copyFile(file.source, staged);
      } else {
        const bytes = bytesOf(file.data);
        if (holds(target, bytes)) continue;
        await mkdir(path.dirname(staged), { recursive: true });
        await writeFile(staged, bytes);
      }
      await rename(staged, target);
      counts.written += 1;
      if (copied) rememberCopy(copied, target);
    }
    return counts;
  } catch (error) {
    throw outputError(error, outDir, root);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}

const advice: Record<string, string> = {
  EACCES: "make it writable, or choose another --out",
  EPERM: "make it writable, or choose another --out",
  EROFS: "it is on a read-only file system; choose another --out",
  ENOENT: "choose an --out in a folder you can create files in",
  ENOTDIR: "a part of that path is a file, not a folder; choose another --out",
  EEXIST: "a file is in the way; remove it or choose another --out",
  ENOSPC: "the disk is full; free some space and build again",
  EDQUOT: "the disk quota is used up; free some space and build again",
};

/** A file-system error while writing the site, as a message; anything else as it is. */
function outputError(error: unknown, outDir: string, root: string): unknown {
  const { code, path: where } = error as NodeJS.ErrnoException;
  if (typeof code !== "string" || error instanceof OutputError) return error;
  const at = where ? ` at \`${shownPath(root, where)}\`` : "";
  return new OutputError(
    `Cannot write the site to \`${shownPath(root, outDir)}\` (${code}${at}); ${advice[code] ?? "check the folder and its permissions, or choose another --out"}`,
    { cause: error },
  );
}
