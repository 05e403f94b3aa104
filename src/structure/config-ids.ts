import { readFile } from "node:fs/promises";
import path from "node:path";
import { VFile } from "vfile";
import { configFileNames, type Severity } from "../config/index.js";
import { report } from "../pipeline/messages.js";
import { unknownIdFindings } from "./controls.js";
import { ruleIds, splitRuleConfig } from "./rules/index.js";
import { unknownRule } from "./rules/unknown-rule.js";

/**
 * The site config as a file carrying a message per unknown rule id in
 * `check.rules`, or undefined when there is none (or the rule is off). Both
 * `check` and `build` report these once, against the config, not on every page.
 */
export async function unknownConfigRuleIds(
  root: string,
  rules: Readonly<Record<string, Severity>>,
): Promise<VFile | undefined> {
  const { unknown } = splitRuleConfig(rules);
  const severity = rules[unknownRule.id] ?? unknownRule.severity;
  if (unknown.length === 0 || severity === "off") return undefined;

  let name: string = configFileNames[0];
  let text = "";
  for (const candidate of configFileNames) {
    const content = await readFile(path.join(root, candidate), "utf8").catch(() => undefined);
    if (content !== undefined) {
      name = candidate;
      text = content;
      break;
    }
  }
  const file = new VFile({ path: name, value: text });
  const uses = unknown.map((id) => {
    const offset = text.indexOf(id);
    const before = text.slice(0, Math.max(offset, 0)).split("\n");
    const place =
      offset < 0 ? undefined : { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
    return { id, place, where: "`check.rules`" };
  });
  for (const finding of unknownIdFindings(uses, ruleIds)) {
    report(file, severity === "error", finding.reason, finding.place, unknownRule.id);
  }
  return file;
}
