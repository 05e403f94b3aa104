import { toString as mdastToString } from "mdast-util-to-string";
import type { StepSection } from "../../method/index.js";
import { stripStepLabel } from "../../method/steps.js";
import { stepName } from "../text.js";
import type { Finding, Rule } from "../types.js";

export const stepOrder: Rule = {
  id: "nine-steps/step-order",
  severity: "error",
  description: "A step that comes before one it should follow",
  check({ firstOf }) {
    const present = [...firstOf.values()];
    const kept = new Set(longestInOrder(present));
    const inOrder = present.filter((section) => kept.has(section));
    const findings: Finding[] = [];

    for (const section of present) {
      if (kept.has(section)) continue;
      const number = section.step.number;
      const after = inOrder.filter((other) => other.step.number < number).at(-1);
      const before = inOrder.find((other) => other.step.number > number);
      const belongs =
        after && before
          ? `between ${name(after)} and ${name(before)}`
          : after
            ? `after ${name(after)}`
            : `before ${name(before as StepSection)}`;
      const previous = inOrder.filter((other) => other.index < section.index).at(-1);
      const next = inOrder.find((other) => other.index > section.index);
      const found = previous ? `after ${name(previous)}` : `before ${name(next as StepSection)}`;
      findings.push({
        reason: `Expected ${stepName(section.step)} ${belongs}, found it ${found}; move the section so the steps run 1 to 9`,
        place: section.heading.position,
      });
    }
    return findings;
  },
};

// Other steps by number and heading as written (`step 4 “API Design”`), since a
// heading's own number may not be its step's.
function name(section: StepSection): string {
  return `step ${section.step.number} “${stripStepLabel(mdastToString(section.heading))}”`;
}

/**
 * The longest run of sections whose step numbers rise in document order; the rest
 * are the ones out of place. On a tie the later sections are kept, so the step
 * reported is the one that comes before a step it should follow.
 */
function longestInOrder(sections: readonly StepSection[]): StepSection[] {
  const length: number[] = [];
  const previous: (number | undefined)[] = [];
  sections.forEach((section, index) => {
    length[index] = 1;
    previous[index] = undefined;
    for (let earlier = 0; earlier < index; earlier++) {
      const candidate = (length[earlier] ?? 0) + 1;
      if (
        (sections[earlier]?.step.number ?? 0) < section.step.number &&
        candidate >= (length[index] ?? 0)
      ) {
        length[index] = candidate;
        previous[index] = earlier;
      }
    }
  });
  let end: number | undefined;
  for (let index = 0; index < sections.length; index++) {
    if (end === undefined || (length[index] ?? 0) >= (length[end] ?? 0)) end = index;
  }
  const chain: StepSection[] = [];
  for (let index = end; index !== undefined; index = previous[index]) {
    const section = sections[index];
    if (section) chain.unshift(section);
  }
  return chain;
}
