import { spawn } from "node:child_process";
import { copyFile, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registryEnv, startLockfileRegistry } from "./helpers/lockfile-registry.js";
import { repoRoot, temporaryFolder } from "./helpers.js";

// The real pre-commit framework (Debian's pre-commit; .ci/run installs it) runs the
// hook on a user's portfolio repository, in both documented forms. Nothing comes
// from the network: npm is pointed at a registry on 127.0.0.1 that serves only
// this repository's lockfile from npm's cache (warm after `npm ci`).
const structureFixtures = path.join(repoRoot, "test", "structure", "fixtures");
let dir: string;
let cleanup: () => Promise<void>;
let portfolio: string;
let env: NodeJS.ProcessEnv;
let closeRegistry: () => Promise<void>;

/**
 * Longer than any command here takes (pre-commit's first install of the hook, npm
 * and a compile, takes about 50 s): one that runs past it is stuck, and is killed
 * with everything it started, its output so far in the test's message.
 */
const stuckAfterMs = 300_000;

/**
 * A command's exit status and output. Not spawnSync: the registry the command's
 * npm talks to answers from this process, which must not be blocked meanwhile.
 */
function run(
  command: string,
  args: string[],
  cwd = portfolio,
): Promise<{ status: number | null; stdout: string; stderr: string; error?: Error }> {
  return new Promise((resolve) => {
    // In a process group of its own, so that a stuck command goes with its children (npm's).
    const child = spawn(command, args, { cwd, env, detached: true });
    let stdout = "";
    let stderr = "";
    const stuck = setTimeout(() => {
      stderr += `\n[${command} ${args.join(" ")}: still running after ${stuckAfterMs / 1000} s, killed]\n`;
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // Gone meanwhile.
      }
    }, stuckAfterMs);
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", (error) => {
      clearTimeout(stuck);
      resolve({ status: null, stdout, stderr, error });
    });
    child.on("close", (status) => {
      clearTimeout(stuck);
      resolve({ status, stdout, stderr });
    });
  });
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const result = await run("git", args, cwd);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

beforeAll(async () => {
  ({ dir, cleanup } = await temporaryFolder("designpress-pre-commit-"));
  const registry = await startLockfileRegistry(path.join(repoRoot, "package-lock.json"));
  closeRegistry = registry.close;
  env = {
    ...process.env,
    PRE_COMMIT_HOME: path.join(dir, "pre-commit-home"),
    ...registryEnv(registry.url, path.join(dir, "npm-cache")),
    NO_COLOR: "1",
    GIT_AUTHOR_NAME: "a",
    GIT_AUTHOR_EMAIL: "a@example.com",
    GIT_COMMITTER_NAME: "a",
    GIT_COMMITTER_EMAIL: "a@example.com",
  };
  portfolio = path.join(dir, "portfolio");
  await mkdir(path.join(portfolio, "content"), { recursive: true });
  await copyFile(
    path.join(structureFixtures, "complete.md"),
    path.join(portfolio, "content", "good.md"),
  );
  await copyFile(
    path.join(structureFixtures, "missing-step", "invalid.md"),
    path.join(portfolio, "content", "missing-step.md"),
  );
  await git(portfolio, "init", "--quiet");
  await git(portfolio, "add", "-A");
  await git(portfolio, "commit", "--quiet", "-m", "writeups");
});
afterAll(async () => {
  await closeRegistry?.();
  await cleanup?.();
});

describe("the pre-commit hook", () => {
  it("is run by Debian's pre-commit, which CI installs", async () => {
    const version = await run("pre-commit", ["--version"]);
    expect(
      version.error,
      "pre-commit is not installed: apt-get install pre-commit",
    ).toBeUndefined();
    expect(version.stdout).toMatch(/^pre-commit \d+\./);
  });

  it("as `repo: local` (what init writes): fails on a missing step with file and line:col, passes a good writeup", async () => {
    // designpress installed in the portfolio, as `npm install` leaves it.
    await mkdir(path.join(portfolio, "node_modules", ".bin"), { recursive: true });
    await symlink(repoRoot, path.join(portfolio, "node_modules", "designpress"), "dir");
    await symlink(
      "../designpress/bin/designpress.js",
      path.join(portfolio, "node_modules", ".bin", "designpress"),
    );
    await writeFile(
      path.join(portfolio, ".pre-commit-config.yaml"),
      await readFile(path.join(repoRoot, "scaffold", "pre-commit-config.yaml"), "utf8"),
    );
    const bad = await run("pre-commit", [
      "run",
      "designpress-check",
      "--files",
      "content/missing-step.md",
    ]);
    expect(bad.status, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/content\/missing-step\.md\n\s+\d+:\d+\s+error\s+Expected step/);
    const good = await run("pre-commit", [
      "run",
      "designpress-check",
      "--files",
      "content/good.md",
    ]);
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/designpress check\.+Passed/);
  });

  it("as a remote repo (this repository's .pre-commit-hooks.yaml): installs offline, fails on a missing step with file and line:col, passes a good writeup", async () => {
    const clone = path.join(dir, "designpress");
    await git(dir, "clone", "--quiet", "--no-checkout", repoRoot, clone);
    const head = await git(repoRoot, "rev-parse", "HEAD");
    await git(clone, "checkout", "--quiet", head);
    // What a user writes for form (b), with the clone as the repository: pre-commit
    // clones it at `rev` and installs the hook into PRE_COMMIT_HOME once. (`try-repo`
    // runs the same install, but into a throwaway store each time.)
    const config = path.join(dir, "remote-pre-commit-config.yaml");
    await writeFile(
      config,
      `repos:\n  - repo: ${clone}\n    rev: ${head}\n    hooks:\n      - id: designpress-check\n`,
    );
    const tryRepo = (file: string) =>
      run("pre-commit", ["run", "--config", config, "designpress-check", "--files", file]);
    const bad = await tryRepo("content/missing-step.md");
    expect(bad.stdout + bad.stderr).not.toMatch(/unexpected error/i);
    expect(bad.status, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/content\/missing-step\.md\n\s+\d+:\d+\s+error\s+Expected step/);
    const good = await tryRepo("content/good.md");
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/designpress check\.+Passed/);
  }, 1_200_000);
});
