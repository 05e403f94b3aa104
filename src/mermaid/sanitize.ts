import type { Element, Root } from "hast";
import { type Schema, sanitize } from "hast-util-sanitize";
import { visit } from "unist-util-visit";

/**
 * The SVG elements mermaid draws with: structure, shapes, text, markers,
 * gradients, clip paths and the drop-shadow filters. No `<script>`, no
 * `<animate>`/`<set>`/`<animateMotion>` (SMIL can rewrite an `href` after the
 * sanitizer has looked at it), no `<feImage>` (it loads a URL).
 */
const svgElements = [
  "svg",
  "g",
  "defs",
  "desc",
  "title",
  "style",
  "symbol",
  "use",
  "switch",
  "a",
  "marker",
  "clipPath",
  "mask",
  "pattern",
  "linearGradient",
  "radialGradient",
  "stop",
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
  "textPath",
  "image",
  "foreignObject",
  "filter",
  "feBlend",
  "feColorMatrix",
  "feComponentTransfer",
  "feComposite",
  "feDropShadow",
  "feFlood",
  "feFuncA",
  "feFuncB",
  "feFuncG",
  "feFuncR",
  "feGaussianBlur",
  "feMerge",
  "feMergeNode",
  "feMorphology",
  "feOffset",
];

/** The HTML mermaid writes in labels (inside `<foreignObject>`): Markdown formatting, line breaks, images. */
const labelElements = [
  "div",
  "span",
  "p",
  "br",
  "i",
  "b",
  "strong",
  "em",
  "code",
  "pre",
  "sub",
  "sup",
  "u",
  "s",
  "del",
  "ins",
  "small",
  "mark",
  "kbd",
  "img",
  "ul",
  "ol",
  "li",
  "hr",
];

/** MathML, which KaTeX writes for `$$…$$` in labels. */
const mathElements = [
  "math",
  "semantics",
  "annotation",
  "mrow",
  "mi",
  "mo",
  "mn",
  "ms",
  "mtext",
  "mspace",
  "msup",
  "msub",
  "msubsup",
  "mfrac",
  "msqrt",
  "mroot",
  "mover",
  "munder",
  "munderover",
  "mtable",
  "mtr",
  "mtd",
  "mstyle",
  "mpadded",
  "mphantom",
  "menclose",
];

/** Geometry and presentation attributes (hast property names), none of which loads or runs anything. */
const svgAttributes = [
  "x",
  "y",
  "x1",
  "x2",
  "y1",
  "y2",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "fx",
  "fy",
  "fr",
  "dx",
  "dy",
  "d",
  "points",
  "width",
  "height",
  "viewBox",
  "preserveAspectRatio",
  "transform",
  "transformOrigin",
  "pathLength",
  "fill",
  "fillOpacity",
  "fillRule",
  "stroke",
  "strokeWidth",
  "strokeDashArray",
  "strokeDashOffset",
  "strokeLineCap",
  "strokeLineJoin",
  "strokeMiterLimit",
  "strokeOpacity",
  "opacity",
  "color",
  "visibility",
  "display",
  "overflow",
  "clipPath",
  "clipRule",
  "clipPathUnits",
  "mask",
  "maskUnits",
  "maskContentUnits",
  "filter",
  "filterUnits",
  "primitiveUnits",
  "fontFamily",
  "fontSize",
  "fontStyle",
  "fontWeight",
  "fontVariant",
  "textAnchor",
  "textDecoration",
  "dominantBaseline",
  "alignmentBaseline",
  "baselineShift",
  "letterSpacing",
  "wordSpacing",
  "writingMode",
  "lengthAdjust",
  "textLength",
  "rotate",
  "startOffset",
  "xmlSpace",
  "markerStart",
  "markerMid",
  "markerEnd",
  "markerWidth",
  "markerHeight",
  "markerUnits",
  "refX",
  "refY",
  "orient",
  "offset",
  "stopColor",
  "stopOpacity",
  "gradientUnits",
  "gradientTransform",
  "spreadMethod",
  "patternUnits",
  "patternContentUnits",
  "patternTransform",
  "stdDeviation",
  "floodColor",
  "floodOpacity",
  "in",
  "in2",
  "result",
  "mode",
  "operator",
  "type",
  "values",
  "tableValues",
  "slope",
  "intercept",
  "amplitude",
  "exponent",
  "k1",
  "k2",
  "k3",
  "k4",
  "radius",
  "vectorEffect",
  "shapeRendering",
  "textRendering",
  "paintOrder",
  "name",
  "title",
  "xmlnsXLink",
];

