import type { Root as HastRoot } from "hast";
import type { Root as MdastRoot } from "mdast";
import type { Plugin } from "unified";
import type { StepId } from "../method/index.js";
import "../structure/types.js";

declare module "vfile" {
  interface DataMap {
    /** The id of each present step's heading, for the steps panel's links. */
    stepAnchors: Partial<Record<StepId, string>>;
  }
}

/** Carried from a step's mdast heading to its hast twin, and removed there. */
const marker = "dataDesignpressStep";

/**
 * Mark each step heading the checker found (`file.data.steps`), so that its
 * hast element says which step it is once remark-rehype has made it.
 */
export const remarkMarkStepHeadings: Plugin<[], MdastRoot> = () => (_tree, file) => {
  for (const step of file.data.steps ?? []) {
    const node = step.heading?.node;
    if (!node) continue;
    node.data ??= {};
    node.data.hProperties = { ...node.data.hProperties, [marker]: step.id };
  }
};

/**
 * After the headings have ids (`rehypeHeadingIds`): record each step heading's id in
 * `file.data.stepAnchors` and take the mark off. Steps are top-level headings,
 * so only the root's children are looked at.
 */
export const rehypeStepAnchors: Plugin<[], HastRoot> = () => (tree, file) => {
  const anchors: Partial<Record<StepId, string>> = {};
  for (const node of tree.children) {
    if (node.type !== "element" || !(marker in node.properties)) continue;
    const step = node.properties[marker] as StepId;
    delete node.properties[marker];
    if (typeof node.properties.id === "string") anchors[step] = node.properties.id;
  }
  file.data.stepAnchors = anchors;
};
