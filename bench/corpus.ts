import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** A small deterministic generator, so every run benchmarks the same files. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const words =
  "service request cache shard replica queue worker latency throughput partition index write read user client server database storage bandwidth region failover consistency availability durability stream event batch upload download timeline feed message channel token session quota limit bucket object metadata schema table column key value hash ring node cluster load balancer gateway edge origin retry backoff idempotent snapshot log compaction".split(
    " ",
  );

const headings = [
  "1. Gather Requirements",
  "2. Discuss System Constraints",
  "3. Capacity Estimation",
  "4. Define System APIs",
  "5. Draw Top-Level System Diagram",
  "6. Discuss Database Design",
  "7. Prototype a Minimum Viable Product",
  "8. Discuss Scaling",
  "9. Test and Review Your Design",
];

export interface CorpusOptions {
  /** Add a mermaid diagram to step 5 (off: the build benchmark measures pages, not diagrams). */
  diagrams?: boolean;
  /**
   * Writeups that pass `designpress check`, as a portfolio behind a pre-commit
   * hook does: each step covers what its rule asks, step 5 shows an image.
   */
  clean?: boolean;
}

/** What each step says in a clean writeup, so that its coverage rule finds it. */
const coverage: Record<number, string[]> = {
  0: [
    "**Use cases**: a user stores and reads items.",
    "",
    "**Customer**: developers of the product.",
    "",
    "**Purpose**: keep items available for later reads.",
  ],
  1: [
    "**Limitations**: the system must not delete data a user did not ask to delete.",
    "",
    "**Permissions**: the system may read public items and is allowed to cache them.",
  ],
  4: ["![Top-level system diagram](diagram.svg)"],
  5: ["We use PostgreSQL (SQL) for the items, as the rows are small and relational."],
  7: [
    "**Bottlenecks**: the database is the first point of failure under load; load balancing, caching and sharding remove it.",
  ],
  8: ["**Failover**: when a server, the database or a whole region fails, a replica is promoted."],
};

/**
 * Write `count` nine-step writeups of about 1,500 words each (headings, lists,
 * tables, code blocks, capacity front matter) into `dir`. Returns their paths.
 */
export async function generateCorpus(
  dir: string,
  count: number,
  options: CorpusOptions = {},
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  if (options.clean) {
    await writeFile(
      path.join(dir, "diagram.svg"),
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n',
    );
  }
  const files: string[] = [];
  for (let index = 0; index < count; index++) {
    const next = random(index + 1);
    const pick = () => words[Math.floor(next() * words.length)] ?? "service";
    const sentence = (length: number) => {
      const text = Array.from({ length }, pick).join(" ");
      return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
    };
    const paragraph = () =>
      Array.from({ length: 3 }, () => sentence(9 + Math.floor(next() * 8))).join(" ");
    const name = `design-${String(index).padStart(4, "0")}`;
    const parts = [
      "---",
      `title: Design ${index} of a ${pick()} ${pick()} system`,
      `summary: ${sentence(12)}`,
      `tags: [${pick()}, ${pick()}]`,
      `date: 2026-${String((index % 12) + 1).padStart(2, "0")}-${String((index % 28) + 1).padStart(2, "0")}`,
      "capacity:",
      `  users: ${1 + (index % 90)}M`,
      `  writes: ${1 + (index % 7)} / user / day`,
      `  read_write_ratio: ${10 * (1 + (index % 10))}`,
      `  write_size: ${1 + (index % 5)} KB`,
      "---",
      "",
    ];
    for (const [step, heading] of headings.entries()) {
      parts.push(
        `## ${heading}`,
        "",
        paragraph(),
        "",
        `### ${sentence(3).slice(0, -1)}`,
        "",
        paragraph(),
        "",
      );
      parts.push(...Array.from({ length: 4 }, () => `- **${pick()}**: ${sentence(8)}`), "");
      if (options.clean && coverage[step]) parts.push(...(coverage[step] ?? []), "");
      if (step === 3) {
        parts.push(
          "```http",
          `POST /api/v1/${pick()}s`,
          "Content-Type: application/json",
          "",
          `{"${pick()}": "${pick()}"}`,
          "```",
          "",
        );
      }
      if (step === 4 && options.diagrams) {
        parts.push(
          "```mermaid",
          "flowchart LR",
          `  C[Client ${index}] --> W[Web server] --> D[(Database)]`,
          "  W --> Q[[Queue]] --> K[Worker]",
          "```",
          "",
        );
      }
      if (step === 5 || step === 2) {
        parts.push("| field | type | note |", "| --- | --- | --- |");
        parts.push(
          ...Array.from({ length: 5 }, () => `| ${pick()}_id | ${pick()} | ${sentence(5)} |`),
          "",
        );
      }
      if (step === 6) {
        parts.push(
          "```ts",
          `export async function ${pick()}(id: string) {`,
          `  return db.${pick()}.get(id);`,
          "}",
          "```",
          "",
        );
      }
      parts.push(paragraph(), "");
    }
    const file = path.join(dir, `${name}.md`);
    await writeFile(file, parts.join("\n"));
    files.push(file);
  }
  return files;
}
