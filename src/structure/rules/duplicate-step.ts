import { stepName } from "../text.js";
import type { Rule } from "../types.js";

export const duplicateStep: Rule = {
  id: "nine-steps/duplicate-step",
  severity: "warning",
  description: "A step that appears twice",
  check({ sections, firstOf }) {
    return sections
      .filter((section) => firstOf.get(section.step.id) !== section)
      .map((section) => {
        const firstLine = firstOf.get(section.step.id)?.heading.position?.start.line;
        return {
          reason: `Expected ${stepName(section.step)} once, found it again (first on line ${firstLine}); merge the two sections or rename this heading`,
          place: section.heading.position,
        };
      });
  },
};
