import path from "node:path";
import type { Element, ElementContent, Root } from "hast";
import { fromHtml } from "hast-util-from-html";
import { select } from "hast-util-select";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import rehypeSlug from "rehype-slug";
import rehypeStringify from "rehype-stringify";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import type { SiteConfig } from "../../src/config/index.js";
import { injectReloadScript, reloadScript } from "../../src/dev/reload.js";
import { resolveSitePath } from "../../src/dev/static.js";
import rehypeHeadingAnchors, { addHeadingAnchors } from "../../src/markup/heading-anchors.js";
import { bundledThemesDir, loadTheme } from "../../src/theme/load.js";
import type { PageModel, SiteModel } from "../../src/theme/model.js";
import { renderIndex, renderPage } from "../../src/theme/render.js";
import { tagsOf } from "../../src/theme/tags.js";
import rehypeToc from "../../src/toc/index.js";

const fragment = (html: string): Root => fromHtml(html, { fragment: true });

const config: SiteConfig = {
  title: "Portfolio",
  author: "Ada",
  bio: "Designs.",
  base: "/designs/",
  url: "https://ada.github.io",
  theme: "default",
  search: true,
  cards: true,
  check: { rules: {}, headings: {} },
  mermaid: { cacheDir: ".designpress-cache/mermaid" },
  tagIndex: true,
  prevNext: true,
  lastUpdated: true,
  copyButtons: true,
  feed: true,
  compare: true,
};

function page(): PageModel {
  return {
    slug: "url-shortener",
    title: "URL shortener",
    meta: { summary: "Short links.", tags: ["read-heavy"], date: "2026-01-12" },
    content: fragment('<h2 id="1-gather-requirements">1. Gather Requirements</h2><p>Text.</p>'),
    toc: [{ depth: 2, id: "1-gather-requirements", text: "1. Gather Requirements" }],
    figures: [{ label: "Reads (peak)", value: "23.1K /s", derivation: "7.72K /s × 3" }],
    steps: [
      {
        number: 1,
        title: "Gather Requirements",
        present: true,
        anchor: "1-gather-requirements",
      },
      { number: 2, title: "Discuss System Constraints", present: false },
    ],
    scripts: [],
  };
}

describe("heading anchors", () => {
  it("adds a # link to h2 and h3 headings with an id, once", () => {
    const tree = fragment(
      '<h1 id="t">T</h1><h2 id="a">A</h2><h3 id="b">B</h3><h4 id="c">C</h4><h2>No id</h2>',
    );
    addHeadingAnchors(tree);
    addHeadingAnchors(tree);
    expect(toHtml(tree)).toBe(
      '<h1 id="t">T</h1>' +
        '<h2 id="a">A<a class="heading-anchor" href="#a" aria-label="Link to the section “A”" data-pagefind-ignore="">#</a></h2>' +
        '<h3 id="b">B<a class="heading-anchor" href="#b" aria-label="Link to the section “B”" data-pagefind-ignore="">#</a></h3>' +
        '<h4 id="c">C</h4><h2>No id</h2>',
    );
  });
});

describe("rehypeHeadingAnchors after rehypeToc", () => {
  it("links each section to itself without putting the # in the table of contents", async () => {
    const processor = unified()
      .use(remarkParse)
      .use(remarkRehype)
      .use(rehypeSlug)
      .use(rehypeToc, { maxDepth: 3 })
      .use(rehypeHeadingAnchors)
      .use(rehypeStringify);
    const file = await processor.process("## 1. Gather Requirements\n\n### Use cases\n");
    expect(file.data.toc?.map((entry) => entry.text)).toEqual([
      "1. Gather Requirements",
      "Use cases",
    ]);
    expect(String(file)).toBe(
      '<h2 id="1-gather-requirements">1. Gather Requirements<a class="heading-anchor" href="#1-gather-requirements" aria-label="Link to the section “1. Gather Requirements”" data-pagefind-ignore="">#</a></h2>\n' +
        '<h3 id="use-cases">Use cases<a class="heading-anchor" href="#use-cases" aria-label="Link to the section “Use cases”" data-pagefind-ignore="">#</a></h3>',
    );
  });
});

