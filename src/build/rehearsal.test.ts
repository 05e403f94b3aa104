import { utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanUpAfterTest, hashTree, projectOf, writeup } from "../../test/helpers.js";
import { loadConfig } from "../config/index.js";
import { readWriteupSource } from "../writeup/read.js";
import type { ReadPage } from "./context.js";
import { build, createBuildCache } from "./index.js";
import { rehearsedPages, rehearseTransform } from "./rehearsal.js";

/** Six writeups with code in a few languages, each modified a minute after the one before. */
async function project() {
  const names = ["a", "b", "c", "d", "e", "f"];
  const { root, cleanup } = await projectOf(
    Object.fromEntries(
      names.map((name, index) => [
        `content/${name}.md`,
        writeup(
          `Design ${name}`,
          `## Requirements\n\nText of ${name}.\n\n\`\`\`${["ts", "sql", "yaml"][index % 3]}\nselect ${index}\n\`\`\`\n`,
        ),
      ]),
    ),
  );
  cleanUpAfterTest(cleanup);
  const minute = 60_000;
  const start = Date.now() - names.length * minute;
  for (const [index, name] of names.entries()) {
    const time = new Date(start + index * minute);
    await utimes(path.join(root, "content", `${name}.md`), time, time);
  }
  return { root, contentDir: path.join(root, "content") };
}

describe("rehearseTransform", () => {
  it("transforms the writeups changed last, newest first, and leaves their files and the project as they were", async () => {
    const { root, contentDir } = await project();
    const pages: ReadPage[] = await Promise.all(
      ["a", "b", "c", "d", "e", "f"].map(async (name) => {
        const relative = `content/${name}.md`;
        return {
          file: await readWriteupSource(path.join(root, relative), root),
          relative,
          key: name,
        };
      }),
    );
    const before = pages.map(({ file }) => ({ data: { ...file.data }, value: file.value }));
    const files = await hashTree(root);

    const rehearsed = await rehearseTransform(pages, await loadConfig(root), contentDir);

    expect(rehearsedPages).toBe(4);
    expect(rehearsed).toEqual(["content/f.md", "content/e.md", "content/d.md", "content/c.md"]);
    expect(pages.map(({ file }) => ({ data: { ...file.data }, value: file.value }))).toEqual(
      before,
    );
    expect(pages.every(({ file }) => file.messages.length === 0)).toBe(true);
    expect(await hashTree(root)).toEqual(files);
  });

  it("skips a writeup that could not be read, and a page whose file is gone", async () => {
    const { root, contentDir } = await project();
    const config = await loadConfig(root);
    const unread = await readWriteupSource(path.join(root, "content/missing.md"), root);
    expect(unread.data.source).toBeUndefined();
    const pages: ReadPage[] = [
      { file: unread, relative: "content/missing.md", key: "missing" },
      {
        file: await readWriteupSource(path.join(root, "content/a.md"), root),
        relative: "content/a.md",
        key: "a",
      },
    ];
    expect(await rehearseTransform(pages, config, contentDir)).toEqual(["content/a.md"]);
    expect(await rehearseTransform([], config, contentDir)).toEqual([]);
  });
});

describe("a build with a cache in memory (dev)", () => {
  it("leaves a rehearsal when it transformed no page, which writes nothing", async () => {
    const { root } = await project();
    // The user's earlier build: the build cache on disk holds every page.
    expect((await build({ root })).ok).toBe(true);
    const memory = createBuildCache();
    const first = await build({ root, cache: memory });
    expect(first.cache?.transformed).toEqual([]);
    const files = await hashTree(root);
    expect(await memory.rehearse?.()).toEqual([
      "content/f.md",
      "content/e.md",
      "content/d.md",
      "content/c.md",
    ]);
    expect(await hashTree(root)).toEqual(files);
  });

  it("leaves none after transforming a page: the processor has run", async () => {
    const { root } = await project();
    const memory = createBuildCache();
    const first = await build({ root, cache: memory, cacheDir: false });
    expect(first.cache?.transformed).toHaveLength(6);
    expect(memory.rehearse).toBeUndefined();
    const unchanged = await build({ root, cache: memory, cacheDir: false });
    expect(unchanged.cache?.transformed).toEqual([]);
    expect(memory.rehearse).toBeDefined();
    await writeFile(path.join(root, "content", "a.md"), writeup("Design a", "Edited.\n"));
    const edited = await build({ root, cache: memory, cacheDir: false });
    expect(edited.cache?.transformed).toEqual(["content/a.md"]);
    expect(memory.rehearse).toBeUndefined();
  });
});
