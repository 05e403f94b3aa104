import type { Element } from "hast";
import { h, s } from "hastscript";
import type { Markup } from "./markup.js";

/** Markup as hast, for the page: SVG elements (and their children) in SVG space. */
export function markupToHast(node: Markup, inSvg = false): Element {
  const svg = inSvg || node.tag === "svg";
  const children = node.children.map((child) =>
    typeof child === "string" ? child : markupToHast(child, svg),
  );
  return svg ? s(node.tag, node.attributes, children) : h(node.tag, node.attributes, children);
}
