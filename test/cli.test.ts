import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { isRunning } from "../src/core/process.js";
import { builderOf } from "./helpers/build-process.js";
import { repoRoot, temporaryFolder } from "./helpers.js";

const run = promisify(execFile);
const bin = path.join(repoRoot, "bin", "designpress.js");

/** Run `file` with `args` to its end: exit code and output, whatever the code. */
async function runToEnd(file: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(file, args, {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Run the compiled command (`npm test` compiles before the tests). */
function designpress(args: string[], cwd: string) {
  return runToEnd(process.execPath, [bin, ...args], cwd);
}

describe("the designpress command", () => {
  it("prints usage and version", async () => {
    const help = await designpress(["--help"], repoRoot);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: designpress <command>/);
    const version = await designpress(["--version"], repoRoot);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const unknown = await designpress(["publish"], repoRoot);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command `publish`/);
  });

  it("reports every bad file with its line, exits 1 and writes nothing", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await mkdir(path.join(dir, "content"));
      await writeFile(
        path.join(dir, "content", "bad-yaml.md"),
        "---\ntitle: A\nsummary: [oops\n---\n",
      );
      await writeFile(path.join(dir, "content", "no-title.md"), "Just a paragraph.\n");
      await writeFile(
        path.join(dir, "content", "escape.md"),
        "---\ntitle: E\nslug: ../../etc\n---\n",
      );
      const result = await designpress(["build"], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/content\/bad-yaml\.md\n\s*3:\d+.*Invalid YAML front matter/);
      expect(result.stderr).toMatch(
        /content\/no-title\.md\n\s*1:1.*Expected a `title` in the front matter/,
      );
      expect(result.stderr).toMatch(
        /content\/escape\.md\n\s*3:\d+.*Expected `slug` to be a path inside the site/,
      );
      expect(result.stderr).toMatch(/build failed; dist\/ was left as it was/);
      const usage = await designpress(["build", "--colour"], dir);
      expect(usage.code).toBe(2);
    } finally {
      await cleanup();
    }
  });

  it("reports an invalid config once, by its path in the project and its line", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await mkdir(path.join(dir, "content"));
      await writeFile(path.join(dir, "content", "a.md"), "---\ntitle: A\n---\n\nText.\n");
      await writeFile(path.join(dir, "designpress.config.yaml"), "title: [unclosed\n");
      const result = await designpress(["build"], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^designpress\.config\.yaml\n\s*2:1\s+error\s+Invalid config: /m,
      );
      expect(result.stderr.match(/Invalid config/g)).toHaveLength(1);
      expect(result.stderr).not.toContain(dir);
      expect(result.stderr).toMatch(
        /build failed; dist\/ was left as it was \(1 error, 0 warnings\)$/m,
      );
    } finally {
      await cleanup();
    }
  });
});

/** A project with `pages` small writeups (no step structure asked for), for builds that take a while. */
async function manyPages(dir: string, pages: number) {
  await mkdir(path.join(dir, "content"), { recursive: true });
  await writeFile(
    path.join(dir, "designpress.config.yaml"),
    // No social cards: a first build would draw one per page before the write stage these tests stop.
    "cards: false\ncheck:\n  rules:\n    nine-steps/missing-step: off\n",
  );
  await Promise.all(
    Array.from({ length: pages }, (_, index) =>
      writeFile(
        path.join(dir, "content", `page-${index}.md`),
        `---\ntitle: Page ${index}\ntags: [tag-${index % 40}]\n---\n\nSome text for page ${index}.\n`,
      ),
    ),
  );
}

/** Start the real command; resolves its exit code (or signal) and output when it ends. */
function start(args: string[], cwd: string, options: { ownGroup?: boolean } = {}) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    // A process group of its own, as a terminal's foreground job: Ctrl-C reaches every process in it.
    detached: options.ownGroup ?? false,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, ended, output: () => ({ stdout, stderr }) };
}

/** Wait until `check` is true (polling), or fail after `timeoutMs` with `what`. */
async function until(
  check: () => boolean,
  what: string,
  { timeoutMs = 120_000, poll }: { timeoutMs?: number; poll?: () => Promise<void> } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await poll?.();
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not seen after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await poll?.();
  }
}

/** The fresh output folder of the build writing in `dir`, once there is one. */
async function freshOutput(dir: string): Promise<string | undefined> {
  return (await readdir(dir)).find((name) => /^\.dist\.designpress-new-\d+$/.test(name));
}

/** This project's own `.dist.designpress-*` folders. */
async function leftovers(dir: string): Promise<string[]> {
  // The caches (search) are kept on purpose: they are not a build's leftovers.
  return (await readdir(dir))
    .filter((name) => name.includes(".designpress-") && name !== ".designpress-cache")
    .sort();
}

