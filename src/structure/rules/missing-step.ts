import { toString as mdastToString } from "mdast-util-to-string";
import { steps } from "../../method/index.js";
import { headingMarkup, stepName } from "../text.js";
import type { Finding, Rule } from "../types.js";

export const missingStep: Rule = {
  id: "nine-steps/missing-step",
  severity: "error",
  description: "A step that is absent (names the step and its canonical heading)",
  check({ tree, firstOf, stepDepth, matcher }) {
    const findings: Finding[] = [];
    for (const step of steps) {
      if (firstOf.has(step.id)) continue;
      const heading = headingMarkup(stepDepth, step.canonical);

      // A step written at another heading level is present but not where steps sit.
      const misplaced = tree.children.find(
        (node) =>
          node.type === "heading" &&
          node.depth !== stepDepth &&
          matcher(mdastToString(node)) === step,
      );
      if (misplaced?.type === "heading") {
        findings.push({
          reason: `Expected ${stepName(step)} as a level-${stepDepth} heading like the other steps, found it at level ${misplaced.depth}; change it to \`${heading}\``,
          place: misplaced.position,
        });
        continue;
      }

      // Where the step should have been: before the first later step in the document,
      // else at the end.
      const nextHeading = [...firstOf.values()]
        .filter((section) => section.step.number > step.number)
        .sort((a, b) => a.index - b.index)[0]?.heading;
      const where = nextHeading ? `before “${mdastToString(nextHeading)}”` : "at the end";
      findings.push({
        reason: `Expected ${stepName(step)}, found no heading for it; add a \`${heading}\` section ${where} that covers ${step.covers}`,
        place: nextHeading?.position?.start ?? tree.position?.end ?? { line: 1, column: 1 },
      });
    }
    return findings;
  },
};
