import { placeholderMarker } from "./rules/placeholder.js";

const todo = `${placeholderMarker}:`;

/**
 * A new writeup: the nine canonical headings, a `capacity:` example and a step-5
 * diagram with client, web server, database and worker. Every point the author has
 * to write is a `TODO:` placeholder, and the placeholders are all `check` reports.
 */
export function nineStepTemplate(title: string): string {
  return `---
title: ${JSON.stringify(title)}
summary: "${todo} one sentence on what the system does and for whom"
tags: []
capacity:
  users: 10M                 # daily active users
  writes: 1 / user / day     # new objects stored
  read_write_ratio: 10       # reads per write
  write_size: 1 KB           # bytes stored per write
---

## Gather Requirements

- **Use cases**: ${todo} the main things the system does
- **Customer**: ${todo} who uses it
- **Purpose**: ${todo} why it is needed

## Discuss System Constraints

- **Limitations**: ${todo} what is not allowed or is restricted
- **Permissions**: ${todo} what the system is allowed to do

## Capacity Estimation

${todo} adjust the \`capacity:\` inputs in the front matter; the estimates below follow from them.

::estimates

## Define System APIs

${todo} one row per endpoint (REST unless you argue otherwise).

| Method | Path | Does |
| --- | --- | --- |
| \`POST\` | \`/api/v1/items\` | ${todo} creates an item |
| \`GET\` | \`/api/v1/items/{id}\` | ${todo} returns an item |

## Draw Top-Level System Diagram

\`\`\`mermaid
flowchart LR
  C[Client] --> LB[Load balancer]
  LB --> S[Web server]
  S --> D[(Database)]
  S --> Q[Queue]
  Q --> W[Worker]
\`\`\`

${todo} what each component does and why it is there.

## Discuss Database Design

${todo} choose SQL or NoSQL and say why; then the schema:

| Table | Columns |
| --- | --- |
| items | ${todo} id, …, created_at |

## Prototype a Minimum Viable Product

${todo} the design for a single user: one web server and one database, no replicas.

## Discuss Scaling

- **Bottlenecks**: ${todo} where the design breaks first under load
- **Strategies**: ${todo} load balancing, caching, replication, message queues, asynchronous workers, sharding, CDN

## Test and Review Your Design

- **Failover**: ${todo} what happens when a server, the database or a region fails
- **APIs**: ${todo} check that the APIs serve every use case
- **System boundaries**: ${todo} what is inside the system and what is not
`;
}
