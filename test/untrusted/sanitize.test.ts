import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Element, Root } from "hast";
import { fromHtml } from "hast-util-from-html";
import { select, selectAll } from "hast-util-select";
import { toHtml } from "hast-util-to-html";
import { glob } from "tinyglobby";
import { type PluggableList, unified } from "unified";
import { VFile } from "vfile";
import { reporter } from "vfile-reporter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { defaultConfig } from "../../src/config/index.js";
import { createPageProcessor } from "../../src/pipeline/processor.js";
import rehypeSanitizeContent, { sanitizeTree } from "../../src/sanitize/index.js";
import { prepareWriteup } from "../../src/writeup/read.js";
import { repoRoot, temporaryFolder } from "../helpers.js";

/**
 * Every way a writeup can smuggle a script-running URL or element into its page,
 * one writeup each; the attack sits on line 5.
 */
const attacks: Record<string, string> = {
  "inline link": "[click](javascript:alert(1))",
  "mixed case": "[click](JaVaScRiPt:alert(1))",
  "entity-encoded": "[click](&#106;avascript:alert(1))",
  "entity-encoded colon": "[click](javascript&#58;alert(1))",
  "tab inside": "[click](<java\tscript:alert(1)>)",
  "encoded newline inside": "[click](java&#10;script:alert(1))",
  "leading space": "[click](&#32;javascript:alert(1))",
  "control character first": "[click](&#1;javascript:alert(1))",
  "reference-style": "[click][evil]\n\n[evil]: javascript:alert(1)",
  autolink: "<javascript:alert(1)>",
  vbscript: "[click](vbscript:msgbox(1))",
  "data: link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "image with javascript:": "![x](javascript:alert(1))",
  "image with data:text/html": "![x](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E)",
  "raw a href": '<a href="javascript:alert(1)">click</a>',
  "raw a href, entities": '<a href="&#x6A;&#x61;vascript&colon;alert(1)">click</a>',
  "raw a href, newline": '<a href="java&#x0A;script:alert(1)">click</a>',
  "raw a href, vbscript": '<a href="VBScript:msgbox(1)">click</a>',
  "raw a href, data:": '<a href="data:text/html,%3Cscript%3Ealert(1)%3C/script%3E">click</a>',
  "raw img src": '<img src="javascript:alert(1)" alt="x">',
  "raw img onerror": '<img src="x.png" alt="x" onerror="alert(1)">',
  "raw srcset": '<img alt="x" srcset="a.png 1x, javascript:alert(1) 2x">',
  "raw picture source":
    '<picture><source srcset="javascript:alert(1)"><img src="a.png" alt="x"></picture>',
  "raw form action":
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
  "raw iframe": '<iframe src="javascript:alert(1)"></iframe>',
  "raw iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  "raw object": '<object data="javascript:alert(1)"></object>',
  "raw embed": '<embed src="javascript:alert(1)">',
  "raw svg xlink:href": '<svg><a xlink:href="javascript:alert(1)"><text>click</text></a></svg>',
  "raw svg animate":
    '<svg><a><animate attributeName="href" to="javascript:alert(1)"/><text>click</text></a></svg>',
  "raw script": "<script>alert(1)</script>",
  "raw style": "<style>body { display: none }</style>",
  "raw base": '<base href="javascript:alert(1)//">',
  "raw meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  "raw event handler": '<details open ontoggle="alert(1)"><summary>more</summary></details>',
  "raw style attribute": '<p style="background: url(javascript:alert(1))">styled</p>',
  "raw imitation of designpress's own form":
    '<div class="estimates"><form class="estimates-whatif" action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form></div>',
};

