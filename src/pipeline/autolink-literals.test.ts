import { readFile } from "node:fs/promises";
import type { Extension } from "mdast-util-from-markdown";
import { gfmAutolinkLiteralFromMarkdown } from "mdast-util-gfm-autolink-literal";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { corpusMarkdownFiles } from "../../test/helpers.js";
import { remarkAutolinkLiteralsWhereLikely } from "./autolink-literals.js";

const plain = unified().use(remarkParse).use(remarkGfm);
const guarded = unified().use(remarkParse).use(remarkGfm).use(remarkAutolinkLiteralsWhereLikely);

/** Whether a processor's Markdown extensions run remark-gfm's literal-autolink transform as it is. */
function runsTheTransformAsItIs(processor: typeof plain): boolean {
  const transform = gfmAutolinkLiteralFromMarkdown().transforms?.[0];
  const extensions = (processor.freeze().data().fromMarkdownExtensions ?? []).flat() as Extension[];
  return extensions.some((extension) => extension.transforms?.some((each) => each === transform));
}

describe("remark-gfm's literal autolinks, looked for where likely", () => {
  it("takes the place of remark-gfm's transform", () => {
    expect(runsTheTransformAsItIs(plain)).toBe(true);
    expect(runsTheTransformAsItIs(guarded)).toBe(false);
  });

  it("makes the same tree as remark-gfm, literal links or none", () => {
    const samples = [
      "Nothing to link here, not even an address.",
      "See www.example.com/path?q=1, or https://example.com/a_(b).",
      "Write to ops@example.com, mailto:team@example.org or xmpp:me@chat.example.net/home.",
      "HTTP://EXAMPLE.COM and WWW.EXAMPLE.ORG, shouted.",
      "A [link](https://example.com) and `https://code.example`, which stay as they are.",
      "| a | b |\n| - | - |\n| www.table.example | x@y.example |\n",
      "> quoted https://example.com/quote\n\n- listed www.list.example",
      "An @handle and user@ alone, and a www without a dot.",
    ];
    for (const sample of samples) {
      const tree = guarded.runSync(guarded.parse(sample));
      expect(tree, sample).toEqual(plain.runSync(plain.parse(sample)));
    }
    // Not a test that cannot fail: one sample's links are made.
    expect(JSON.stringify(guarded.parse(samples[1] ?? ""))).toContain('"type":"link"');
  });

  it("makes the same tree as remark-gfm on every Markdown file of the corpus", async () => {
    const files = await corpusMarkdownFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = await readFile(file, "utf8");
      expect(guarded.parse(text), file).toEqual(plain.parse(text));
    }
  });
});
