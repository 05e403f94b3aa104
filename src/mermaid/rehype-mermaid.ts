import type { Element, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import type { Plugin } from "unified";
import type { VFile } from "vfile";
import { fail } from "../core/messages.js";
import { collectMermaid, type MermaidBlock } from "./collect.js";
import type { ColourVariant } from "./mermaid-package.js";
import type { DiagramResult } from "./renderer.js";
import { sanitizeSvg } from "./sanitize.js";
import { mergeSchemes } from "./schemes.js";
import { parseSvg, renumberIds, svgTitle } from "./svg.js";

declare module "hast" {
  interface Data {
    /**
     * On a `figure.diagram`: the diagram on its own, light and dark, as SVG
     * files by name, for the build to write beside the page (the figure links them).
     */
    diagramFiles?: Record<string, string>;
  }
}

declare module "vfile" {
  interface DataMap {
    /**
     * Set when a diagram of the page was left for the reader's browser to render
     * (no browser at build time): the page must load the client script.
     */
    mermaidClient: boolean;
  }
}

export interface RehypeMermaidInlineOptions {
  /** The site stage's results by diagram source (`RenderReport.results`). */
  diagrams: ReadonlyMap<string, DiagramResult>;
  /** Start of the ids given to each diagram's elements. Default `diagram`. */
  idPrefix?: string;
}

/** The name read out for a diagram without its own `accTitle`. */
export function fallbackDiagramName(block: Pick<MermaidBlock, "index" | "heading">): string {
  return block.heading ? `Diagram ${block.index}: ${block.heading}` : `Diagram ${block.index}`;
}

function variantSvg(
  svgText: string,
  variant: ColourVariant,
  block: MermaidBlock,
  idPrefix: string,
  takenIds: Set<string>,
): Element {
  // Fresh or from the cache, the SVG is untrusted until sanitized.
  const svg = sanitizeSvg(parseSvg(svgText));
  renumberIds(svg, `${idPrefix}-${block.index}-${variant}`, takenIds);
  const classes = Array.isArray(svg.properties.className) ? svg.properties.className : [];
  svg.properties.className = [...classes, `diagram-${variant}`];
  if (!svgTitle(svg)) {
    // mermaid labels the SVG by its <title> only when the diagram has an accTitle.
    delete svg.properties.ariaLabelledBy;
    svg.properties.ariaLabel = fallbackDiagramName(block);
  }
  return svg;
}

/**
 * Diagram types (by mermaid's `aria-roledescription`) whose labels mermaid
 * draws at 10 px: drawn 1.2 times their size, so labels reach 12 CSS px
 * (measured on the corpus by test/site/corpus-diagrams.test.ts).
 */
const labelZoom: Record<string, number> = { gitGraph: 1.2, gantt: 1.2 };

/**
 * Draw the SVG at mermaid's own size (its `viewBox`) instead of shrinking it
 * to the column: mermaid writes `width="100%"` and a `max-width`, which scale
 * a wide diagram's labels down to a few pixels. Its box scrolls instead.
 */
function atNaturalSize(svg: Element): void {
  const viewBox = String(svg.properties.viewBox ?? "")
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const [width, height] = [viewBox[2], viewBox[3]];
  if (!width || !height || !Number.isFinite(width) || !Number.isFinite(height)) return;
  const zoom = labelZoom[String(svg.properties.ariaRoleDescription)] ?? 1;
  svg.properties.width = String(Math.ceil(width * zoom));
  svg.properties.height = String(Math.ceil(height * zoom));
  const style = String(svg.properties.style ?? "")
    .replace(/(^|;)\s*max-width\s*:[^;]*/g, "$1")
    .replace(/^[\s;]+|[\s;]+$/g, "");
  if (style) svg.properties.style = style;
  else delete svg.properties.style;
}

/** The SVG as a file of its own: XML, so HTML's void elements are closed (`<br/>`). */
function standaloneSvg(svg: Element): string {
  // Only the root changes: its children are shared, not copied.
  const { className: _, ...properties } = svg.properties;
  const standalone: Element = {
    ...svg,
    properties: { ...properties, xmlns: "http://www.w3.org/2000/svg" },
  };
  return `${toHtml(standalone, { space: "svg", closeSelfClosing: true, closeEmptyElements: true })}\n`;
}

/**
 * `<figure class="diagram">`: the diagram at its natural size in a box that
 * scrolls sideways when it is wider than the column (focusable, so a keyboard
 * scrolls it too, and named after the diagram), then links to the diagram on
 * its own, light and dark, to see it whole. One SVG follows both colour
 * schemes when the two renderings differ only in their style sheets
 * ({@link mergeSchemes}); otherwise both are inlined and the stylesheet shows
 * the one that matches. `takenIds` are the page's ids so far; the figure's
 * are added.
 */
export function diagramFigure(
  result: Extract<DiagramResult, { status: "rendered" }>,
  block: MermaidBlock,
  idPrefix = "diagram",
  takenIds = new Set<string>(),
): Element {
  const light = variantSvg(result.svg.light, "light", block, idPrefix, takenIds);
  const dark = variantSvg(result.svg.dark, "dark", block, idPrefix, takenIds);
  const name = svgTitle(light) ?? fallbackDiagramName(block);
  const files = {
    [`${idPrefix}-${block.index}-light.svg`]: standaloneSvg(light),
    [`${idPrefix}-${block.index}-dark.svg`]: standaloneSvg(dark),
  };
  const merged = mergeSchemes(light, dark);
  const svgs = merged ? [merged] : [light, dark];
  for (const svg of svgs) atNaturalSize(svg);
  const [lightFile, darkFile] = Object.keys(files);
  const open = (scheme: "light" | "dark", href: string | undefined) =>
    h("a", { className: ["diagram-open", `diagram-open-${scheme}`], href }, [
      "Open full size",
      h("span.visually-hidden", `: ${name}${scheme === "dark" ? " (dark)" : ""}`),
    ]);
  const figure: Element = {
    type: "element",
    tagName: "figure",
    properties: { className: ["diagram"] },
    children: [
      h("div.diagram-scroll", { tabIndex: 0, role: "group", ariaLabel: name }, svgs),
      h("p.diagram-actions", [open("light", lightFile), open("dark", darkFile)]),
    ],
    position: block.node.position,
  };
  // hast-util-from-parse5 declares `data.position` required on every element;
  // a figure made here has none.
  return Object.assign(figure, { data: { diagramFiles: files } });
}

/** `<pre class="mermaid">` for mermaid's own script to render in the reader's browser. */
export function clientSideBlock(block: MermaidBlock): Element {
  return {
    type: "element",
    tagName: "pre",
    properties: { className: ["mermaid"] },
    children: [{ type: "text", value: block.source }],
    position: block.node.position,
  };
}

/**
 * A diagram that did not render fails its page. Only mermaid's own error is
 * the diagram's syntax; the other messages say what happened and what to do,
 * and a crashed browser is not blamed on the diagram.
 */
function reportFailure(
  file: VFile,
  block: MermaidBlock,
  result: Extract<DiagramResult, { status: "failed" }>,
): void {
  const reason =
    result.kind === "mermaid"
      ? `Expected a mermaid diagram that renders, but mermaid reports: ${result.message}; fix the diagram (syntax: https://mermaid.js.org/intro/syntax-reference.html)`
      : result.message;
  const ruleId = result.kind === "browser-crash" ? "mermaid/browser-crash" : "mermaid/render";
  fail(file, reason, block.position, ruleId);
}

/**
 * Replace each of a page's mermaid `blocks` (from {@link collectMermaid}) with
 * its rendered SVG (both colour variants) from the site's render stage. A
 * diagram that failed stays a code block and is reported on the file; one that
 * was not rendered (no browser) becomes `<pre class="mermaid">` for the client
 * script.
 */
export function inlineMermaidBlocks(
  blocks: readonly MermaidBlock[],
  file: VFile,
  diagrams: ReadonlyMap<string, DiagramResult>,
  idPrefix = "diagram",
  /** How a rendered diagram becomes its figure (`designpress dev` passes one that remembers). */
  makeFigure: typeof diagramFigure = diagramFigure,
): void {
  // Diagram ids never repeat the page's heading ids, nor each other.
  const takenIds = new Set(file.data.ids ?? []);
  for (const block of blocks) {
    const result = diagrams.get(block.source);
    let replacement: Element | undefined;
    if (result?.status === "rendered") {
      replacement = makeFigure(result, block, idPrefix, takenIds);
    } else if (result?.status === "failed") {
      reportFailure(file, block, result);
    } else {
      replacement = clientSideBlock(block);
      file.data.mermaidClient = true;
    }
    if (replacement) Object.assign(block.node, replacement);
  }
}

/** {@link inlineMermaidBlocks} as a rehype plugin: collects the page's blocks, then inlines them. */
const rehypeMermaidInline: Plugin<[RehypeMermaidInlineOptions], Root> = (options) => {
  return (tree, file) => {
    inlineMermaidBlocks(collectMermaid(tree), file, options.diagrams, options.idPrefix);
  };
};

export default rehypeMermaidInline;