const dangerous = /^(?:javascript|vbscript|data):/i;
/** A URL as a browser reads it: without blanks and control characters anywhere in it. */
const asBrowserReads = (value: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a browser strips them.
  value.replace(/[\u0000-\u0020]/g, "");

const slugOf = (name: string) => name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();

function attributeValues(node: Element): string[] {
  return Object.values(node.properties).flatMap((value) =>
    Array.isArray(value) ? value.map(String) : [String(value)],
  );
}

describe("URLs and raw HTML in the built site are safe by default", () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let messages: Map<string, string[]>;

  beforeAll(async () => {
    ({ dir: root, cleanup } = await temporaryFolder());
    await import("node:fs/promises").then(({ mkdir }) => mkdir(path.join(root, "content")));
    for (const [name, attack] of Object.entries(attacks)) {
      await writeFile(
        path.join(root, "content", `${slugOf(name)}.md`),
        `---\ntitle: ${JSON.stringify(name)}\n---\n\n${attack}\n\nAfter the attack.\n`,
      );
    }
    const result = await build({ root });
    expect(result.ok, reporter(result.files)).toBe(true);
    messages = new Map(
      result.files.map((file) => [
        path.basename(file.path, ".md"),
        file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`),
      ]),
    );
  });
  afterAll(() => cleanup());

  async function body(name: string): Promise<Element> {
    const html = await readFile(path.join(root, "dist", slugOf(name), "index.html"), "utf8");
    const found = select("div.writeup-body", fromHtml(html));
    if (!found) throw new Error(`no writeup body in ${name}`);
    return found;
  }

  it.each(Object.keys(attacks))(
    "%s: absent from the built page, with a warning at its line",
    async (name) => {
      const content = await body(name);
      for (const element of selectAll("*", content)) {
        expect([
          "script",
          "style",
          "iframe",
          "object",
          "embed",
          "base",
          "meta",
          "form",
          "button",
        ]).not.toContain(element.tagName);
        for (const property of Object.keys(element.properties)) {
          expect(property, `${name}: <${element.tagName} ${property}>`).not.toMatch(
            /^on|^style$|^formAction$/i,
          );
        }
        for (const value of attributeValues(element)) {
          expect(asBrowserReads(value), `${name}: <${element.tagName}>`).not.toMatch(dangerous);
        }
      }
      expect(toHtml(content)).toContain("After the attack.");
      expect(
        messages
          .get(slugOf(name))
          ?.some((message) => /^5:\d+ content\/unsafe-(?:url|html)$/.test(message)),
      ).toBe(true);
    },
  );

  it("keeps what is safe: https links, relative links, mailto, image data URLs, classes and ids", async () => {
    const { dir, cleanup: remove } = await temporaryFolder();
    try {
      await import("node:fs/promises").then(({ mkdir }) => mkdir(path.join(dir, "content")));
      await writeFile(
        path.join(dir, "content", "safe.md"),
        [
          "---",
          "title: Safe",
          "---",
          "",
          "[a](https://example.com/a?b=javascript:c) [b](HTTPS://example.com) [c](#part) [d](mailto:me@example.com) [e](/x:y)",
          "",
          '<p id="part" class="note" data-kind="aside" title="t">Part <abbr title="Domain Name System">DNS</abbr></p>',
          "",
          "![dot](data:image/png;base64,iVBORw0KGgo=)",
          "",
          "- [x] done",
          "",
          "<details><summary>More</summary>Hidden</details>",
          "",
          "| a | b |",
          "| :- | -: |",
          "| 1 | 2 |",
          "",
          "Note[^1].",
          "",
          "[^1]: A footnote.",
        ].join("\n"),
      );
      const result = await build({ root: dir });
      expect(result.ok, reporter(result.files)).toBe(true);
      expect(
        result.files[0]?.messages.filter((message) => message.ruleId?.startsWith("content/")),
      ).toEqual([]);
      const html = toHtml(
        select(
          "div.writeup-body",
          fromHtml(await readFile(path.join(dir, "dist", "safe", "index.html"), "utf8")),
        ) as Element,
      );
      for (const kept of [
        'href="https://example.com/a?b=javascript:c"',
        'href="https://example.com"',
        'href="#part"',
        'href="mailto:me@example.com"',
        'href="/x:y"',
        '<p id="part" class="note" data-kind="aside" title="t">',
        '<abbr title="Domain Name System">DNS</abbr>',
        'src="data:image/png;base64,iVBORw0KGgo="',
        '<input type="checkbox" checked disabled>',
        "<details><summary>More</summary>Hidden</details>",
        '<td align="right">2</td>',
        'href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref',
        '<section data-footnotes="" class="footnotes">',
      ]) {
        expect(html).toContain(kept);
      }
    } finally {
      await remove();
    }
  });

  it("keeps HTML as written with `unsafe: true` in the site config, and says nothing", async () => {
    const { dir, cleanup: remove } = await temporaryFolder();
    try {
      await import("node:fs/promises").then(({ mkdir }) => mkdir(path.join(dir, "content")));
      await writeFile(path.join(dir, "designpress.config.yaml"), "unsafe: true\n");
      await writeFile(
        path.join(dir, "content", "raw.md"),
        `---\ntitle: Raw\n---\n\n${attacks["raw script"]}\n\n${attacks["inline link"]}\n`,
      );
      const result = await build({ root: dir });
      expect(result.ok, reporter(result.files)).toBe(true);
      expect(
        result.files[0]?.messages.filter((message) => message.ruleId?.startsWith("content/")),
      ).toEqual([]);
      const html = await readFile(path.join(dir, "dist", "raw", "index.html"), "utf8");
      expect(html).toContain("<script>alert(1)</script>");
      expect(html).toContain('href="javascript:alert(1)"');
    } finally {
      await remove();
    }
  });
});

describe("the sanitizer leaves designpress's own markup alone", () => {
  it("keeps every element and attribute of the demo and every capacity fixture, the what-if form included", async () => {
    const sources = await glob(["content/*.md", "test/capacity/fixtures/**/*.md"], {
      cwd: repoRoot,
      absolute: true,
    });
    // The page processor's own plugins up to the sanitizer: pages as it gets them.
    const processor = createPageProcessor(defaultConfig(repoRoot));
    const at = processor.attachers.findIndex(([plugin]) => plugin === rehypeSanitizeContent);
    expect(at).toBeGreaterThan(0);
    const upToSanitizer = unified().use(processor.attachers.slice(0, at) as PluggableList);
    let withEstimates = 0;
    for (const source of sources) {
      const file = prepareWriteup(
        new VFile({ path: source, cwd: "/" }),
        await readFile(source, "utf8"),
        path.dirname(source),
      );
      const tree = (await upToSanitizer.run(upToSanitizer.parse(file), file)) as Root;
      const html = toHtml(tree);
      if (html.includes('<form class="estimates-whatif"')) withEstimates++;
      expect(toHtml(sanitizeTree(structuredClone(tree))), source).toBe(html);
    }
    expect(withEstimates).toBeGreaterThanOrEqual(8);
  });
});
