import { linkRuleIds } from "../../links/resolve.js";
import type { SeverityConfig } from "../controls.js";
import type { Rule } from "../types.js";
import { apiEndpoints } from "./api-endpoints.js";
import { capacityCoverage } from "./capacity-coverage.js";
import { capacityInput } from "./capacity-input.js";
import { constraintsCoverage } from "./constraints-coverage.js";
import { databaseChoice } from "./database-choice.js";
import { diagramComponents } from "./diagram-components.js";
import { diagramPresent } from "./diagram-present.js";
import { duplicateStep } from "./duplicate-step.js";
import { emptyStep } from "./empty-step.js";
import { failover } from "./failover.js";
import { frontMatter } from "./front-matter.js";
import { missingStep } from "./missing-step.js";
import { placeholder } from "./placeholder.js";
import { requirementsCoverage } from "./requirements-coverage.js";
import { scalingStrategies } from "./scaling-strategies.js";
import { staleFigure } from "./stale-figure.js";
import { stepOrder } from "./step-order.js";
import { unknownRule } from "./unknown-rule.js";

/** Every rule, in the order the reference lists them (messages are sorted by place). */
export const rules: readonly Rule[] = [
  missingStep,
  stepOrder,
  duplicateStep,
  emptyStep,
  requirementsCoverage,
  constraintsCoverage,
  capacityCoverage,
  capacityInput,
  staleFigure,
  apiEndpoints,
  diagramPresent,
  diagramComponents,
  databaseChoice,
  scalingStrategies,
  failover,
  frontMatter,
  placeholder,
  unknownRule,
];

export const ruleIds: readonly string[] = rules.map((rule) => rule.id);

/**
 * The site config's severities split into those of the nine-step rules (and the
 * project's own, `customIds`) and the ids that name no rule: an unknown id is
 * the config's problem, reported once against it (by `designpress check` and
 * the build), not on every page. The `links/*` rules are neither: the link
 * checks read their severities themselves.
 */
export function splitRuleConfig(
  config: SeverityConfig,
  customIds: readonly string[] = [],
): {
  known: SeverityConfig;
  unknown: string[];
} {
  const known: SeverityConfig = {};
  const unknown: string[] = [];
  for (const [id, severity] of Object.entries(config)) {
    if (ruleIds.includes(id) || customIds.includes(id)) known[id] = severity;
    else if (!linkRuleIds.includes(id)) unknown.push(id);
  }
  return { known, unknown };
}
