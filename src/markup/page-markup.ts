import type { Root, RootContent } from "hast";
import type { Plugin } from "unified";
import { type TocEntry, tocEntry } from "../toc/index.js";
import { anchorHeading } from "./heading-anchors.js";
import { focusableScrollRegion } from "./scroll-regions.js";

export interface PageMarkupOptions {
  /** The table of contents' deepest heading level. */
  maxDepth: number;
}

/**
 * `rehypeToc`, then `rehypeHeadingAnchors`, then `rehypeScrollRegions`, in one
 * walk of the page instead of three (each element sees them in that order, and
 * each keeps the parts of the tree it skips alone): the same tree and
 * `file.data.toc` at a third of the walking, and none of `unist-util-visit`'s
 * garbage per node, which on a large site is most of their cost.
 */
const rehypePageMarkup: Plugin<[PageMarkupOptions], Root> =
  ({ maxDepth }) =>
  (tree, file) => {
    const toc: TocEntry[] = [];
    const walk = (children: RootContent[], anchors: boolean, scrolls: boolean) => {
      for (const node of children) {
        if (node.type !== "element") continue;
        const entry = tocEntry(node, maxDepth);
        if (entry) toc.push(entry);
        const anchorsInside = anchors && anchorHeading(node, 2, 3) !== "skip";
        const scrollsInside = scrolls && focusableScrollRegion(node) !== "skip";
        walk(node.children, anchorsInside, scrollsInside);
      }
    };
    walk(tree.children, true, true);
    file.data.toc = toc;
  };

export default rehypePageMarkup;
