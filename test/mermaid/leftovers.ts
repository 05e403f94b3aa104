// What a test looks at to tell whether a renderer left something behind: only
// its own browsers and folders (by profile path or owner pid), never another
// test run's, since vitest runs files in parallel.
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";

/** Pids of the processes started with a `--user-data-dir` that begins with `profilePrefix`. */
export async function browsersWithProfile(profilePrefix: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (commandLine.split("\0").some((arg) => arg.startsWith(`--user-data-dir=${profilePrefix}`))) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/** The renderer's temporary folders in `parent` owned by `pid` (`designpress-<kind>-<pid>-…`). */
export async function foldersOwnedBy(pid: number, parent = tmpdir()): Promise<string[]> {
  const names = await readdir(parent).catch(() => [] as string[]);
  return names.filter((name) => new RegExp(`^designpress-(chromium|mermaid)-${pid}-`).test(name));
}

/** Every renderer folder in `parent`, whoever owns it (for a test's own temporary root). */
export async function rendererFolders(parent: string): Promise<string[]> {
  const names = await readdir(parent).catch(() => [] as string[]);
  return names.filter((name) => /^designpress-(chromium|mermaid)-\d+-/.test(name));
}

/** Poll `condition` until it holds; throws after `ms` (a wait, not a speed assertion). */
export async function waitFor(
  condition: () => Promise<boolean> | boolean,
  what: string,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
