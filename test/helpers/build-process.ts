import { type ChildProcess, execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../helpers.js";

const run = promisify(execFile);

/** A real `designpress build` running in a child process. */
export interface BuildRun {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/**
 * Start `designpress build` in `root` with `tmp` as its TMPDIR, so that a test
 * looks only at the browser profiles and folders of its own child.
 */
export function startBuild(root: string, tmp: string): BuildRun {
  const child = spawn(process.execPath, [path.join(repoRoot, "bin/designpress.js"), "build"], {
    cwd: root,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stderr: () => stderr };
}

/**
 * The process that builds, under the `designpress build` started as `pid`: the
 * command relaunches Node with a larger young generation (src/cli/relaunch.ts)
 * and waits for it. Linux's `ps`.
 */
export async function builderOf(pid: number): Promise<number> {
  const { stdout } = await run("ps", ["-o", "pid=", "--ppid", String(pid)]);
  const [builder, ...others] = stdout.split("\n").filter(Boolean).map(Number);
  if (builder === undefined || others.length > 0)
    throw new Error(`expected one relaunched build under ${pid}, found ${stdout.trim() || "none"}`);
  return builder;
}
