import type { Element, ElementContent, Root, RootContent } from "hast";
import type { Nodes as MdastNodes, Root as MdastRoot } from "mdast";
import type { Plugin } from "unified";

declare module "hast" {
  interface Data {
    /** Made by designpress's own remark plugins (`data.hChildren`), not written by the author. */
    designpressMade?: true;
    /** Where a set-aside subtree goes back after sanitizing. */
    designpressPlaceholder?: number;
  }
}

/**
 * Mark the hast our remark plugins hand to remark-rehype in `data.hChildren`
 * (the estimates table, the what-if form, the charts, a citation's tooltip):
 * designpress made it from validated inputs, so the sanitizer keeps it as it is
 * rather than hold it to what an author may write (no `<form>`, no `<input
 * type=text>`). The mark is node data: nothing an author writes, in Markdown or
 * raw HTML, can set it. Use right before remark-rehype.
 */
export const remarkMarkMade: Plugin<[], MdastRoot> = () => (tree) => {
  // Every node, by a walk of its own: unist-util-visit's closures and ancestor
  // lists per node cost more than this check on every node of every page.
  const walk = (node: MdastNodes) => {
    for (const child of node.data?.hChildren ?? []) {
      child.data = { ...child.data, designpressMade: true };
    }
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(tree);
};

export function isMade(node: RootContent): boolean {
  return node.data?.designpressMade === true;
}

/**
 * Take every made subtree out of `tree`, leaving an empty placeholder element in
 * its place; `restore` puts them back into the sanitized copy.
 */
export function setAsideMade(tree: Root): { restore(clean: Root): Root } {
  const aside: ElementContent[] = [];
  const walk = (children: RootContent[]) => {
    for (const [index, node] of children.entries()) {
      if (node.type !== "element") continue;
      if (isMade(node)) {
        aside.push(node);
        children[index] = placeholder(aside.length - 1);
      } else walk(node.children);
    }
  };
  walk(tree.children);
  return {
    restore(clean) {
      const put = (children: RootContent[]) => {
        for (const [index, node] of children.entries()) {
          if (node.type !== "element") continue;
          const at = node.data?.designpressPlaceholder;
          if (at === undefined) put(node.children);
          else children[index] = aside[at] as ElementContent;
        }
      };
      if (aside.length > 0) put(clean.children);
      return clean;
    },
  };
}

function placeholder(index: number): Element {
  return {
    type: "element",
    tagName: "span",
    properties: {},
    children: [],
    // hast-util-from-parse5 declares `position` on element data, which it sets only when verbose.
    data: { designpressPlaceholder: index } as Element["data"],
  };
}
