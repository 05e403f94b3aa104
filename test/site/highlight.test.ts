import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import rehypeShikiFromHighlighter from "@shikijs/rehype/core";
import type { Root } from "hast";
import { toHtml as hastToHtml } from "hast-util-to-html";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { describe, expect, it, vi } from "vitest";
import rehypeHighlight, {
  highlightOptions,
  languages,
  loadHighlighter,
  maxHighlightedLineLength,
} from "../../src/highlight/index.js";
import { corpusDir, repoRoot } from "../helpers.js";

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

  it("highlights as @shikijs/rehype does given the whole page, on every corpus file and the README", async () => {
    const highlighter = await loadHighlighter();
    const whole = rehypeShikiFromHighlighter(
      highlighter as Parameters<typeof rehypeShikiFromHighlighter>[0],
      highlightOptions,
    );
    const toHast = unified().use(remarkParse).use(remarkGfm).use(remarkRehype);
    const files = [path.join(repoRoot, "README.md")];
    for (const folder of ["markdown", "design-docs"]) {
      const dir = path.join(corpusDir, folder);
      for (const name of await readdir(dir))
        if (name.endsWith(".md")) files.push(path.join(dir, name));
    }
    // Blocks at the top, in a quote, in a list, side by side, with and without a language.
    const nested =
      '```ts\nconst a = 1;\n```\n\n> ```sql\n> SELECT 1;\n> ```\n\n- item\n\n  ```json\n  {"a": 1}\n  ```\n\n  ```\n  plain\n  ```\n\n```mermaid\nflowchart LR\n  A --> B\n```\n';
    let blocks = 0;
    for (const markdown of [
      nested,
      ...(await Promise.all(files.map((file) => readFile(file, "utf8")))),
    ]) {
      const tree = (await toHast.run(toHast.parse(markdown))) as Root;
      const theirs = structuredClone(tree);
      const ours = structuredClone(tree);
      await whole(theirs, undefined as never, () => {});
      await unified().use(rehypeHighlight).run(ours);
      const html = hastToHtml(ours);
      expect(html).toBe(hastToHtml(theirs));
      blocks += html.match(/<pre class="shiki/g)?.length ?? 0;
    }
    expect(blocks).toBeGreaterThan(100);
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

  it("highlights the same on a busy machine: no time limit per line", async () => {
    const markdown = [
      "```typescript",
      'export async function shorten(url: string): Promise<string> { const id = await counter.next(); return encode(id, "base62"); }',
      "```",
      "",
      "```sql",
      "SELECT long_url, created_at FROM links WHERE code = $1 AND (expires_at IS NULL OR expires_at > now());",
      "```",
      "",
    ].join("\n");
    const quiet = await toHtml(markdown);
    // A tokenizer that seems slow: every look at the clock finds a second gone.
    let now = Date.now();
    const clock = vi.spyOn(Date, "now").mockImplementation(() => {
      now += 1000;
      return now;
    });
    try {
      expect(await toHtml(markdown)).toBe(quiet);
    } finally {
      clock.mockRestore();
    }
  });

  it("leaves a line of 1,000 characters or more plain, and highlights the lines around it", async () => {
    const long = `const data = [${"1, ".repeat(maxHighlightedLineLength / 3)}];`;
    const html = await toHtml(`\`\`\`javascript\nconst a = 1;\n${long}\nconst b = 2;\n\`\`\`\n`);
    const lines = html.split('<span class="line">').slice(1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /<span style="--shiki-light:#D73A49;--shiki-dark:#F97583">const<\/span>/,
    );
    expect(lines[1]).toMatch(/^<span>const data = \[1, 1, [^<]*\];<\/span><\/span>\n$/);
    expect(lines[2]).toMatch(
      /<span style="--shiki-light:#D73A49;--shiki-dark:#F97583">const<\/span>/,
    );
  });
});