describe("stopping a build", () => {
  it("stops on SIGINT and SIGTERM during the write stage, says so in one line, and leaves nothing; a kill -9 leftover is cleared by the next build", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await manyPages(dir, 1500);
      for (const [signal, code] of [
        ["SIGINT", 130],
        ["SIGTERM", 143],
      ] as const) {
        const run = start(["build"], dir);
        let fresh: string | undefined;
        await until(() => fresh !== undefined || run.child.exitCode !== null, "the write stage", {
          poll: async () => {
            fresh = await freshOutput(dir);
          },
        });
        run.child.kill(signal);
        const ended = await run.ended;
        const { stderr } = run.output();
        expect(ended, stderr).toEqual({ code, signal: null });
        expect(stderr).toBe(`designpress: build stopped by ${signal}; dist/ was left as it was\n`);
        expect(await leftovers(dir)).toEqual([]);
        expect(existsSync(path.join(dir, "dist"))).toBe(false);
      }

      // The build itself killed, as named in its folder (the command itself: the cache is there, so not relaunched).
      const killed = start(["build"], dir);
      let fresh: string | undefined;
      await until(() => fresh !== undefined, "the write stage", {
        poll: async () => {
          fresh = await freshOutput(dir);
        },
      });
      expect(fresh).toBe(`.dist.designpress-new-${killed.child.pid}`);
      killed.child.kill("SIGKILL");
      expect(await killed.ended).toEqual({ code: null, signal: "SIGKILL" });
      expect(await leftovers(dir)).toEqual([fresh]);
      await mkdir(path.join(dir, "small"));
      await writeFile(path.join(dir, "small", "a.md"), "---\ntitle: A\n---\n\nText.\n");
      const next = await designpress(["build", "--content", "small"], dir);
      expect(next.code, next.stderr).toBe(0);
      expect(await leftovers(dir)).toEqual([]);
      expect(existsSync(path.join(dir, "dist", "a", "index.html"))).toBe(true);
    } finally {
      await cleanup();
    }
  });
});

describe("a build relaunched with a larger young generation", () => {
  it("builds cold in a child Node with --max-semi-space-size; Ctrl-C to the terminal's job stops it mid-transform, once, leaving nothing", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await manyPages(dir, 800);
      const cache = path.join(dir, ".designpress-cache", "build");
      const run = start(["build"], dir, { ownGroup: true });
      let entries = 0;
      await until(() => entries > 0 || run.child.exitCode !== null, "the first cached page", {
        poll: async () => {
          entries = (await readdir(cache).catch(() => [])).length;
        },
      });
      const builder = await builderOf(run.child.pid as number);
      const commandLine = await readFile(`/proc/${builder}/cmdline`, "utf8");
      expect(commandLine.split("\0")).toContain("--max-semi-space-size=128");
      // Both processes get the terminal's SIGINT; the build hears it once (a second would stop it at once, mid-cleanup).
      process.kill(-(run.child.pid as number), "SIGINT");
      const ended = await run.ended;
      const { stderr } = run.output();
      expect(ended, stderr).toEqual({ code: 130, signal: null });
      expect(stderr).toBe("designpress: build stopped by SIGINT; dist/ was left as it was\n");
      // Stopped where it was, in the transform: not after transforming every page.
      expect((await readdir(cache)).length).toBeLessThan(800);
      expect(await leftovers(dir)).toEqual([]);
      expect(existsSync(path.join(dir, "dist"))).toBe(false);
    } finally {
      await cleanup();
    }
  });

  it("stops the build, leaving nothing, when the command that relaunched it is killed", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await manyPages(dir, 1500);
      const run = start(["build"], dir);
      let fresh: string | undefined;
      await until(() => fresh !== undefined, "the write stage", {
        poll: async () => {
          fresh = await freshOutput(dir);
        },
      });
      const builder = await builderOf(run.child.pid as number);
      run.child.kill("SIGKILL");
      await run.ended;
      await until(() => !isRunning(builder), "the build's end", { timeoutMs: 30_000 });
      expect(await leftovers(dir)).toEqual([]);
      expect(existsSync(path.join(dir, "dist"))).toBe(false);
    } finally {
      await cleanup();
    }
  });
});

/**
 * Run the command in a private mount namespace (`unshare`, as root or as a user
 * with user namespaces), after `setup` (shell) mounted what the case needs.
 */
function designpressMounted(setup: string, args: string[], cwd: string) {
  const command = `${setup} && exec "$0" "$@"`;
  const unshare = ["--mount", "--map-root-user", "sh", "-c", command];
  return runToEnd("unshare", [...unshare, process.execPath, bin, ...args], cwd);
}

