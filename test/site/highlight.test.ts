import type { Root } from "hast";
import rehypeStringify from "rehype-stringify";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import rehypeHighlight, { languages, loadHighlighter } from "../../src/highlight/index.js";

const toHtml = async (markdown: string) =>
  String(
    await unified()
      .use(remarkParse)
      .use(remarkRehype)
      .use(rehypeHighlight)
      .use(rehypeStringify)
      .process(markdown),
  );

describe("rehypeHighlight (shiki at build time)", () => {
  it("colours a known language with light and dark CSS variables and no fixed colour", async () => {
    const html = await toHtml("```python\ndef shorten(url):\n    return encode(next_id())\n```\n");
    expect(html).toContain('<pre class="shiki shiki-themes github-light github-dark"');
    expect(html).toContain('<code class="language-python">');
    expect(html).toMatch(/<span style="--shiki-light:#D73A49;--shiki-dark:#F97583">def<\/span>/);
    expect(html).not.toMatch(/style="color:/);
  });

  it("leaves ```mermaid for the diagram stage, untouched", async () => {
    const html = await toHtml("```mermaid\nflowchart LR\n  A --> B\n```\n");
    expect(html).toBe('<pre><code class="language-mermaid">flowchart LR\n  A --> B\n</code></pre>');
  });

  it("leaves a fence in an unknown language, or in none, as plain code", async () => {
    expect(await toHtml("```cobol\nDISPLAY 'HI'.\n```\n")).toBe(
      "<pre><code class=\"language-cobol\">DISPLAY 'HI'.\n</code></pre>",
    );
    expect(await toHtml("```\nno language\n```\n")).toBe("<pre><code>no language\n</code></pre>");
  });

  it("loads a fixed set of bundled grammars once, without mermaid", async () => {
    const first = await loadHighlighter();
    expect(await loadHighlighter()).toBe(first);
    const loaded = first.getLoadedLanguages();
    for (const name of Object.keys(languages)) expect(loaded).toContain(name);
    expect(loaded).not.toContain("mermaid");
  });

  it("gives the same markup every time", async () => {
    const markdown =
      '```sql\nSELECT long_url FROM links WHERE code = $1;\n```\n\n```json\n{"a": [1, true]}\n```\n';
    const runs = await Promise.all([toHtml(markdown), toHtml(markdown), toHtml(markdown)]);
    expect(new Set(runs).size).toBe(1);
  });

  it("works inside any processor as an async transformer", async () => {
    const tree: Root = {
      type: "root",
      children: [
        {
          type: "element",
          tagName: "pre",
          properties: {},
          children: [
            {
              type: "element",
              tagName: "code",
              properties: { className: ["language-go"] },
              children: [{ type: "text", value: "package main\n" }],
            },
          ],
        },
      ],
    };
    const result = await unified().use(rehypeHighlight).run(tree);
    expect(JSON.stringify(result)).toContain("--shiki-dark");
  });
});
