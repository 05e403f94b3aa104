import { coverageRule } from "./coverage.js";

export const constraintsCoverage = coverageRule({
  id: "nine-steps/constraints-coverage",
  step: "constraints",
  description: "Step 2 without limitations or permissions",
  topics: [
    {
      name: "limitations (what is not allowed)",
      pattern:
        /\blimit(?:s|ed|ation|ations)?\b|\bconstraints?\b|\bnot allowed\b|\bdisallow|\bmust not\b|\bcannot\b|\bcan't\b|\bcan not\b|\brestrict|\bprohibit|\bforbid|\bout of scope\b|\bnon-goals?\b|\bat most\b|\bno more than\b|\bmaximum\b|\bquotas?\b/i,
    },
    {
      name: "permissions (what it may do)",
      pattern:
        /\bpermi(?:t|ts|tted|ssion|ssions)\b|(?<!not |n't )\ballow(?:s|ed)?\b|\bauthori[sz]|\baccess\b|\broles?\b|\bprivileges?\b|\bcan (?:read|write|create|delete|update|see|view|edit|call|access)\b/i,
    },
  ],
  advice: "say what the system must not do and what it is allowed to do",
});
