import {
  appendFile,
  link,
  lstat,
  readdir,
  rename,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build } from "../src/build/index.js";
import { hashTree, projectOf, temporaryFolder, writeup } from "./helpers.js";

// A rebuild links each file whose bytes are as the output it replaces holds
// them, instead of writing it again (src/build/output.ts, diskFolder).

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function site() {
  const project = await projectOf({
    "designpress.config.yaml": "title: Links\ncards: false\n",
    "content/alpha.md": writeup("Alpha", "Alpha's text.\n"),
    "content/beta.md": writeup("Beta", "Beta's text.\n"),
    "content/gamma.md": writeup("Gamma", "Gamma's text.\n"),
  });
  cleanups.push(project.cleanup);
  const outDir = path.join(project.root, "dist");
  const built = async () => {
    const result = await build({ root: project.root });
    expect(result.error?.message).toBeUndefined();
    expect(result.ok).toBe(true);
  };
  /** The site a cold build makes of the same sources, to compare with. */
  const cold = async () => {
    const coldDir = path.join(project.root, "cold");
    const result = await build({ root: project.root, outDir: coldDir, cacheDir: false });
    expect(result.ok).toBe(true);
    return hashTree(coldDir);
  };
  return { root: project.root, outDir, built, cold };
}

/** Each file of `dir` by its inode, and every file's count of links. */
async function inodes(dir: string): Promise<{ ino: Map<string, number>; nlinks: Set<number> }> {
  const ino = new Map<string, number>();
  const nlinks = new Set<number>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const info = await lstat(file);
    ino.set(path.relative(dir, file), info.ino);
    nlinks.add(info.nlink);
  }
  return { ino, nlinks };
}

describe("a rebuild's unchanged files", () => {
  it("are the previous build's files, linked, and the changed ones are written; every file ends with one link", async () => {
    const { root, outDir, built, cold } = await site();
    await built();
    const before = await hashTree(outDir);
    const { ino: first } = await inodes(outDir);
    await appendFile(path.join(root, "content", "beta.md"), "\nAn edit.\n");
    await built();

    const after = await hashTree(outDir);
    expect(after).toEqual(await cold());
    const { ino: second, nlinks } = await inodes(outDir);
    expect([...nlinks]).toEqual([1]);
    // The folder's marker is written by the swap itself, not by an emitter.
    const unchanged = Object.keys(after).filter(
      (file) => after[file] === before[file] && file !== ".designpress",
    );
    const changed = Object.keys(after).filter((file) => after[file] !== before[file]);
    expect(changed).toContain("beta/index.html");
    expect(unchanged).toEqual(expect.arrayContaining(["alpha/index.html", "pagefind/pagefind.js"]));
    for (const file of unchanged) expect([file, second.get(file)]).toEqual([file, first.get(file)]);
    for (const file of changed) expect(second.get(file)).not.toBe(first.get(file));
  });

  it("are written, not linked, where the previous file differs, is a symlink, or is linked elsewhere", async () => {
    const { root, outDir, built, cold } = await site();
    await built();
    const outside = await temporaryFolder("designpress-links-outside-");
    cleanups.push(outside.cleanup);
    // Same size, other bytes.
    const style = (await readdir(path.join(outDir, "assets"))).find((name) =>
      name.endsWith(".css"),
    );
    const styleFile = path.join(outDir, "assets", style ?? "");
    await writeFile(styleFile, "x".repeat((await stat(styleFile)).size));
    // A symlink to the same bytes, out of the project.
    const moved = path.join(outside.dir, "404.html");
    await rename(path.join(outDir, "404.html"), moved);
    await symlink(moved, path.join(outDir, "404.html"));
    // A file with a second link, out of the output folder.
    const shared = path.join(outside.dir, "pagefind.js");
    await link(path.join(outDir, "pagefind", "pagefind.js"), shared);
    await appendFile(path.join(root, "content", "beta.md"), "\nAn edit.\n");
    await built();

    expect(await hashTree(outDir)).toEqual(await cold());
    const notFound = await lstat(path.join(outDir, "404.html"));
    expect(notFound.isFile()).toBe(true);
    expect(notFound.nlink).toBe(1);
    expect((await lstat(moved)).nlink).toBe(1);
    expect((await lstat(path.join(outDir, "pagefind", "pagefind.js"))).nlink).toBe(1);
    expect((await lstat(shared)).nlink).toBe(1);
  });

  it("are neither read nor linked through a folder of the previous output that leads out of it", async () => {
    const { root, outDir, built, cold } = await site();
    await built();
    const outside = await temporaryFolder("designpress-links-outside-");
    cleanups.push(outside.cleanup);
    // The page's folder moved out, the same bytes inside, and a symlink left in its place.
    const moved = path.join(outside.dir, "alpha");
    await rename(path.join(outDir, "alpha"), moved);
    await symlink(moved, path.join(outDir, "alpha"));
    await appendFile(path.join(root, "content", "beta.md"), "\nAn edit.\n");
    const result = await build({ root });
    expect(result.ok).toBe(true);

    expect(await hashTree(outDir)).toEqual(await cold());
    expect((await lstat(path.join(outDir, "alpha"))).isDirectory()).toBe(true);
    // Not carried over from there (alpha's page is rendered again), nor linked to.
    expect(result.cache?.carried?.pages).toBe(1);
    expect((await lstat(path.join(outDir, "alpha", "index.html"))).nlink).toBe(1);
    expect((await lstat(path.join(moved, "index.html"))).nlink).toBe(1);
  });
});
