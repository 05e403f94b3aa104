import { execFile } from "node:child_process";

/**
 * When each file of a folder last changed, from git: the committer date of
 * the last commit that touched it. A function of the commit checked out, so
 * the same commit always gives the same dates.
 */
export interface FileHistory {
  /** The repository's top folder (as git spells it: real path). */
  top: string;
  /** Whether the clone is shallow: its oldest commits stand for all history before them. */
  shallow: boolean;
  /** Last commit date (ISO 8601 with the committer's offset) by path relative to `top`, `/`-separated. */
  lastChanged: Map<string, string>;
  /** Paths relative to `top` that differ from the last commit (changed, staged or untracked). */
  uncommitted: Set<string>;
}

/** Separates commits in the log's output; no path or date holds it. */
const recordSeparator = "\x1e";

/**
 * git in `cwd`, with no pager, locks or file-system monitor: a build reads the
 * repository and must not block, or be blocked by, the author's own git.
 */
function git(cwd: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-c", "core.fsmonitor=false", "-c", "core.quotepath=false", ...args],
      {
        cwd,
        signal,
        maxBuffer: 1 << 30,
        env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
      },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

/**
 * The history of the files under `dir`, or undefined when `dir` is not in a
 * git repository, git is missing, or git refuses (a repository owned by
 * another user): a build never fails for want of git.
 */
export async function readHistory(
  dir: string,
  signal?: AbortSignal,
): Promise<FileHistory | undefined> {
  let top: string;
  let shallow: boolean;
  try {
    const [topLine, shallowLine] = (
      await git(dir, ["rev-parse", "--show-toplevel", "--is-shallow-repository"], signal)
    ).split("\n");
    if (!topLine) return undefined;
    top = topLine;
    shallow = shallowLine === "true";
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
  try {
    const [log, status] = await Promise.all([
      // An empty repository has no HEAD: its log fails, and nothing is committed.
      git(
        dir,
        ["log", `--format=${recordSeparator}%cI`, "--name-only", "-z", "--", "."],
        signal,
      ).catch(() => ""),
      git(dir, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."], signal),
    ]);
    return { top, shallow, lastChanged: parseLog(log), uncommitted: parseStatus(status) };
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}

/**
 * `git log --format=<RS>%cI --name-only -z`: newest commit first, so a
 * path's first date is its last change.
 */
export function parseLog(output: string): Map<string, string> {
  const lastChanged = new Map<string, string>();
  for (const record of output.split(recordSeparator)) {
    const [date, ...paths] = record.split("\0");
    if (!date) continue;
    for (const raw of paths) {
      const file = raw.replace(/^\n/, "");
      if (file !== "" && !lastChanged.has(file)) lastChanged.set(file, date.trim());
    }
  }
  return lastChanged;
}

/** `git status --porcelain=v1 -z`: every path that differs from HEAD (a rename's both names). */
export function parseStatus(output: string): Set<string> {
  const paths = new Set<string>();
  const entries = output.split("\0");
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] ?? "";
    if (entry.length < 4) continue;
    paths.add(entry.slice(3));
    // A rename or copy is followed by the path it came from.
    if (/^[RC]/.test(entry) || /^.[RC]/.test(entry)) {
      const from = entries[++index];
      if (from) paths.add(from);
    }
  }
  return paths;
}