describe("the default theme", () => {
  it("renders a writeup with its metadata and both tables of contents, leaving the model as it was", async () => {
    const theme = await loadTheme(path.dirname(bundledThemesDir), "default");
    const model = page();
    const before = structuredClone(model);
    const site: SiteModel = { config, pages: [model], tags: tagsOf([model]) };
    const html = renderPage(theme, site, model);
    expect(renderPage(theme, site, model)).toBe(html);
    expect(model).toEqual(before);

    expect(html).toContain('<meta name="description" content="Short links.">');
    expect(html).toContain('<meta property="og:title" content="URL shortener">');
    expect(html).toContain(
      '<meta property="og:url" content="https://ada.github.io/designs/url-shortener/">',
    );
    expect(html).toContain(
      '<link rel="canonical" href="https://ada.github.io/designs/url-shortener/">',
    );
    // Assets carry a hash of their content in their name, under the base.
    expect(html).toMatch(
      /<link rel="icon" href="\/designs\/assets\/favicon\.[0-9a-f]{8}\.svg" type="image\/svg\+xml">/,
    );
    expect(html).toContain(
      '<aside class="sidebar">\n<nav class="toc" aria-label="On this page" data-pagefind-ignore>',
    );
    expect(html).toContain(
      '<details class="toc-collapsible" id="contents" data-pagefind-ignore><summary>Contents</summary><nav class="toc" aria-label="Contents" data-pagefind-ignore>',
    );
    expect(html).toContain('<button class="theme-toggle" type="button" hidden');
    expect(html).toMatch(
      /<script src="\/designs\/assets\/theme\.[0-9a-f]{8}\.js" defer><\/script>/,
    );
    expect(html).toContain('<span class="visually-hidden"> (missing)</span>');
    expect(html).not.toMatch(/undefined|\{\{/);
  });

  it("reads the prose for the reading time and the copy buttons, not the diagrams", async () => {
    const theme = await loadTheme(path.dirname(bundledThemesDir), "default");
    const words = (count: number, word: string) => Array(count).fill(word).join(" ");
    // A rendered diagram as the diagrams stage inlines it: labels, and mermaid's style sheet.
    const diagram = `<figure class="diagram"><div class="diagram-scroll"><svg><style>${words(900, "#d .node{fill:red}")}</style><g><foreignObject><div><pre>not code</pre></div></foreignObject><text>${words(300, "label")}</text></g></svg></div></figure>`;
    const render = (content: string | Root) => {
      const model = {
        ...page(),
        content: typeof content === "string" ? fragment(content) : content,
      };
      return renderPage(theme, { config, pages: [model], tags: tagsOf([model]) }, model);
    };
    const copyScript = /<script src="\/designs\/assets\/copy\.[0-9a-f]{8}\.js" defer>/;

    const prose = `<p>${words(660, "word")}</p>`;
    const withDiagram = render(`${prose}${diagram}`);
    expect(withDiagram).toContain("3 min read");
    expect(withDiagram).not.toMatch(copyScript);
    // Without the diagram's 1,200 “words”, the same: 3 minutes, no copy button.
    expect(render(prose)).toContain("3 min read");

    // Highlighted code as the highlighter leaves it: a root of spans inside `<code>`.
    const highlighted = fragment(`${prose}${diagram}<pre><code></code></pre>`);
    const code = select("code", highlighted) as Element;
    const span = h("span", words(440, "x"));
    code.children = [{ type: "root", children: [span] } as unknown as ElementContent];
    const withCode = render(highlighted);
    expect(withCode).toContain("5 min read");
    expect(withCode).toMatch(copyScript);
  });

  it("renders the index with the author, bio, figures and tags", async () => {
    const theme = await loadTheme(path.dirname(bundledThemesDir), "default");
    const pages = [page()];
    const html = renderIndex(theme, { config, pages, tags: tagsOf(pages) });
    expect(html).toContain(
      '<p class="author">by <strong>Ada</strong></p><p class="bio">Designs.</p>',
    );
    expect(html).toContain('<dd title="7.72K /s × 3">23.1K /s</dd>');
    expect(html).toContain(
      '<a class="tag" href="/designs/tags/read-heavy/">read-heavy<span class="tag-count">1</span></a>',
    );
    expect(html).toContain("<span>1 of 2 steps</span>");
  });
});

describe("the dev server's pieces", () => {
  it("never resolves a path outside the site folder", () => {
    const dir = path.resolve("/srv/site");
    expect(resolveSitePath(dir, "/designs/", "/designs/a/index.html")).toBe(
      path.join(dir, "a", "index.html"),
    );
    expect(resolveSitePath(dir, "/designs/", "/designs/%2e%2e/%2e%2e/etc/passwd")).toBeUndefined();
    expect(resolveSitePath(dir, "/designs/", "/other/index.html")).toBeUndefined();
    expect(resolveSitePath(dir, "/designs/", "/designs/%E0%A4%A")).toBeUndefined();
  });

  it("puts the reload script before </body>", () => {
    expect(injectReloadScript("<html><body><p>x</p></body></html>")).toBe(
      `<html><body><p>x</p>${reloadScript}\n</body></html>`,
    );
  });
});
