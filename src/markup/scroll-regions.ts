import type { Element, Root } from "hast";
import type { Plugin } from "unified";
import { visit } from "unist-util-visit";

/** Boxes the default theme lets scroll sideways on a narrow screen. */
function scrolls(element: Element): boolean {
  if (element.tagName === "table" || element.tagName === "pre") return true;
  const classes = element.properties.className;
  return (
    element.tagName === "figure" && Array.isArray(classes) && classes.includes("estimates-chart")
  );
}

/**
 * Make every box that may scroll sideways (tables, code blocks, capacity
 * charts) focusable, so a keyboard can scroll it too (WCAG 2.1.1; axe's
 * `scrollable-region-focusable`). shiki's code blocks already are.
 */
export function focusableScrollRegions(tree: Root): void {
  visit(tree, "element", focusableScrollRegion);
}

/** One element's part of {@link focusableScrollRegions}; "skip" for a box, whose inside is left alone. */
export function focusableScrollRegion(element: Element): "skip" | undefined {
  if (!scrolls(element)) return;
  const { properties } = element;
  // shiki writes the attribute by its HTML name (`tabindex`), not hast's `tabIndex`.
  if (properties.tabIndex === undefined && properties.tabindex === undefined) {
    properties.tabIndex = 0;
  }
  return "skip";
}

const rehypeScrollRegions: Plugin<[], Root> = () => (tree) => focusableScrollRegions(tree);

export default rehypeScrollRegions;
