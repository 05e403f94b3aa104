import type { Element, Root, RootContent } from "hast";

/**
 * Each node under `parent`, in document order: `enter` is called with it,
 * and the walk goes into its children unless `enter` returns `false` or the
 * node is an element `skipped` names. Any parent is entered, not only
 * elements (the highlighter nests roots in code blocks). A loop of its own,
 * not `unist-util-visit`: these walks run on every page of every build, and
 * `visit` took about 25× as long on the demo's pages.
 */
export function walkContent(
  parent: Root | Element,
  skipped: ReadonlySet<string>,
  /** Returns `false` to keep the walk out of the node (anything else goes in). */
  enter: (node: RootContent) => unknown,
): void {
  for (const child of parent.children) {
    if (enter(child) === false || !("children" in child)) continue;
    if (child.type === "element" && skipped.has(child.tagName)) continue;
    walkContent(child, skipped, enter);
  }
}

/** For a walk into every element. */
export const noneSkipped: ReadonlySet<string> = new Set();
