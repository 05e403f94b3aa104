import { lstat, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { reallyInside } from "./within.js";

/**
 * How long a cache entry no build has used is kept: long enough for builds
 * with another config (a preview with another `--base`) or at the same time to
 * keep theirs.
 */
export const unusedEntryLifetimeMs = 24 * 60 * 60 * 1000;

export interface PruneOptions {
  /** The project: a cache folder that leads out of it (a symlink) is left alone. */
  root: string;
  /** The names of the entries this build used: always kept. */
  used: ReadonlySet<string>;
  /** The names the cache writes its entries under; files of other names are left alone. */
  entry: RegExp;
  /** The names of its temporary files while writing, which a killed build leaves behind. */
  temporary: RegExp;
  /** How long an unused entry is kept (default {@link unusedEntryLifetimeMs}). */
  lifetimeMs?: number;
  now?: number;
}

/**
 * Remove from a cache folder the entries this build did not use that are
 * older than {@link unusedEntryLifetimeMs} (an edited page's or diagram's
 * older entries, those of pages removed, another config's), and temporary
 * files as old. Only for a build that asked for every entry it needs: what it
 * did not use, it does not need. Never follows a symlink, nor touches a folder
 * that leads out of the project; a removal that fails is left for the next build.
 */
export async function pruneCache(dir: string, options: PruneOptions): Promise<void> {
  if (!(await reallyInside(options.root, dir))) return;
  const now = options.now ?? Date.now();
  const lifetime = options.lifetimeMs ?? unusedEntryLifetimeMs;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const unused = options.entry.test(name) && !options.used.has(name);
    if (!unused && !options.temporary.test(name)) continue;
    const file = path.join(dir, name);
    const stats = await lstat(file).catch(() => undefined);
    if (stats?.isFile() && now - stats.mtimeMs > lifetime) {
      await rm(file, { force: true }).catch(() => undefined);
    }
  }
}
