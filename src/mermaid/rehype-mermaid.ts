import type { Element, Root } from "hast";
import type { Plugin } from "unified";
import type { VFile } from "vfile";
import { fail } from "../pipeline/messages.js";
import { collectMermaid, type MermaidBlock } from "./collect.js";
import type { ColourVariant } from "./mermaid-package.js";
import type { DiagramResult } from "./renderer.js";
import { sanitizeSvg } from "./sanitize.js";
import { parseSvg, renumberIds, svgTitle } from "./svg.js";

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
 * `<figure class="diagram">` holding the light and the dark rendering of a
 * diagram. `takenIds` are the page's ids so far; the figure's are added.
 */
export function diagramFigure(
  result: Extract<DiagramResult, { status: "rendered" }>,
  block: MermaidBlock,
  idPrefix = "diagram",
  takenIds = new Set<string>(),
): Element {
  return {
    type: "element",
    tagName: "figure",
    properties: { className: ["diagram"] },
    children: [
      variantSvg(result.svg.light, "light", block, idPrefix, takenIds),
      variantSvg(result.svg.dark, "dark", block, idPrefix, takenIds),
    ],
    position: block.node.position,
  };
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
  const ruleId = result.kind === "browser-crash" ? "mermaid/browser-crash" : "mermaid-render";
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
): void {
  // Diagram ids never repeat the page's heading ids, nor each other.
  const takenIds = new Set(file.data.ids ?? []);
  for (const block of blocks) {
    const result = diagrams.get(block.source);
    let replacement: Element | undefined;
    if (result?.status === "rendered") {
      replacement = diagramFigure(result, block, idPrefix, takenIds);
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
