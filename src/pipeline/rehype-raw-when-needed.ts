import type { Root, RootContent } from "hast";
import { raw } from "hast-util-raw";
import type { Plugin } from "unified";
import type { Position } from "unist";
import { visit } from "unist-util-visit";
import { failHtmlNesting, limitHtmlNesting, maxNestingDepth } from "../writeup/nesting.js";

/**
 * rehype-raw re-parses the whole page with parse5, which costs more than the rest
 * of the pipeline together; only pages that hold raw HTML need it. The HTML's
 * nesting is then bounded like the Markdown's (see `nesting.ts`).
 */
const rehypeRawWhenNeeded: Plugin<[], Root> = () => (tree, file) => {
  // Raw HTML needs a `<` in the source; most writeups have none, and then no walk.
  if (!String(file.value).includes("<")) return tree;
  let hasRaw = false;
  visit(tree, "raw", () => {
    hasRaw = true;
    return false;
  });
  if (!hasRaw) return tree;
  let parsed: Root;
  try {
    parsed = raw(tree, { file }) as Root;
  } catch (error) {
    // hast-util-raw turns parse5's tree into hast recursively: HTML nested a
    // thousand levels deep or more overflows the stack before it can be cut.
    if (!(error instanceof RangeError)) throw error;
    failHtmlNesting(file, "HTML nested too deeply to read", whereTooDeep(tree));
    removeRaw(tree);
    return tree;
  }
  limitHtmlNesting(parsed, file);
  return parsed;
};

const voidElements = new Set([
  ...["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"],
  ...["source", "track", "wbr"],
]);

/**
 * The raw HTML at which the elements left open (start tags less end tags) first
 * pass the bound: roughly where the nesting went too deep; else the first raw HTML.
 */
function whereTooDeep(tree: Root): Position | undefined {
  let open = 0;
  let first: Position | undefined;
  let found: Position | undefined;
  visit(tree, "raw", (node) => {
    first ??= node.position;
    for (const [, end, name, selfClosing] of node.value.matchAll(
      /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g,
    )) {
      if (voidElements.has(name?.toLowerCase() ?? "") || selfClosing) continue;
      open = Math.max(0, open + (end ? -1 : 1));
      if (open > maxNestingDepth) {
        found = node.position;
        return false;
      }
    }
    return undefined;
  });
  return found ?? first;
}

function removeRaw(tree: Root): void {
  visit(tree, (node, index, parent) => {
    if (node.type === "raw" && parent && index !== undefined) {
      (parent.children as RootContent[]).splice(index, 1);
      return index;
    }
    return undefined;
  });
}

export default rehypeRawWhenNeeded;
