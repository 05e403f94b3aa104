import type { Code, Nodes } from "mdast";
import { mermaidNodeText, missingComponents } from "../mermaid-labels.js";
import { descendants, listWords } from "../text.js";
import type { Rule } from "../types.js";

export const diagramComponents: Rule = {
  id: "nine-steps/diagram-components",
  severity: "warning",
  description:
    "A step-5 mermaid diagram without a node for client, web server, database or worker (each named)",
  check({ sections }) {
    // The step's diagrams together: an overview and a detail diagram may split the parts.
    const diagrams = sections
      .filter((section) => section.step.id === "diagram")
      .flatMap((section) => [...descendants(section.children as Nodes[])])
      .filter(
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
