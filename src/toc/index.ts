import type { Element, Root } from "hast";
import { headingRank } from "hast-util-heading-rank";
import { toString as hastToString } from "hast-util-to-string";
import type { Plugin } from "unified";
import { visit } from "unist-util-visit";

export interface TocEntry {
  /** Heading level, 2 to `maxDepth`. */
  depth: number;
  /** The heading's id (set by `rehypeHeadingIds` before this plugin). */
  id: string;
  text: string;
}

declare module "vfile" {
  interface DataMap {
    /** The page's headings for its table of contents, in document order. */
    toc: TocEntry[];
  }
}

export interface Options {
  /** Deepest heading level listed. Default 3. */
  maxDepth?: number;
}

/** A heading's entry in the table of contents, when it is one (levels 2 to `maxDepth`, with an id). */
export function tocEntry(node: Element, maxDepth: number): TocEntry | undefined {
  const id = node.properties.id;
  const rank = headingRank(node);
  if (rank && rank >= 2 && rank <= maxDepth && typeof id === "string") {
    return { depth: rank, id, text: hastToString(node).trim() };
  }
  return undefined;
}

/**
 * Collect the page's headings (levels 2 to `maxDepth`, with the ids `rehypeHeadingIds`
 * gave them). The theme renders the list.
 */
const rehypeToc: Plugin<[Options?], Root> = (options = {}) => {
  const maxDepth = options.maxDepth ?? 3;
  return (tree, file) => {
    const toc: TocEntry[] = [];
    visit(tree, "element", (node: Element) => {
      const entry = tocEntry(node, maxDepth);
      if (entry) toc.push(entry);
    });
    file.data.toc = toc;
  };
};

export default rehypeToc;

/** The table of contents as a nested `<ol>` inside `<nav class="toc">`. */
export { renderToc } from "./render.js";
