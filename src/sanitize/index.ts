import type { Root } from "hast";
import { sanitize } from "hast-util-sanitize";
import type { Plugin } from "unified";
import { setAsideMade } from "./generated.js";
import { contentSchema } from "./schema.js";
import { reportUnsafe } from "./unsafe.js";

export { remarkMarkMade } from "./generated.js";

export interface SanitizeOptions {
  /** Keep HTML and URLs as written: the site config's `unsafe: true`. */
  unsafe?: boolean;
  /**
   * Rebuild every page, even one whose source has no `<`: the project's remark
   * plugins may have added markup the source does not show.
   */
  everyPage?: boolean;
}

/**
 * A page's tree through `hast-util-sanitize` with {@link contentSchema}, but for
 * the markup designpress's own remark plugins made (`remarkMarkMade`), which is
 * set aside and put back as it was.
 */
export function sanitizeTree(tree: Root): Root {
  const made = setAsideMade(tree);
  return made.restore(sanitize(tree, contentSchema) as Root);
}

/**
 * Make a page's HTML safe to publish: everything the writeup produced — its
 * Markdown and its raw HTML — through {@link sanitizeTree}, with a warning for
 * each thing left out. Runs right after the raw HTML is parsed, before
 * designpress adds its own markup (heading ids, highlighted code, anchors,
 * diagrams), which so needs no allowance here.
 */
const rehypeSanitizeContent: Plugin<[SanitizeOptions?], Root> =
  (options = {}) =>
  (tree, file) => {
    if (options.unsafe) return tree;
    reportUnsafe(tree, file);
    // Without a `<` in its source a page has no raw HTML: its elements are the
    // Markdown's and designpress's own, and reportUnsafe has dropped its unsafe
    // URLs. Rebuilding the tree would change nothing and cost 6% of a build.
    if (!options.everyPage && !String(file.value).includes("<")) return tree;
    return sanitizeTree(tree);
  };

export default rehypeSanitizeContent;
