import { coverageRule } from "./coverage.js";

export const requirementsCoverage = coverageRule({
  id: "nine-steps/requirements-coverage",
  step: "requirements",
  description: "Step 1 without use cases, customer or purpose (each named)",
  topics: [
    {
      name: "use cases",
      pattern:
        /\buse[\s-]?cases?\b|(?<!non-)\bfunctional\b|\bfeatures?\b|\buser stor(?:y|ies)\b|\bbe able to\b|\busers? (?:can|should|must|may|will)\b/i,
    },
    {
      name: "the customer (who uses it)",
      pattern:
        /\bcustomers?\b|\busers?\b|\bclients?\b|\baudiences?\b|\bpersonas?\b|\bconsumers?\b|\bstakeholders?\b|\bactors?\b|\bwho (?:uses|will use)\b/i,
    },
    {
      name: "the purpose (why it is needed)",
      pattern:
        /\bpurpose\b|\bwhy\b|\bgoals?\b|\bmotivation\b|\bobjectives?\b|\bso that\b|\bin order to\b|\bproblems?\b|\bneeded\b|\bthe need\b|\baims?\b/i,
    },
  ],
  advice: "add a line for each, e.g. `**Customer**: who uses the system`",
});
