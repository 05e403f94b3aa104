/**
 * The nine-step structure check: the rules, the unified plugin and a pure
 * `checkFile` for the CLI. The rules are documented in the README, "Checking writeups".
 */
import { rules } from "./rules/index.js";
import type { RuleSeverity } from "./types.js";

export type { StructureOptions } from "./check.js";
export { checkFile } from "./check-file.js";
export type { SeverityConfig } from "./controls.js";
export { default as remarkNineSteps } from "./plugin.js";
export { ruleIds, rules, splitRuleConfig } from "./rules/index.js";

/** The rules as data: id, default severity and what each reports. */
export const ruleList: readonly { id: string; severity: RuleSeverity; description: string }[] =
  rules.map(({ id, severity, description }) => ({ id, severity, description }));
