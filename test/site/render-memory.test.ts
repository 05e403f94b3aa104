import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRenderMemory } from "../../src/build/cache/render-memory.js";
import { build } from "../../src/build/index.js";
import { hashTree, projectOf, repoRoot, writeup } from "../helpers.js";

const steps = (topic: string, more = "") =>
  `## 1. Gather Requirements\n\nUsers ${topic}.\n\n## 2. Discuss System Constraints\n\nNone.${more}\n`;

describe("dev's rendered pages, remembered between builds", () => {
  let project: Awaited<ReturnType<typeof projectOf>>;
  const memory = createRenderMemory();
  let round = 0;

  beforeAll(async () => {
    project = await projectOf({
      "designpress.config.yaml": "title: Remembered\ncards: false\nsearch: false\ntheme: mine\n",
      "content/a.md": writeup(
        "Alpha",
        steps("shorten links", " See [the feed](./b.md#1-gather-requirements)."),
        "date: 2026-03-01\n",
      ),
      "content/b.md": writeup("Beta", steps("read a feed"), "date: 2026-02-01\n"),
      "content/c.md": writeup("Gamma", steps("chat"), "date: 2026-01-01\n"),
      "content/d.md": writeup("Delta", steps("limit rates"), "date: 2025-12-01\n"),
    });
    await mkdir(path.join(project.root, "themes", "mine"), { recursive: true });
  });
  afterAll(() => project?.cleanup());

  /** A dev-like build with the memory, checked against a cold one without: the pages newly rendered. */
  async function rebuild(): Promise<number> {
    const before = new Set(memory.pages.keys());
    const outDir = path.join(project.root, `dev-${round++}`);
    const result = await build({
      root: project.root,
      outDir,
      cacheDir: false,
      renderMemory: memory,
    });
    expect(result.ok, result.error?.message).toBe(true);
    const cold = path.join(project.root, `cold-${round}`);
    const coldResult = await build({ root: project.root, outDir: cold, cacheDir: false });
    expect(coldResult.ok, coldResult.error?.message).toBe(true);
    expect(await hashTree(outDir)).toEqual(await hashTree(cold));
    return [...memory.pages.keys()].filter((key) => !before.has(key)).length;
  }

  async function change(name: string, edit: (text: string) => string): Promise<void> {
    const file = path.join(project.root, name);
    await writeFile(file, edit(await readFile(file, "utf8")));
  }

  it("renders each page once, then only what an edit changed, as a cold build would", async () => {
    expect(await rebuild()).toBe(4);
    const sitePages = memory.sitePages;
    expect(sitePages?.pages.has("index.html")).toBe(true);
    expect(await rebuild()).toBe(0);
    // A text edit: that page alone; the site's own pages are the last build's.
    await change("content/c.md", (text) => text.replace("Users chat.", "Users chat in groups."));
    expect(await rebuild()).toBe(1);
    expect(memory.sitePages?.key).toBe(sitePages?.key);
    // A title: the page, and its neighbours, whose previous and next links name it; the
    // site's own pages, which list it, are rendered again.
    await change("content/c.md", (text) => text.replace("title: Gamma", "title: Gamma chat"));
    expect(await rebuild()).toBe(3);
    expect(memory.sitePages?.key).not.toBe(sitePages?.key);
    // A heading another page links to: the page, and the one whose link now points elsewhere.
    await change("content/b.md", (text) =>
      text.replace("## 1. Gather Requirements", "## 1. Gather the Requirements"),
    );
    await change("content/a.md", (text) =>
      text.replace("./b.md#1-gather-requirements", "./b.md#1-gather-the-requirements"),
    );
    expect(await rebuild()).toBe(2);
  });

  it("renders every page again when the config or the theme changes", async () => {
    await change("designpress.config.yaml", (text) => text.replace("Remembered", "Remembered too"));
    expect(await rebuild()).toBe(4);
    const meta = await readFile(path.join(repoRoot, "themes/default/components/meta.html"), "utf8");
    await mkdir(path.join(project.root, "themes/mine/components"), { recursive: true });
    await writeFile(
      path.join(project.root, "themes/mine/components/meta.html"),
      `<p class="mine">Mine</p>\n${meta}`,
    );
    expect(await rebuild()).toBe(4);
    await rm(path.join(project.root, "themes/mine/components/meta.html"));
    // The theme as it was two builds ago: still remembered.
    expect(await rebuild()).toBe(0);
  });

  it("forgets the pages neither of the last two builds rendered", () => {
    // The last build used the four pages of the theme it went back to; the one
    // before, the four of the edited theme.
    expect(memory.pages.size).toBe(8);
  });
});
