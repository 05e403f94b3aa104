import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import rehypeSlug from "rehype-slug";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import rehypeHeadingIds from "../src/markup/heading-ids.js";
import { corpusDir, repoRoot } from "./helpers.js";

const toHast = unified().use(remarkParse).use(remarkGfm).use(remarkRehype);

/** The tree of `markdown` with ids given by rehype-slug, and by designpress's own walk. */
async function bothWays(markdown: string): Promise<[string, string]> {
  const tree = (await toHast.run(toHast.parse(markdown))) as Root;
  const theirs = structuredClone(tree);
  const ours = structuredClone(tree);
  await unified().use(rehypeSlug).run(theirs);
  await unified().use(rehypeHeadingIds).run(ours);
  return [toHtml(ours), toHtml(theirs)];
}

describe("heading ids", () => {
  it("are rehype-slug's on every Markdown file of the corpus and on the README", async () => {
    const files: string[] = [path.join(repoRoot, "README.md")];
    for (const folder of ["markdown", "design-docs"]) {
      const dir = path.join(corpusDir, folder);
      for (const name of await readdir(dir))
        if (name.endsWith(".md")) files.push(path.join(dir, name));
    }
    expect(files.length).toBeGreaterThan(40);
    let headings = 0;
    for (const file of files) {
      const [ours, theirs] = await bothWays(await readFile(file, "utf8"));
      expect(ours, file).toBe(theirs);
      headings += ours.match(/<h[1-6] id="/g)?.length ?? 0;
    }
    // Enough headings that the numbering of repeats and the slugs' edge cases are met.
    expect(headings).toBeGreaterThan(1000);
  });

  it("number repeats, slug nested headings in document order, and keep an id a heading has", async () => {
    const [ours, theirs] = await bothWays(
      "# Title\n\n## Scale\n\n> ## Scale\n\n- ## Scale *again*\n\n## Scale-1\n\n### Ünïcode & `code`!\n",
    );
    expect(ours).toBe(theirs);
    expect(ours.match(/id="[^"]+"/g)).toEqual([
      'id="title"',
      'id="scale"',
      'id="scale-1"',
      'id="scale-again"',
      'id="scale-1-1"',
      'id="ünïcode--code"',
    ]);
    const tree: Root = {
      type: "root",
      children: [h("h2", { id: "kept" }, "Scale"), h("h2", "Scale")],
    };
    await unified().use(rehypeHeadingIds).run(tree);
    expect(toHtml(tree)).toBe('<h2 id="kept">Scale</h2><h2 id="scale">Scale</h2>');
  });

  it("start each page afresh", async () => {
    const processor = unified().use(rehypeHeadingIds);
    for (let page = 0; page < 2; page++) {
      const tree: Root = { type: "root", children: [h("h2", "Scale")] };
      await processor.run(tree);
      expect(toHtml(tree)).toBe('<h2 id="scale">Scale</h2>');
    }
  });
});
