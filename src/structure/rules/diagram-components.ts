import type { Code } from "mdast";
import { mermaidNodeText, missingComponents } from "../mermaid-labels.js";
import { listWords, stepNodes } from "../text.js";
import type { Rule } from "../types.js";

export const diagramComponents: Rule = {
  id: "nine-steps/diagram-components",
  severity: "warning",
  description:
    "A step-5 mermaid diagram without a node for client, web server, database or worker (each named)",
  check({ byStep }) {
    // The step's diagrams together: an overview and a detail diagram may split the parts.
    const diagrams = stepNodes(byStep.get("diagram") ?? []).filter(
      (node): node is Code => node.type === "code" && node.lang?.toLowerCase() === "mermaid",
    );
    const first = diagrams[0];
    if (!first) return [];
    const text = diagrams.map((diagram) => mermaidNodeText(diagram.value)).join("\n");
    const missing = missingComponents(text);
    if (missing.length === 0) return [];
    return [
      {
        reason: `Expected the step-5 diagram to show a client, a web server, a database and a worker, found no node for ${listWords(
          missing.map((component) => component.name),
          "or",
        )}; add ${listWords(missing.map((component) => `\`${component.example}\``))}`,
        place: first.position,
      },
    ];
  },
};