describe("environments the build cannot write to", () => {
  it("says which folder and what to do, exits 1, prints no stack trace and leaves nothing behind", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await manyPages(dir, 1);
      // No feed, so that the build's only message is the one each case is about.
      await appendFile(path.join(dir, "designpress.config.yaml"), "feed: false\n");
      await mkdir(path.join(dir, "site"));
      const first = await designpress(["build"], dir);
      expect(first.code, first.stderr).toBe(0);

      const cases: [string, string, string[], RegExp][] = [
        [
          "a read-only output parent",
          "mount --bind site site && mount -o remount,ro,bind site site",
          ["build", "--out", "site/dist"],
          /^designpress: Cannot write the site to `site\/dist` \(EROFS at `site\/\.dist\.designpress-new-\d+`\); it is on a read-only file system; choose another --out$/m,
        ],
        [
          "an output folder that is a mount point",
          "mount -t tmpfs tmpfs site",
          ["build", "--out", "site"],
          /^designpress: Refusing to replace `site`: it is a mount point \(or in use\), which the build cannot swap for the new site; build into a folder beside it \(--out\) and copy that, or mount the folder above it instead$/m,
        ],
        [
          "an output folder mounted on itself (busy)",
          "mount --bind dist dist",
          // Without the build cache, which would find the site as the last build left it.
          ["build", "--no-cache"],
          /^designpress: Refusing to replace `dist`: it is a mount point \(or in use\)/m,
        ],
        [
          "an output folder under /proc",
          "true",
          ["build", "--out", "/proc/designpress-x"],
          /^designpress: Cannot write the site to `\/proc\/designpress-x` \(ENOENT at `\/proc\/\.designpress-x\.designpress-new-\d+`\); choose an --out in a folder you can create files in$/m,
        ],
        [
          "an output folder inside the content folder",
          "true",
          ["build", "--out", "content/sub"],
          /^designpress: Refusing to write the site to `content\/sub`: it is inside the content folder `content`/m,
        ],
      ];
      for (const [name, setup, args, expected] of cases) {
        const result = await designpressMounted(setup, args, dir);
        expect(result.code, `${name}\n${result.stderr}`).toBe(1);
        expect(result.stderr, name).toMatch(expected);
        expect(result.stderr, name).not.toMatch(/^\s+at /m);
        expect(result.stderr, name).toMatch(
          /build failed; .* was left as it was \(1 error, 0 warnings\)$/m,
        );
        expect(await leftovers(dir), name).toEqual([]);
        expect(await leftovers(path.join(dir, "site")), name).toEqual([]);
      }
      expect(existsSync(path.join(dir, "dist", "page-0", "index.html"))).toBe(true);
    } finally {
      await cleanup();
    }
  });

  it("treats a malformed --base as a usage error (exit 2)", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      const result = await designpress(["build", "--base", "../../x"], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /expected --base to be a path such as `\/` or `\/repo-name\/`, found `\.\.\/\.\.\/x`/,
      );
    } finally {
      await cleanup();
    }
  });

  it("treats a port that is not a whole number from 0 to 65535 as a usage error (exit 2)", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      for (const port of ["abc", "65536", "8080.5"]) {
        const result = await designpress(["dev", "--port", port], dir);
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(
          `designpress dev: expected --port to be a whole number from 0 to 65535, found \`${port}\`\n`,
        );
      }
    } finally {
      await cleanup();
    }
  });
});

describe("the build summary", () => {
  it("counts the errors and warnings it printed, build-level warnings included", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await mkdir(path.join(dir, "content"));
      await writeFile(
        path.join(dir, "designpress.config.yaml"),
        // No feed: without `url` it would be one more warning of the build's own.
        "feed: false\ncheck:\n  rules:\n    nine-steps/failovr: off\n",
      );
      await writeFile(
        path.join(dir, "content", "a.md"),
        "---\ntitle: A\n---\n\n![missing](./missing.png)\n",
      );
      // A build killed between its renames left the previous site aside: restored, and said.
      const child = spawn(process.execPath, ["-e", ""]);
      await new Promise((resolve) => child.on("exit", resolve));
      await mkdir(path.join(dir, `.dist.designpress-old-${child.pid}`));

      const printed = (stderr: string) => ({
        errors: stderr.match(/^\s*\d+:\d+(-\d+:\d+)?\s+error\s/gm)?.length ?? 0,
        warnings:
          (stderr.match(/^\s*\d+:\d+(-\d+:\d+)?\s+warning\s/gm)?.length ?? 0) +
          (stderr.match(/^designpress: Restored /gm)?.length ?? 0),
      });
      const built = await designpress(["build"], dir);
      expect(built.code, built.stderr).toBe(0);
      const counts = printed(built.stderr);
      expect(counts.warnings).toBeGreaterThanOrEqual(3);
      expect(built.stdout).toMatch(
        new RegExp(
          `built 1 page into dist/ in [\\d.]+ s \\(${counts.errors} errors?, ${counts.warnings} warnings,`,
        ),
      );

      await writeFile(path.join(dir, "content", "b.md"), "---\ntitle: [\n---\n");
      const failed = await designpress(["build"], dir);
      expect(failed.code).toBe(1);
      const failedCounts = printed(failed.stderr);
      expect(failedCounts.errors).toBeGreaterThanOrEqual(1);
      expect(failed.stderr).toContain(
        `build failed; dist/ was left as it was (${failedCounts.errors} error${failedCounts.errors === 1 ? "" : "s"}, ${failedCounts.warnings} warning${failedCounts.warnings === 1 ? "" : "s"})`,
      );
    } finally {
      await cleanup();
    }
  });
});
