import type { Root } from "hast";
import { toHtml } from "hast-util-to-html";
import rehypeSlug from "rehype-slug";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import rehypeToc, { renderToc } from "./index.js";

async function toc(markdown: string) {
  const file = new VFile(markdown);
  const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeSlug).use(rehypeToc);
  await processor.run(processor.parse(file) as never, file);
  return file;
}

describe("table of contents", () => {
  it("lists levels 2 and 3 with GitHub-compatible ids, nested", async () => {
    const file = await toc(
      "# Title\n\n## 1. Gather Requirements\n\n### Use cases\n\n#### Deep\n\n## 8. Discuss Scaling\n\n## Scaling\n",
    );
    expect(file.data.toc).toEqual([
      { depth: 2, id: "1-gather-requirements", text: "1. Gather Requirements" },
      { depth: 3, id: "use-cases", text: "Use cases" },
      { depth: 2, id: "8-discuss-scaling", text: "8. Discuss Scaling" },
      { depth: 2, id: "scaling", text: "Scaling" },
    ]);
    const nav = renderToc(file.data.toc ?? []);
    expect(nav && toHtml(nav as unknown as Root)).toBe(
      '<nav class="toc" aria-label="On this page"><h2 class="toc-title">On this page</h2><ol><li><a href="#1-gather-requirements">1. Gather Requirements</a><ol><li><a href="#use-cases">Use cases</a></li></ol></li><li><a href="#8-discuss-scaling">8. Discuss Scaling</a></li><li><a href="#scaling">Scaling</a></li></ol></nav>',
    );
  });

  it("gives unique ids to repeated headings, and no list to a page without headings", async () => {
    const file = await toc("## Notes\n\n## Notes\n");
    expect(file.data.toc?.map((entry) => entry.id)).toEqual(["notes", "notes-1"]);
    expect(renderToc([])).toBeUndefined();
  });
});
