import { coverageRule } from "./coverage.js";

export const failover = coverageRule({
  id: "nine-steps/failover",
  step: "review",
  description: "Step 9 without failover scenarios",
  topics: [
    {
      name: "failover scenarios",
      pattern:
        /\bfail[\s-]?overs?\b|\bfail(?:s|ed|ure|ures|ing)?\b|\boutages?\b|\b(?:goes|go|is|are) down\b|\bcrash|\bdisaster\b|\brecover(?:y|s|ed)?\b|\bredundan|\bbackups?\b|\bdegrad|\bunavailab|\bhigh availability\b|\bresilien/i,
    },
  ],
  advice: "walk through what happens when a server, the database or a whole region fails",
});
