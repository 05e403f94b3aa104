import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile, ruleIds } from "../../src/structure/index.js";
import { corpusDir } from "../helpers.js";

const corpus = corpusDir;
const files = ["markdown", "design-docs"].flatMap((folder) =>
  readdirSync(path.join(corpus, folder))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => path.join(corpus, folder, name)),
);

function check(file: string) {
  return checkFile(file, readFileSync(file, "utf8"));
}

describe("every corpus file", () => {
  it("is there to check", () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files)("%s: checks without throwing, with well-formed messages", (file) => {
    const lines = readFileSync(file, "utf8").split("\n").length;
    const result = check(file);
    expect(result.data.steps).toHaveLength(9);
    for (const message of result.messages) {
      expect(ruleIds).toContain(message.ruleId);
      expect(message.source).toBe("designpress");
      expect(message.line).toBeGreaterThanOrEqual(1);
      expect(message.line).toBeLessThanOrEqual(lines);
      expect(message.column).toBeGreaterThanOrEqual(1);
      expect(message.reason).toMatch(/^(Expected|Invalid YAML)/);
      expect(message.reason).toMatch(/; /); // says what to do after the semicolon
    }
    // A step is either present or reported missing, never both, never neither.
    const missing = result.messages.filter(
      (message) => message.ruleId === "nine-steps/missing-step",
    );
    expect(missing.length).toBe(result.data.steps?.filter((step) => !step.present).length);
  });
});

function pinned(file: string): string[] {
  return check(file).messages.map(
    (message) =>
      `${message.line}:${message.column} ${message.fatal ? "error" : "warning"} ${message.ruleId} ${message.reason}`,
  );
}

describe("pinned corpus messages (read and checked by hand)", () => {
  it("dg-design-tinyurl.md: a grokking-style answer with its own numbering", () => {
    expect(pinned(path.join(corpus, "markdown", "dg-design-tinyurl.md"))).toEqual([
      "5:1 warning nine-steps/requirements-coverage Expected step 1 “Gather Requirements” to cover use cases, the customer (who uses it) and the purpose (why it is needed), found nothing on the customer (who uses it) or the purpose (why it is needed); add a line for each, e.g. `**Customer**: who uses the system`",
      "17:1 error nine-steps/missing-step Expected step 2 “Discuss System Constraints”, found no heading for it; add a `## Discuss System Constraints` section before “2. Estimation” that covers limitations (what is not allowed) and permissions (what it may do)",
      "17:1 warning nine-steps/capacity-coverage Expected step 3 “Capacity Estimation” to cover traffic, storage, bandwidth and cache, found nothing on bandwidth or cache; add the missing estimates, or declare `capacity:` in the front matter and let designpress compute all four",
      "31:1 error nine-steps/step-order Expected step 6 “Discuss Database Design” after step 5 “High-level design”, found it after step 4 “API”; move the section so the steps run 1 to 9",
      "54:1 warning nine-steps/diagram-components Expected the step-5 diagram to show a client, a web server, a database and a worker, found no node for a worker; add `W[Worker]`",
      "75:126 error nine-steps/missing-step Expected step 7 “Prototype a Minimum Viable Product”, found no heading for it; add a `## Prototype a Minimum Viable Product` section at the end that covers a design for a single user",
      "75:126 error nine-steps/missing-step Expected step 8 “Discuss Scaling”, found no heading for it; add a `## Discuss Scaling` section at the end that covers bottlenecks and points of failure, and strategies to remove them",
      "75:126 error nine-steps/missing-step Expected step 9 “Test and Review Your Design”, found no heading for it; add a `## Test and Review Your Design` section at the end that covers failover scenarios, that the APIs serve every use case, and system boundaries",
    ]);
  });

  it("ev-bitly.md: `Step N:` headings with extra words, data model before the APIs", () => {
    expect(pinned(path.join(corpus, "design-docs", "ev-bitly.md"))).toEqual([
      "9:1 warning nine-steps/requirements-coverage Expected step 1 “Gather Requirements” to cover use cases, the customer (who uses it) and the purpose (why it is needed), found nothing on the purpose (why it is needed); add a line for each, e.g. `**Customer**: who uses the system`",
      "35:1 error nine-steps/missing-step Expected step 2 “Discuss System Constraints”, found no heading for it; add a `## Discuss System Constraints` section before “Step 2: Scale Estimation” that covers limitations (what is not allowed) and permissions (what it may do)",
      "35:1 warning nine-steps/capacity-coverage Expected step 3 “Capacity Estimation” to cover traffic, storage, bandwidth and cache, found nothing on bandwidth; add the missing estimates, or declare `capacity:` in the front matter and let designpress compute all four",
      "61:1 warning nine-steps/diagram-present Expected a diagram in step 5 “Draw Top-Level System Diagram”, found none; add a ```mermaid flowchart (or an image) showing the client, web servers, database and workers",
      "227:1 error nine-steps/step-order Expected step 4 “Define System APIs” between step 3 “Scale Estimation” and step 5 “High-Level Architecture”, found it after step 6 “Data Model”; move the section so the steps run 1 to 9",
      "569:1 error nine-steps/missing-step Expected step 7 “Prototype a Minimum Viable Product”, found no heading for it; add a `## Prototype a Minimum Viable Product` section at the end that covers a design for a single user",
      "569:1 error nine-steps/missing-step Expected step 8 “Discuss Scaling”, found no heading for it; add a `## Discuss Scaling` section at the end that covers bottlenecks and points of failure, and strategies to remove them",
      "569:1 error nine-steps/missing-step Expected step 9 “Test and Review Your Design”, found no heading for it; add a `## Test and Review Your Design` section at the end that covers failover scenarios, that the APIs serve every use case, and system boundaries",
    ]);
  });
});
