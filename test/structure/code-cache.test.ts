import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, cp, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import vm from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { codeCacheFolder } from "../../src/cli/bundle.js";
import { repoRoot, temporaryFolder } from "../helpers.js";

// The compiled command, as a hook runs it (`npm test` compiles before the tests):
// `designpress check` runs lib/cli/check.bundle.cjs with V8's code cache.
const run = promisify(execFile);
const bin = path.join(repoRoot, "bin", "designpress.js");
const fixtures = path.join(repoRoot, "test", "structure", "fixtures");

let project: string;
let tmp: string;
let cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  const projectFolder = await temporaryFolder("designpress-code-cache-project-");
  const tmpFolder = await temporaryFolder("designpress-code-cache-tmp-");
  cleanups = [projectFolder.cleanup, tmpFolder.cleanup];
  project = projectFolder.dir;
  tmp = tmpFolder.dir;
  await mkdir(path.join(project, "content"));
  // A diagram (mermaid's bundle is imported at run time) and figures that disagree with `capacity:`.
  await cp(path.join(fixtures, "complete.md"), path.join(project, "content", "complete.md"));
  await cp(
    path.join(fixtures, "stale-figure", "invalid.md"),
    path.join(project, "content", "stale.md"),
  );
});

afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** `designpress check` on both writeups, never reading the check's own cache (so mermaid loads). */
async function check(env: Record<string, string> = {}) {
  const args = [bin, "check", "--no-cache", "--format", "json", "content"];
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd: project,
      env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "", TMPDIR: tmp, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The cache's name: designpress's version, Node's, the architecture, the bundle's hash. */
async function cacheName(): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as {
    version: string;
  };
  const bundle = await readFile(path.join(repoRoot, "lib", "cli", "check.bundle.cjs"));
  const hash = createHash("sha256").update(bundle).digest("hex").slice(0, 16);
  return `check-${manifest.version}-node${process.versions.node}-${process.arch}-${hash}.v8cache`;
}

async function cacheFiles(): Promise<string[]> {
  const dir = path.join(tmp, codeCacheFolder);
  const names = await readdir(dir).catch(() => []);
  return names.map((name) => path.join(dir, name));
}

/** The one cache file, and its inode: a rewritten cache is a new file renamed into place. */
async function onlyCache(): Promise<{ file: string; inode: number }> {
  const files = await cacheFiles();
  expect(files).toHaveLength(1);
  const file = files[0] ?? "";
  return { file, inode: (await stat(file)).ino };
}

/** What the cache file holds: the SHA-256 of the code cache, then the code cache. */
function withChecksum(data: Buffer): Buffer {
  return Buffer.concat([createHash("sha256").update(data).digest(), data]);
}

describe("designpress check's code cache", () => {
  it("is written in the OS temp folder on the first run, then used, with the same output", async () => {
    const first = await check();
    expect(first.code).toBe(1);
    expect(first.stderr).toBe("");
    const rules = (JSON.parse(first.stdout) as { ruleId: string }[]).map((m) => m.ruleId);
    expect(rules).toContain("nine-steps/stale-figure");

    const { file, inode } = await onlyCache();
    expect(path.basename(file)).toBe(await cacheName());
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // Used, not written again (a rejected cache would be replaced by a new file).
    expect(await check()).toEqual(first);
    expect((await onlyCache()).inode).toBe(inode);
    // Nothing executable in the project: only the check's own cache folder, when it is on.
    expect((await readdir(project)).sort()).toEqual(["content"]);
  });

  it("ignores a damaged or foreign cache, with the same output, and writes it again", async () => {
    const expected = await check();
    const { file } = await onlyCache();
    const stored = await readFile(file);

    // Damaged: one byte of the code changed, the checksum no longer matches.
    const damaged = Buffer.from(stored);
    const middle = Math.floor(damaged.length / 2);
    damaged[middle] = (damaged[middle] ?? 0) ^ 0xff;
    await writeFile(file, damaged);
    expect(await check()).toEqual(expected);
    expect((await readFile(file)).equals(damaged)).toBe(false);

    // Truncated.
    await writeFile(file, stored.subarray(0, 40));
    expect(await check()).toEqual(expected);
    expect((await readFile(file)).length).toBeGreaterThan(40);

    // Foreign: a valid checksum over V8's cache of another script, which V8 rejects.
    const other = new vm.Script("(function () { return 42; })").createCachedData();
    await writeFile(file, withChecksum(other));
    expect(await check()).toEqual(expected);
    expect((await readFile(file)).equals(withChecksum(other))).toBe(false);

    // Not even V8's: bytes with a valid checksum.
    await writeFile(file, withChecksum(Buffer.from("not a code cache at all")));
    expect(await check()).toEqual(expected);
    expect((await readFile(file)).length).toBeGreaterThan(100);
  });

  it("is neither read nor written in the project, even when TMPDIR is there", async () => {
    const expected = await check({ NODE_DISABLE_COMPILE_CACHE: "1" });
    // A cache a pull request could have committed, under the cache's name.
    const inProject = path.join(project, "tmp");
    const planted = path.join(inProject, codeCacheFolder, await cacheName());
    await mkdir(path.dirname(planted), { recursive: true, mode: 0o700 });
    await writeFile(planted, withChecksum(Buffer.from("planted")));
    for (const tmpdir of [inProject, "tmp"]) {
      expect(await check({ TMPDIR: tmpdir })).toEqual(expected);
      expect(await readFile(planted)).toEqual(withChecksum(Buffer.from("planted")));
    }
  });

  it("is neither read nor written in a folder others may write, nor when turned off", async () => {
    const expected = await check({ NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(await cacheFiles()).toEqual([]);

    const dir = path.join(tmp, codeCacheFolder);
    await mkdir(dir);
    await chmod(dir, 0o777);
    expect(await check()).toEqual(expected);
    expect(await cacheFiles()).toEqual([]);
    // A file planted there under the cache's name is not read (it would be replaced).
    const planted = path.join(dir, await cacheName());
    await writeFile(planted, withChecksum(Buffer.from("planted")));
    expect(await check()).toEqual(expected);
    expect(await readFile(planted)).toEqual(withChecksum(Buffer.from("planted")));
  });
});
