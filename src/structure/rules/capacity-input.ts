// analyze.js rather than index.js: the index also exports the charts, which load hastscript.
import { capacityInputRuleId, capacityProblems } from "../../capacity/analyze.js";
import type { Rule } from "../types.js";

export const capacityInput: Rule = {
  id: capacityInputRuleId,
  severity: "error",
  description: "Invalid `capacity:` front matter (see “Capacity estimates” in the README)",
  check: ({ matter }) => (matter ? capacityProblems(matter) : []),
};
