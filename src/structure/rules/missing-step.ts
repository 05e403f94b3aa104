import type { Heading } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import { type StepId, steps } from "../../method/index.js";
import { headingMarkup, stepName } from "../text.js";
import type { Finding, Rule } from "../types.js";

export const missingStep: Rule = {
  id: "nine-steps/missing-step",
  severity: "error",
  description: "A step that is absent (names the step and its canonical heading)",
  check({ tree, firstOf, stepDepth, matcher }) {
    if (firstOf.size === steps.length) return [];
    // What is there, read once: steps written at another heading level (present, but
    // not where steps sit), and the steps found, in document order.
    const misplacedOf = new Map<StepId, Heading>();
    for (const node of tree.children) {
      if (node.type !== "heading" || node.depth === stepDepth) continue;
      const step = matcher(mdastToString(node));
      if (step && !misplacedOf.has(step.id)) misplacedOf.set(step.id, node);
    }
    const present = [...firstOf.values()];

    const findings: Finding[] = [];
    for (const step of steps) {
      if (firstOf.has(step.id)) continue;
      const heading = headingMarkup(stepDepth, step.canonical);

      const misplaced = misplacedOf.get(step.id);
      if (misplaced) {
        findings.push({
          reason: `Expected ${stepName(step)} as a level-${stepDepth} heading like the other steps, found it at level ${misplaced.depth}; change it to \`${heading}\``,
          place: misplaced.position,
        });
        continue;
      }

      // Where the step should have been: before the first later step in the document,
      // else at the end.
      const nextHeading = present.find((section) => section.step.number > step.number)?.heading;
      const where = nextHeading ? `before “${mdastToString(nextHeading)}”` : "at the end";
      findings.push({
        reason: `Expected ${stepName(step)}, found no heading for it; add a \`${heading}\` section ${where} that covers ${step.covers}`,
        place: nextHeading?.position?.start ?? tree.position?.end ?? { line: 1, column: 1 },
      });
    }
    return findings;
  },
};
