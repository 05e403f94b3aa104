import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Root } from "hast";
import { toHtml } from "hast-util-to-html";
import rehypeSlug from "rehype-slug";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { temporaryFolder } from "../../test/helpers.js";
import rehypeResolveLinks, { type SiteLinks } from "./index.js";
import { collectIds } from "./page-ids.js";

async function resolve(markdown: string, site: Omit<SiteLinks, "contentDir">, contentDir: string) {
  const file = new VFile({
    path: "content/notes/page.md",
    cwd: path.dirname(contentDir),
    value: markdown,
  });
  const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeSlug);
  const tree = (await processor.run(processor.parse(file), file)) as Root;
  // The page's own ids, as the build's links stage collects them.
  file.data.ids = collectIds(tree);
  unified()
    .use(rehypeResolveLinks, { ...site, contentDir })
    .runSync(tree, file);
  return {
    html: toHtml(tree),
    messages: file.messages.map(
      (message) =>
        `${message.line}:${message.column} ${message.fatal ? "error" : "warning"} ${message.ruleId}`,
    ),
    file,
  };
}

describe("resolving links across the site", () => {
  it("turns links to writeups into page URLs, copies assets, prefixes the base", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      const content = path.join(dir, "content");
      await mkdir(path.join(content, "notes"), { recursive: true });
      await writeFile(path.join(content, "notes", "diagram.png"), "png");
      const pages = new Map([
        [
          path.join(content, "feed.md"),
          { slug: "feed", ids: new Set(["8-discuss-scaling"]), headings: ["8-discuss-scaling"] },
        ],
      ]);
      const { html, messages, file } = await resolve(
        "# Own\n\n[feed](../feed.md#8-discuss-scaling) [top](#own) [abs](/tags/x/) [web](https://example.com/a.md) ![d](./diagram.png)\n",
        { base: "/designs/", pages },
        content,
      );
      expect(messages).toEqual([]);
      expect(html).toContain('href="/designs/feed/#8-discuss-scaling"');
      expect(html).toContain('href="#own"');
      expect(html).toContain('href="/designs/tags/x/"');
      expect(html).toContain('href="https://example.com/a.md"');
      expect(html).toContain('src="/designs/notes/diagram.png"');
      expect(file.data.assets).toEqual([path.join(content, "notes", "diagram.png")]);
    } finally {
      await cleanup();
    }
  });

  it("fails on a missing page or heading, and warns on a missing file, each at its line", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      const content = path.join(dir, "content");
      const pages = new Map([
        [
          path.join(content, "feed.md"),
          { slug: "feed", ids: new Set(["scaling"]), headings: ["scaling"] },
        ],
      ]);
      const { messages, file } = await resolve(
        "# Own\n\n[gone](../gone.md)\n\n[bad heading](../feed.md#nope)\n\n[bad own](#nowhere)\n\n![img](./missing.png)\n",
        { base: "/", pages },
        content,
      );
      expect(messages).toEqual([
        "3:1 error links/missing-page",
        "5:1 error links/missing-fragment",
        "7:1 error links/missing-fragment",
        "9:1 warning links/unresolved",
      ]);
      expect(file.messages[0]?.reason).toMatch(
        /^Cannot find the writeup `\.\.\/gone\.md` this link points at \(looked for `content\/gone\.md`\); fix the path/,
      );
      expect(file.messages[1]?.reason).toMatch(
        /`#nope` on the page of `\.\.\/feed\.md`; link to one of its headings \(for example `#scaling`\)/,
      );
    } finally {
      await cleanup();
    }
  });
});
