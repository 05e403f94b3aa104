import type { Nodes } from "mdast";
import { stepName, stepNodes } from "../text.js";
import type { Rule } from "../types.js";

/** Code-block languages that are diagrams (rendered by designpress or another tool). */
const diagramLanguages = new Set(["mermaid", "plantuml", "puml", "dot", "graphviz", "d2"]);

function isDiagram(node: Nodes): boolean {
  if (node.type === "code") return diagramLanguages.has((node.lang ?? "").toLowerCase());
  if (node.type === "image" || node.type === "imageReference") return true;
  if (node.type === "html") return /<(?:img|svg|picture|object)\b/i.test(node.value);
  return false;
}

export const diagramPresent: Rule = {
  id: "nine-steps/diagram-present",
  severity: "warning",
  description: "Step 5 with no diagram",
  check({ byStep }) {
    const mine = byStep.get("diagram") ?? [];
    const first = mine[0];
    if (!first) return [];
    if (stepNodes(mine).some(isDiagram)) return [];
    return [
      {
        reason: `Expected a diagram in ${stepName(first.step)}, found none; add a \`\`\`mermaid flowchart (or an image) showing the client, web servers, database and workers`,
        place: first.heading.position,
      },
    ];
  },
};
