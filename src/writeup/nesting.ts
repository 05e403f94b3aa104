import type { Root as HastRoot } from "hast";
import type { Root as MdastRoot } from "mdast";
import type { Plugin } from "unified";
import type { Node, Parent, Position } from "unist";
import type { VFile } from "vfile";
import { fail } from "../core/messages.js";

/**
 * How deep a page's tree may be. The unified utilities walk trees recursively
 * and run out of stack somewhere between 1,000 and 2,000 levels (10,000 nested
 * quotes or list items crashed the build); real writeups stay under 30. The
 * same bound as markdown-it's `maxNesting`.
 */
export const maxNestingDepth = 100;

/** The first node past the bound, once the tree is cut there. */
interface TooDeep {
  type: string;
  tagName?: string;
  position: Position | undefined;
}

declare module "mdast" {
  interface RootData {
    /** Set by `remarkNestingLimit` when the Markdown was nested too deeply. */
    tooDeep?: TooDeep;
  }
}

/**
 * Cut a tree at {@link maxNestingDepth}: the children of each node at that depth
 * are dropped. Returns the first node dropped, in document order. Iterative, so
 * that any depth is walked.
 */
export function cutTooDeep(tree: Parent): TooDeep | undefined {
  let first: TooDeep | undefined;
  const stack: { node: Node; depth: number }[] = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: Node; depth: number };
    if (!("children" in node) || !Array.isArray(node.children)) continue;
    const children = node.children as Node[];
    if (depth === maxNestingDepth && children.length > 0) {
      const child = children[0] as Node & { tagName?: string };
      // Depth-first in document order: the first cut found is the earliest.
      first ??= { type: child.type, tagName: child.tagName, position: child.position };
      (node as Parent).children = [];
      continue;
    }
    for (let index = children.length - 1; index >= 0; index--) {
      stack.push({ node: children[index] as Node, depth: depth + 1 });
    }
  }
  return first;
}

/**
 * Bound the nesting of Markdown. The cut happens while the Markdown is parsed —
 * as the first of `mdast-util-from-markdown`'s transforms, before remark-gfm's
 * recursive ones — and the error is reported on the file once it is available.
 * Use it before remark-gfm.
 */
export const remarkNestingLimit: Plugin<[], MdastRoot> = function () {
  const data = this.data();
  data.fromMarkdownExtensions = [
    ...(data.fromMarkdownExtensions ?? []),
    {
      transforms: [
        (tree: MdastRoot) => {
          const tooDeep = cutTooDeep(tree);
          if (tooDeep) tree.data = { ...tree.data, tooDeep };
        },
      ],
    },
  ];
  return reportMarkdownNesting;
};

/** Report a cut `remarkNestingLimit` made while parsing (for callers that only parse). */
export function reportMarkdownNesting(tree: MdastRoot, file: VFile): void {
  const tooDeep = tree.data?.tooDeep;
  if (!tooDeep) return;
  fail(
    file,
    `Expected Markdown nested at most ${maxNestingDepth} levels deep (each quote, list, list item, emphasis or link is a level), found a \`${tooDeep.type}\` at level ${maxNestingDepth + 1}; flatten the nesting`,
    tooDeep.position,
    "content/nesting",
  );
}

/** Bound the nesting of a page's tree once its raw HTML is parsed. */
export function limitHtmlNesting(tree: HastRoot, file: VFile): void {
  const tooDeep = cutTooDeep(tree);
  if (!tooDeep) return;
  failHtmlNesting(
    file,
    `${tooDeep.tagName ? `\`<${tooDeep.tagName}>\`` : "text"} at level ${maxNestingDepth + 1}`,
    tooDeep.position,
  );
}

export function failHtmlNesting(file: VFile, found: string, place: Position | undefined): void {
  fail(
    file,
    `Expected HTML nested at most ${maxNestingDepth} levels deep (each element, and each quote or list around it, is a level), found ${found}; flatten the nesting`,
    place,
    "content/nesting",
  );
}
