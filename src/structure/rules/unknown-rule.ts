import type { Rule } from "../types.js";

export const unknownRule: Rule = {
  id: "nine-steps/unknown-rule",
  severity: "warning",
  description: "A rule id in the config, the front matter or a comment that no rule has",
  // The ids are checked while the controls are read, before any rule runs.
  check: ({ controlFindings }) => [...controlFindings],
};
