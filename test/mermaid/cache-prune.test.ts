// The diagram cache keeps what builds use: a build removes the renderings it did not ask for once they are a day old.
import { mkdir, readdir, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { reporter } from "vfile-reporter";
import { afterAll, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { defaultCacheDir, pruneDiagramCache } from "../../src/mermaid/cache.js";
import { temporaryFolder } from "../helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

const twoDaysAgo = () => new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);

async function folder(prefix: string): Promise<string> {
  const { dir, cleanup } = await temporaryFolder(prefix);
  cleanups.push(cleanup);
  return dir;
}

/** Every file under the cache folder, as `<folder>/<name>`. */
async function cached(dir: string): Promise<string[]> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  return files
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

it("removes the renderings a build did not use once they are a day old, and nothing else", async () => {
  const root = await folder("designpress-mermaid-prune-");
  const dir = path.join(root, defaultCacheDir);
  const key = (digit: string) => digit.repeat(64);
  const files = {
    used: `aa/${key("a")}.json`,
    unused: `bb/${key("b")}.json`,
    recent: `cc/${key("c")}.json`,
    leftover: `bb/${key("b")}.json.4242.1.tmp`,
    foreign: "bb/notes.txt",
    otherFolder: `keep/${key("d")}.json`,
  };
  for (const [name, file] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), "{}");
    if (name !== "recent") await utimes(path.join(dir, file), twoDaysAgo(), twoDaysAgo());
  }
  await pruneDiagramCache(root, dir, [key("a")]);
  expect(await cached(dir)).toEqual(
    [files.used, files.recent, files.foreign, files.otherFolder].sort(),
  );
});

it("leaves a cache folder that leads out of the project alone", async () => {
  const root = await folder("designpress-mermaid-prune-");
  const outside = await folder("designpress-mermaid-outside-");
  const old = path.join(outside, "bb", `${"b".repeat(64)}.json`);
  await mkdir(path.dirname(old));
  await writeFile(old, "{}");
  await utimes(old, twoDaysAgo(), twoDaysAgo());
  await mkdir(path.join(root, ".designpress-cache"));
  await symlink(outside, path.join(root, defaultCacheDir));
  await pruneDiagramCache(root, path.join(root, defaultCacheDir), []);
  expect(await cached(outside)).toEqual([path.relative(outside, old)]);
});

it("a build keeps the rendering of each diagram it shows and lets an edited diagram's older one go", async () => {
  const root = await folder("designpress-mermaid-prune-build-");
  const page = path.join(root, "content", "a.md");
  const diagram = (label: string) =>
    `# A\n\n\`\`\`mermaid\nflowchart LR\n  A --> ${label}\n\`\`\`\n`;
  await mkdir(path.dirname(page));
  const dir = path.join(root, defaultCacheDir);
  const built = async () => {
    const result = await build({ root, requireBrowser: true, cacheDir: false });
    expect(result.ok, reporter(result.files)).toBe(true);
    return result;
  };
  await writeFile(page, diagram("B"));
  await built();
  const first = await cached(dir);
  expect(first).toHaveLength(1);
  await writeFile(page, diagram("C"));
  await built();
  const both = await cached(dir);
  expect(both).toHaveLength(2);
  for (const file of both) await utimes(path.join(dir, file), twoDaysAgo(), twoDaysAgo());
  const result = await built();
  expect(result.diagrams).toMatchObject({ rendered: 0, cached: 1 });
  expect(await cached(dir)).toEqual(both.filter((file) => !first.includes(file)));
});
