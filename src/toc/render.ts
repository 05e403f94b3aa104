import type { Element, ElementContent } from "hast";
import { h } from "hastscript";
import type { TocEntry } from "./index.js";

/**
 * The table of contents in `<nav class="toc">` under a heading. Returns undefined
 * for a page with no headings, so the theme can leave the sidebar out.
 */
export function renderToc(
  entries: readonly TocEntry[],
  label = "On this page",
): Element | undefined {
  const list = tocList(entries);
  if (!list) return undefined;
  return h("nav.toc", { ariaLabel: label }, [h("h2.toc-title", label), list]);
}

/** A nested `<ol>` of links, one level per heading depth; undefined for a page with no headings. */
export function tocList(entries: readonly TocEntry[]): Element | undefined {
  if (entries.length === 0) return undefined;
  const top = Math.min(...entries.map((entry) => entry.depth));
  const list = h("ol");
  const root = list.children;
  // Stack of open lists, one per depth below `top`.
  const stack: { depth: number; items: ElementContent[] }[] = [{ depth: top, items: root }];

  for (const entry of entries) {
    const depth = Math.max(entry.depth, top);
    while (stack.length > 1 && (stack.at(-1)?.depth ?? top) > depth) stack.pop();
    let current = stack.at(-1) ?? { depth: top, items: root };
    if (depth > current.depth) {
      // A child list must be the very array the parent item holds: hastscript copies
      // the children it is given.
      const nested = h("ol");
      const parentItem = current.items.at(-1);
      if (parentItem && parentItem.type === "element") parentItem.children.push(nested);
      else current.items.push(h("li", [nested]));
      current = { depth, items: nested.children };
      stack.push(current);
    }
    current.items.push(h("li", [h("a", { href: `#${entry.id}` }, entry.text)]));
  }
  return list;
}
