import type { Element, Root } from "hast";
import { headingRank } from "hast-util-heading-rank";
import { toString as hastToString } from "hast-util-to-string";
import type { Position } from "unist";
import { SKIP, visit } from "unist-util-visit";

/** One ```mermaid block of a page, as remark-rehype emits it: `<pre><code class="language-mermaid">`. */
export interface MermaidBlock {
  /** The `<pre>` element, replaced by the figure. */
  node: Element;
  /** The diagram's source, as written between the fences. */
  source: string;
  /** The fenced block's place in the Markdown file (undefined for generated trees). */
  position: Position | undefined;
  /** 1 for the page's first diagram, 2 for the second… */
  index: number;
  /** Text of the nearest heading above the block, to name the diagram by. */
  heading: string | undefined;
}

function isMermaidCode(node: Element): boolean {
  const classes = node.properties.className;
  return node.tagName === "code" && Array.isArray(classes) && classes.includes("language-mermaid");
}

/** The mermaid blocks of a page in document order. */
export function collectMermaid(tree: Root): MermaidBlock[] {
  const blocks: MermaidBlock[] = [];
  // The nearest heading names a diagram; its text is read only when a diagram follows.
  let headingNode: Element | undefined;
  let heading: string | undefined;
  visit(tree, "element", (node) => {
    if (headingRank(node)) {
      headingNode = node;
      return SKIP;
    }
    // A paragraph holds no code block: most of a page need not be walked.
    if (node.tagName === "p") return SKIP;
    if (node.tagName !== "pre") return;
    const code = node.children.find(
      (child): child is Element => child.type === "element" && isMermaidCode(child),
    );
    if (!code) return SKIP;
    // remark-rehype ends the code's text with a newline the fence did not hold.
    const source = hastToString(code).replace(/\n$/, "");
    if (headingNode) heading = hastToString(headingNode).trim() || heading;
    headingNode = undefined;
    blocks.push({ node, source, position: node.position, index: blocks.length + 1, heading });
    return SKIP;
  });
  return blocks;
}
