import { coverageRule } from "./coverage.js";

export const scalingStrategies = coverageRule({
  id: "nine-steps/scaling-strategies",
  step: "scaling",
  description: "Step 8 without bottlenecks or without any strategy",
  topics: [
    {
      name: "bottlenecks (or points of failure)",
      pattern:
        /\bbottlenecks?\b|\bpoints? of failure\b|\bspofs?\b|\bhot ?spots?\b|\bhot (?:keys?|partitions?|shards?)\b|\boverload|\bsaturat|\bcontention\b|\bchoke ?points?\b|\bthundering herd\b|\bfail(?:s|ure|ures)?\b/i,
    },
    {
      name: "a scaling strategy",
      pattern:
        /\bload[\s-]?balanc|\bcach(?:e|es|ed|ing)\b|\breplica(?:s|tion|te|ted)?\b|\bqueues?\b|\basync(?:hronous(?:ly)?)?\b|\bworkers?\b|\bshard(?:s|ing|ed)?\b|\bpartition(?:s|ing|ed)?\b|\bcdns?\b|\bhorizontal(?:ly)?\b|\bauto-?scal|\bfederat|\bdenormali[sz]|\bconsistent hashing\b|\brate[\s-]limit/i,
    },
  ],
  advice:
    "name where the design breaks first under load, and how you remove it (load balancing, caching, replication, message queues, asynchronous workers, sharding, CDN)",
});
