import type { Root } from "hast";
import { sanitize } from "hast-util-sanitize";
import type { Plugin } from "unified";
import { contentSchema } from "./schema.js";
import { reportUnsafe } from "./unsafe.js";

export { contentSchema } from "./schema.js";
export { isSafeUrl } from "./urls.js";

export interface SanitizeOptions {
  /** Keep HTML and URLs as written: the site config's `unsafe: true`. */
  unsafe?: boolean;
}

/**
 * Make a page's HTML safe to publish: everything the writeup produced — its
 * Markdown, its raw HTML, the estimates — through `hast-util-sanitize` with
 * {@link contentSchema}, with a warning for each thing left out. Runs right
 * after the raw HTML is parsed, before designpress adds its own markup (heading
 * ids, highlighted code, anchors, diagrams), which so needs no allowance here.
 */
const rehypeSanitizeContent: Plugin<[SanitizeOptions?], Root> =
  (options = {}) =>
  (tree, file) => {
    if (options.unsafe) return tree;
    reportUnsafe(tree, file);
    // Without a `<` in its source a page has no raw HTML: its elements are the
    // Markdown's and designpress's own, and reportUnsafe has dropped its unsafe
    // URLs. Rebuilding the tree would change nothing and cost 6% of a build.
    if (!String(file.value).includes("<")) return tree;
    return sanitize(tree, contentSchema) as Root;
  };

export default rehypeSanitizeContent;
