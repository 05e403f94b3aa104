import type { StepId } from "../../method/index.js";
import { listWords, missingTopics, sectionText, stepName, type Topic } from "../text.js";
import type { Rule, RuleContext, RuleSeverity } from "../types.js";

interface CoverageRuleOptions {
  id: string;
  step: StepId;
  severity?: RuleSeverity;
  description: string;
  /** What the step should cover; the message names each one missing. */
  topics: readonly Topic[];
  /** What to do, after the semicolon. */
  advice: string;
  /** When the rule does not apply to a writeup at all. */
  skip?: (context: RuleContext) => boolean;
}

/**
 * A rule that a step mentions each of its topics, by keyword. Each rule covers every
 * section of its step (a step written twice is covered by either), and reports once,
 * at the step's first heading, naming each topic missing.
 */
export function coverageRule(options: CoverageRuleOptions): Rule {
  return {
    id: options.id,
    severity: options.severity ?? "warning",
    description: options.description,
    check(context) {
      const mine = context.byStep.get(options.step) ?? [];
      const first = mine[0];
      if (!first || options.skip?.(context)) return [];
      const text = mine.map(sectionText).join("\n");
      const missing = missingTopics(text, options.topics);
      if (missing.length === 0) return [];
      return [
        {
          reason: `Expected ${stepName(first.step)} to cover ${listWords(options.topics.map((topic) => topic.name))}, found nothing on ${
            options.topics.length === 1
              ? "it"
              : listWords(
                  missing.map((topic) => topic.name),
                  "or",
                )
          }; ${options.advice}`,
          place: first.heading.position,
        },
      ];
    },
  };
}
