import { VFile } from "vfile";
import { configFileNames, type ReadConfig } from "../config/index.js";
import { report } from "../core/messages.js";
import { unknownIdFindings } from "./controls.js";
import { ruleIds, splitRuleConfig } from "./rules/index.js";
import { unknownRule } from "./rules/unknown-rule.js";

/**
 * The site config as a file carrying a message per unknown rule id in
 * `check.rules`, at the id, or undefined when there is none (or the rule is
 * off). Both `check` and `build` report these once, against the config, not on
 * every page.
 */
export function unknownConfigRuleIds({
  config,
  fileName,
  rulePlaces,
}: ReadConfig): VFile | undefined {
  const rules = config.check.rules;
  const { unknown } = splitRuleConfig(rules);
  const severity = rules[unknownRule.id] ?? unknownRule.severity;
  if (unknown.length === 0 || severity === "off") return undefined;

  const file = new VFile({ path: fileName ?? configFileNames[0] });
  const uses = unknown.map((id) => ({ id, place: rulePlaces.get(id), where: "`check.rules`" }));
  for (const finding of unknownIdFindings(uses, ruleIds)) {
    report(file, severity === "error", finding.reason, finding.place, unknownRule.id);
  }
  return file;
}
