import { readFile } from "node:fs/promises";
import path from "node:path";
import GithubSlugger from "github-slugger";
import type { Root } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

// The README is read on GitHub and npm, which give each heading the id
// github-slugger makes of its text (numbered when two headings read the same).
describe("the README's links to its own sections", () => {
  it("each `](#anchor)` names a heading", async () => {
    const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
    const tree = unified().use(remarkParse).use(remarkGfm).parse(readme) as Root;
    const slugger = new GithubSlugger();
    const headings = new Set<string>();
    const anchors: string[] = [];
    visit(tree, (node) => {
      if (node.type === "heading") headings.add(slugger.slug(mdastToString(node)));
      if ((node.type === "link" || node.type === "definition") && node.url.startsWith("#")) {
        anchors.push(`line ${node.position?.start.line}: ${node.url}`);
      }
    });
    expect(anchors.length).toBeGreaterThan(50);
    const broken = anchors.filter(
      (anchor) => !headings.has(decodeURIComponent(anchor.split(": #")[1] ?? "")),
    );
    expect(broken).toEqual([]);
  });
});
