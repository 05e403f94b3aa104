import type { RootContent } from "mdast";
import { stepName } from "../text.js";
import type { Rule } from "../types.js";

export const emptyStep: Rule = {
  id: "nine-steps/empty-step",
  severity: "error",
  description: "A step with no content beyond its heading and empty sub-headings",
  check({ sections }) {
    return sections
      .filter((section) => !section.children.some(isContent))
      .map((section) => ({
        reason: `Expected content under ${stepName(section.step)}, found only ${section.children.length > 0 ? "headings" : "its heading"}; write the step: ${section.step.covers}`,
        place: section.heading.position,
      }));
  },
};

// Sub-headings and HTML comments (such as disable markers) are not content.
function isContent(node: RootContent): boolean {
  if (node.type === "heading") return false;
  if (node.type === "html" && /^\s*<!--[\s\S]*-->\s*$/.test(node.value)) return false;
  return true;
}
