import { coverageRule } from "./coverage.js";

export const capacityCoverage = coverageRule({
  id: "nine-steps/capacity-coverage",
  step: "capacity",
  description:
    "Step 3 without traffic, storage, bandwidth or cache, unless the front matter has `capacity:`",
  topics: [
    {
      name: "traffic",
      pattern:
        /\btraffic\b|\bqps\b|\brps\b|\btps\b|\bthroughput\b|\b(?:read|write|request|quer(?:y|ie)|op(?:eration)?|transaction|message)s?\b[^\n]{0,40}?(?:\/|\bper\b|\ba\b|\beach\b)\s*(?:s|sec|second|minute|min|hour|day|month)\b|\d[\d.,]*\s*(?:k|m|b|thousand|million|billion)?\s+[\w -]{0,30}?(?:\/|\bper\b|\ba\b|\beach\b)\s*(?:s|sec|second|minute|min|hour|day|week|month)\b/i,
    },
    {
      name: "storage",
      pattern: /\bstor(?:age|e|ed|es|ing)\b|\bdisks?\b|\b(?:tb|pb|terabytes?|petabytes?)\b/i,
    },
    {
      name: "bandwidth",
      pattern:
        /\bbandwidth\b|\bingress\b|\begress\b|\bincoming\b|\boutgoing\b|\bnetwork\b|\b(?:mbps|gbps|kbps)\b|\b(?:kb|mb|gb|tb|bytes?|bits?)\s*(?:\/|per)\s*(?:s|sec|second)\b/i,
    },
    {
      name: "cache",
      pattern: /\bcach(?:e|es|ed|ing)\b|\bmemory\b|\bram\b|\b80\s*[-/:]\s*20\b/i,
    },
  ],
  advice:
    "add the missing estimates, or declare `capacity:` in the front matter and let designpress compute all four",
  skip: ({ matter }) => matter?.data.capacity !== undefined,
});
