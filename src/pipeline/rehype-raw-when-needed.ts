import type { Root } from "hast";
import { raw } from "hast-util-raw";
import type { Plugin } from "unified";
import { visit } from "unist-util-visit";

/**
 * rehype-raw re-parses the whole page with parse5, which costs more than the rest
 * of the pipeline together; only pages that hold raw HTML need it.
 */
const rehypeRawWhenNeeded: Plugin<[], Root> = () => (tree, file) => {
  // Raw HTML needs a `<` in the source; most writeups have none, and then no walk.
  if (!String(file.value).includes("<")) return tree;
  let hasRaw = false;
  visit(tree, "raw", () => {
    hasRaw = true;
    return false;
  });
  return hasRaw ? (raw(tree, { file }) as Root) : tree;
};

export default rehypeRawWhenNeeded;
