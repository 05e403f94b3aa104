import type { Element, Root } from "hast";
import { headingRank } from "hast-util-heading-rank";
import { toString as hastToString } from "hast-util-to-string";
import { h } from "hastscript";
import type { Plugin } from "unified";
import { visit } from "unist-util-visit";

const anchorClass = "heading-anchor";

/** The `#` link placed at the end of a heading, named for screen readers by the heading. */
function headingAnchor(id: string, headingText: string): Element {
  return h(
    `a.${anchorClass}`,
    // Not part of the heading's text for search either.
    { href: `#${id}`, ariaLabel: `Link to the section “${headingText}”`, dataPagefindIgnore: "" },
    "#",
  );
}

function hasAnchor(heading: Element): boolean {
  return heading.children.some((child) => {
    if (child.type !== "element") return false;
    const classes = child.properties.className;
    return Array.isArray(classes) && classes.includes(anchorClass);
  });
}

/**
 * Give every heading from `minRank` to `maxRank` that has an id a `#` link to
 * itself (in place; a heading that already has one is left alone, so running
 * this twice changes nothing).
 */
export function addHeadingAnchors(tree: Root, minRank = 2, maxRank = 3): void {
  visit(tree, "element", (node: Element) => anchorHeading(node, minRank, maxRank));
}

/**
 * One element's part of {@link addHeadingAnchors}: the anchor added when it is
 * such a heading; "skip" where nothing inside needs looking at (the heading,
 * and paragraphs and code, which hold no headings: most of a page).
 */
export function anchorHeading(node: Element, minRank: number, maxRank: number): "skip" | undefined {
  if (node.tagName === "p" || node.tagName === "pre") return "skip";
  const rank = headingRank(node);
  const id = node.properties.id;
  if (!rank || rank < minRank || rank > maxRank || typeof id !== "string" || id === "") return;
  if (!hasAnchor(node)) node.children.push(headingAnchor(id, hastToString(node).trim()));
  return "skip";
}

/**
 * The same as a rehype plugin, for the page pipeline. It must run after
 * `rehypeToc` has read the headings' text, which would otherwise end in `#`.
 */
const rehypeHeadingAnchors: Plugin<[{ minRank?: number; maxRank?: number }?], Root> =
  (options = {}) =>
  (tree) =>
    addHeadingAnchors(tree, options.minRank, options.maxRank);

export default rehypeHeadingAnchors;
