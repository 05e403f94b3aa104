import type { Root as HastRoot } from "hast";
import type { Heading, Root as MdastRoot } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import type { Plugin } from "unified";
import "../writeup/data.js";
import { fail } from "../core/messages.js";

/** Carried from the title's mdast heading to its hast twin, which is then removed. */
const marker = "dataDesignpressTitle";

/**
 * Without a front-matter title, the page's first `# heading` is its title
 * (its text as the reader sees it: no raw HTML, no image alt); with neither,
 * the page fails. The heading is marked for {@link rehypeDropTitle}.
 */
export const remarkTitle: Plugin<[], MdastRoot> = () => (tree, file) => {
  if (file.data.title) return;
  const heading = tree.children.find(
    (node): node is Heading => node.type === "heading" && node.depth === 1,
  );
  if (heading) {
    file.data.title = mdastToString(heading, { includeHtml: false, includeImageAlt: false }).trim();
    heading.data ??= {};
    heading.data.hProperties = { ...heading.data.hProperties, [marker]: true };
    return;
  }
  fail(
    file,
    "Expected a `title` in the front matter (or a `# heading`), found neither; add `title: …` between `---` fences at the top",
    { line: 1, column: 1 },
    "nine-steps/front-matter",
  );
};

/**
 * Take the title heading out of the body (the theme shows the title itself),
 * right after the heading ids (`rehypeHeadingIds`): it has counted the heading, so later headings keep
 * the ids GitHub gives them (`#overview-1` after a `# Overview` title).
 */
export const rehypeDropTitle: Plugin<[], HastRoot> = () => (tree) => {
  const index = tree.children.findIndex(
    (node) => node.type === "element" && marker in node.properties,
  );
  if (index !== -1) tree.children.splice(index, 1);
};