const mathAttributes = [
  "display",
  "displaystyle",
  "scriptlevel",
  "mathvariant",
  "mathsize",
  "stretchy",
  "fence",
  "separator",
  "lspace",
  "rspace",
  "accent",
  "accentunder",
  "movablelimits",
  "largeop",
  "symmetric",
  "minsize",
  "maxsize",
  "linethickness",
  "notation",
  "columnalign",
  "columnspacing",
  "columnlines",
  "rowalign",
  "rowspacing",
  "rowlines",
  "width",
  "height",
  "depth",
  "voffset",
  "encoding",
];

/** `data:` only for images (a flowchart `img:` may embed one); any other scheme is left to `protocols`. */
const notData = /^(?!data:)/;
const imageUrl = /^(?!data:)|^data:image\/(?:avif|bmp|gif|jpeg|png|svg\+xml|webp)[;,]/;
/** `<use>` may only point into the SVG itself. */
const fragment = /^#/;

/**
 * An allow-list schema for mermaid's SVG, for `hast-util-sanitize`. It keeps
 * every element and attribute mermaid writes (styles, markers, ids, labels in
 * `<foreignObject>`) and nothing that runs, embeds or navigates: no script,
 * event handler, SMIL animation, `<base>`, `<meta>`, `<form>`, `<iframe>`,
 * `<object>`, `<embed>` or `<noscript>`, and no URL but `http(s)`, `mailto`,
 * a relative one, or an image `data:` URL on an image. Label markup is kept
 * only inside `<foreignObject>`. Ids are kept (not prefixed): the page
 * renumbers them.
 */
export const svgSchema: Schema = {
  tagNames: [...svgElements, ...labelElements, ...mathElements],
  // Dropped with their content; any other unknown element is replaced by its content.
  strip: [
    "script",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "textarea",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
    "select",
    "animate",
    "animateMotion",
    "animateTransform",
    "set",
    "discard",
  ],
  ancestors: Object.fromEntries(
    [...labelElements, ...mathElements].map((name) => [name, ["foreignObject"]]),
  ),
  attributes: {
    "*": [
      "className",
      "id",
      "style",
      "role",
      "ariaLabel",
      "ariaLabelledBy",
      "ariaDescribedBy",
      "ariaRoleDescription",
      "ariaHidden",
      "xmlns",
      "data*",
    ],
    ...Object.fromEntries(svgElements.map((name) => [name, svgAttributes])),
    ...Object.fromEntries(mathElements.map((name) => [name, mathAttributes])),
    a: [
      ...svgAttributes,
      ["href", notData],
      ["xLinkHref", notData],
      ["target", "_blank", "_self", "_parent", "_top"],
      "rel",
    ],
    image: [...svgAttributes, ["href", imageUrl], ["xLinkHref", imageUrl]],
    use: [...svgAttributes, ["href", fragment], ["xLinkHref", fragment]],
    img: [["src", imageUrl], "alt", "width", "height"],
  },
  protocols: {
    href: ["http", "https", "mailto", "data"],
    xLinkHref: ["http", "https", "mailto", "data"],
    src: ["http", "https", "data"],
  },
  clobber: [],
  required: {},
  allowComments: false,
  allowDoctypes: false,
};

/**
 * The HTML serializer writes the text of a `<style>` as is, and inside an
 * `<svg>` the browser parses that text as markup: a `<` in it (written as
 * `&lt;` or in CDATA in the source, so harmless to the sanitizer) would come
 * back as a tag (`</style><img onerror=…>`). CSS reads the escape `\3c ` as
 * the same character in strings and names, so nothing mermaid writes changes.
 */
function neutraliseStyleText(root: Element): void {
  visit(root as unknown as Root, "element", (element) => {
    if (element.tagName !== "style") return;
    for (const child of element.children) {
      if (child.type === "text") child.value = child.value.replaceAll("<", "\\3c ");
    }
  });
}

/**
 * A safe copy of one SVG (parsed with `parseSvg`): what {@link svgSchema}
 * allows, with `<style>` text that cannot break out. Every SVG inlined into a
 * page goes through it, fresh from mermaid or read back from the cache.
 */
export function sanitizeSvg(svg: Element): Element {
  const clean = sanitize(svg, svgSchema);
  if (clean.type !== "element" || clean.tagName !== "svg") {
    throw new Error("Expected an <svg> element after sanitizing, found none");
  }
  neutraliseStyleText(clean);
  return clean;
}
