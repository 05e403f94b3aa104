import { rmSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isRunning } from "../core/process.js";

/** The temporary folders the renderer makes: a browser profile, and the render page with mermaid's bundle. */
export type TemporaryKind = "chromium" | "mermaid";

/** `designpress-<kind>-<owner pid>-<random>`: the owner's pid tells a later run whether it is gone. */
const ownedName = /^designpress-(chromium|mermaid)-(\d+)-/;

/** Folders of this process not yet removed, removed synchronously if the process exits first. */
const liveFolders = new Set<string>();

function removeLiveFoldersNow(): void {
  for (const folder of liveFolders) rmSync(folder, { recursive: true, force: true });
  liveFolders.clear();
}

/**
 * A new temporary folder owned by this process. It is removed by
 * {@link removeOwnedTemporaryDir}, or at the latest when the process exits;
 * after a `kill -9`, the next run's {@link sweepLeftovers} removes it.
 */
export async function makeOwnedTemporaryDir(
  kind: TemporaryKind,
  parent = tmpdir(),
): Promise<string> {
  const folder = await mkdtemp(path.join(parent, `designpress-${kind}-${process.pid}-`));
  if (liveFolders.size === 0) process.once("exit", removeLiveFoldersNow);
  liveFolders.add(folder);
  return folder;
}

export async function removeOwnedTemporaryDir(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true, maxRetries: 3 });
  liveFolders.delete(folder);
  if (liveFolders.size === 0) process.off("exit", removeLiveFoldersNow);
}

/**
 * The processes started with `--user-data-dir=<profile>`: a browser and its
 * helpers. Read from `/proc`, so Linux only; elsewhere none are found, and the
 * pipe the browser is driven through already ends it with its parent.
 */
async function browserProcessesUsing(profile: string): Promise<number[]> {
  const flag = `--user-data-dir=${profile}`;
  const entries = await readdir("/proc").catch(() => [] as string[]);
  const pids: number[] = [];
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
        if (commandLine.split("\0").includes(flag)) pids.push(Number(entry));
      }),
  );
  return pids;
}

export interface SweepReport {
  /** Folders removed. */
  removed: string[];
  /** Browser processes killed (they were using a removed profile). */
  killed: number[];
}

/**
 * Remove what a renderer stopped by `kill -9` left in `parent` (the system's
 * temporary folder): each `designpress-chromium-<pid>-…` and
 * `designpress-mermaid-<pid>-…` folder whose owner process no longer exists,
 * after killing any browser still running on such a profile. The folders of
 * running processes — other builds, other test runs, other users — are never
 * touched.
 */
export async function sweepLeftovers(parent = tmpdir()): Promise<SweepReport> {
  const report: SweepReport = { removed: [], killed: [] };
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    const match = ownedName.exec(name);
    if (!match || isRunning(Number(match[2]))) continue;
    const folder = path.join(parent, name);
    if (match[1] === "chromium") {
      for (const pid of await browserProcessesUsing(folder)) {
        try {
          process.kill(pid, "SIGKILL");
          report.killed.push(pid);
        } catch {
          // Gone in the meantime.
        }
      }
    }
    try {
      await rm(folder, { recursive: true, force: true, maxRetries: 3 });
      report.removed.push(folder);
    } catch {
      // Not ours to remove after all (another user's); leave it.
    }
  }
  return report;
}
