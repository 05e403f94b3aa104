import type { Heading, Root, RootContent } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import { matchStep, type Step, type StepMatcher } from "./steps.js";

/** A heading recognised as one of the nine steps, with the content it spans. */
export interface StepSection {
  step: Step;
  heading: Heading;
  /** Index of the heading in `tree.children`. */
  index: number;
  /** The nodes between the heading and the next heading of the same or a higher level. */
  children: RootContent[];
}

/**
 * The steps a document covers, in document order. Steps sit at one heading level:
 * the level of the first heading that names a step.
 */
export function outlineSteps(tree: Root, match: StepMatcher = matchStep): StepSection[] {
  const sections: StepSection[] = [];
  let depth: number | undefined;

  tree.children.forEach((node, index) => {
    if (node.type !== "heading") return;
    if (depth !== undefined && node.depth !== depth) return;
    const step = match(mdastToString(node));
    if (!step) return;
    depth = node.depth;
    sections.push({ step, heading: node, index, children: [] });
  });

  for (const section of sections) {
    let end = section.index + 1;
    while (end < tree.children.length) {
      const node = tree.children[end];
      if (node?.type === "heading" && node.depth <= section.heading.depth) break;
      end++;
    }
    section.children = tree.children.slice(section.index + 1, end);
  }
  return sections;
}

declare module "vfile" {
  interface DataMap {
    /**
     * The page's step outline, made once by the nine-step check and read by the
     * plugins after it (the estimates table goes after step 3).
     */
    outline: StepSection[];
  }
}
