import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../helpers.js";

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
