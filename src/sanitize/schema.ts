import { defaultSchema, type Schema } from "hast-util-sanitize";

/**
 * What a writeup's HTML may hold once sanitized: `hast-util-sanitize`'s default
 * (GitHub's rules) with what designpress's own markup needs, and without what
 * could run script, leave the page, or reach past the writeup on a
 * `<user>.github.io` origin shared by every project site of its owner.
 *
 * Changes from the default, and why:
 * - ids are kept as written, without GitHub's `user-content-` prefix, so heading
 *   links written for GitHub (`#8-discuss-scaling`) and an author's own anchors
 *   keep working. The prefix defends against DOM clobbering; here nothing can
 *   clobber: `name` (which puts `<img>`, `<form>`, `<embed>`… on `document` and
 *   can shadow its methods) is dropped, and the site's scripts look nothing up
 *   by id or through a global an id could shadow.
 * - classes, `data-*` and ARIA attributes are allowed on every element: the
 *   estimates table and charts, footnotes and task lists are styled by class;
 *   a class cannot run anything.
 * - tables get `caption`, `col` and `colgroup`; text gets `figure`, `abbr`,
 *   `mark`, `small`, `cite`, `dfn`, `time`, `u` and `wbr`.
 * - inline SVG keeps the shapes, text and presentation attributes the capacity
 *   charts use; `<foreignObject>`, `<use>`, `<image>`, `<a>`, `<animate>`, `<set>`,
 *   `<script>` and `<style>` in SVG are not kept.
 * - `<img src>` may be a `data:image/…` URL (checked in `urls.ts`).
 * - `style` attributes and `<style>` are not kept (a stylesheet restyles the
 *   whole page, the site's header and links included); comments are not kept.
 * - elements whose content is code or a fallback (`<script>`, `<style>`,
 *   `<iframe>`, `<object>`, `<embed>`, `<noscript>`, `<template>`, `<textarea>`…)
 *   are removed with their content; other elements not listed are replaced by
 *   their content (`<form>`, `<button>`, `<video>`, `<center>`…).
 */
const svgElements = [
  "svg",
  "g",
  "path",
  "line",
  "polyline",
  "polygon",
  "rect",
  "circle",
  "ellipse",
  "text",
  "tspan",
  "title",
  "desc",
];

const svgAttributes = [
  "xmlns",
  "viewBox",
  "preserveAspectRatio",
  "width",
  "height",
  "x",
  "y",
  "x1",
  "y1",
  "x2",
  "y2",
  "dx",
  "dy",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "d",
  "points",
  "transform",
  "fill",
  "fillOpacity",
  "fillRule",
  "stroke",
  "strokeOpacity",
  "strokeWidth",
  "strokeDashArray",
  "strokeLineCap",
  "strokeLineJoin",
  "opacity",
  "fontFamily",
  "fontSize",
  "fontWeight",
  "textAnchor",
  "dominantBaseline",
  "vectorEffect",
  "focusable",
];

/** Removed with their content, not replaced by it. */
const stripped = [
  "script",
  "style",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "noscript",
  "noembed",
  "noframes",
  "template",
  "textarea",
  "xmp",
  "plaintext",
  "title",
];

const defaultAttributes = defaultSchema.attributes ?? {};
const notKept = new Set(["name", "action"]);

export const contentSchema: Schema = {
  ...defaultSchema,
  allowComments: false,
  clobber: [],
  clobberPrefix: "",
  strip: stripped,
  tagNames: [
    ...(defaultSchema.tagNames ?? []),
    "abbr",
    "caption",
    "cite",
    "col",
    "colgroup",
    "dfn",
    "figcaption",
    "figure",
    "mark",
    "small",
    "time",
    "u",
    "wbr",
    ...svgElements,
  ],
  // An SVG element outside `<svg>` is not what it seems (`<title>` in the body).
  ancestors: {
    ...defaultSchema.ancestors,
    ...Object.fromEntries(
      svgElements.filter((name) => name !== "svg").map((name) => [name, ["svg"]]),
    ),
    caption: ["table"],
    col: ["table"],
    colgroup: ["table"],
  },
  attributes: {
    ...defaultAttributes,
    img: [...(defaultAttributes.img ?? []), "loading", "srcSet"],
    ...Object.fromEntries(svgElements.map((name) => [name, svgAttributes])),
    "*": [
      ...(defaultAttributes["*"] ?? []).filter(
        (definition) => !notKept.has(typeof definition === "string" ? definition : definition[0]),
      ),
      "className",
      "data*",
      "role",
      "ariaLabel",
      "ariaLabelledBy",
      "ariaDescribedBy",
      "ariaHidden",
    ],
  },
  protocols: {
    ...defaultSchema.protocols,
    // `data:` only for images: `urls.ts` drops any other `data:` URL first.
    src: [...(defaultSchema.protocols?.src ?? []), "data"],
  },
};
