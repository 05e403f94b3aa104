import { distance } from "fastest-levenshtein";
import type { Heading } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import {
  normaliseHeading,
  type Step,
  type StepId,
  stepLabelNumber,
  steps,
  stripStepLabel,
} from "../../method/index.js";
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
    // Headings where steps sit that name no step: a misspelt step is among them.
    const unnamed: { node: Heading; text: string }[] = [];
    for (const node of tree.children) {
      if (node.type !== "heading") continue;
      const text = mdastToString(node);
      const step = matcher(text);
      if (node.depth !== stepDepth) {
        if (step && !misplacedOf.has(step.id)) misplacedOf.set(step.id, node);
      } else if (!step) unnamed.push({ node, text });
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

      const near = unnamed.find(({ text }) => nearestName(text, step) !== undefined);
      if (near) {
        unnamed.splice(unnamed.indexOf(near), 1);
        const label = near.text.slice(0, near.text.length - stripStepLabel(near.text).length);
        const meant = headingMarkup(stepDepth, `${label}${nearestName(near.text, step)}`);
        findings.push({
          reason: `Expected ${stepName(step)}, found “${near.text}”, which nearly names it; correct the heading to \`${meant}\``,
          place: near.node.position,
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

/**
 * The step heading a heading nearly is, if any: a misspelling of one of the
 * step's headings (“Database Desing”), a fifth of its letters off at most; for a
 * short heading (“APO”), only with the step's number as its label.
 */
function nearestName(text: string, step: Step): string | undefined {
  const words = normaliseHeading(text);
  if (words === "") return undefined;
  const numbered = stepLabelNumber(text) === step.number;
  return [step.canonical, ...step.accepted].find((name) => {
    const target = normaliseHeading(name);
    const off = distance(words, target);
    return off <= Math.max(1, Math.floor(target.length / 5)) && (target.length >= 6 || numbered);
  });
}
