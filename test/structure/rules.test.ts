import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { VFileMessage } from "vfile-message";
import { describe, expect, it } from "vitest";
import { checkFile, ruleIds, ruleList } from "../../src/structure/index.js";

const fixtures = path.join(import.meta.dirname, "fixtures");

/** `line:column-endLine:endColumn severity reason`, as the expected files list them. */
function describeMessage(message: VFileMessage): string {
  const place = message.place;
  const where =
    place && "start" in place
      ? `${place.start.line}:${place.start.column}-${place.end.line}:${place.end.column}`
      : `${message.line}:${message.column}`;
  return `${where} ${message.fatal ? "error" : "warning"} ${message.reason}`;
}

function check(file: string) {
  return checkFile(file, readFileSync(file, "utf8"));
}

describe("a complete writeup", () => {
  it("has no messages and all nine steps", () => {
    const file = check(path.join(fixtures, "complete.md"));
    expect(file.messages.map(describeMessage)).toEqual([]);
    expect(file.data.steps?.map((step) => step.present)).toEqual(Array(9).fill(true));
    expect(file.data.steps?.[2]).toMatchObject({
      id: "capacity",
      heading: {
        text: "3. Capacity Estimation",
        depth: 2,
        position: { start: { line: 23, column: 1 } },
      },
    });
  });
});

// Each folder is named after its rule (a suffix such as `-level` is a second case):
// `invalid.md` must give exactly the messages of `invalid.expected.txt` for that rule,
// and `valid.md`, a near miss, none of that rule.
const cases = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe.each(cases)("%s", (name) => {
  const ruleId = `nine-steps/${name.replace(/-(level|title)$/, "")}`;
  const folder = path.join(fixtures, name);

  it("names a rule", () => {
    expect(ruleIds).toContain(ruleId);
  });

  it("reports the invalid fixture, at the right places", () => {
    const messages = check(path.join(folder, "invalid.md")).messages.filter(
      (message) => message.ruleId === ruleId,
    );
    const expected = readFileSync(path.join(folder, "invalid.expected.txt"), "utf8")
      .trimEnd()
      .split("\n");
    expect(messages.map(describeMessage)).toEqual(expected);
    for (const message of messages) {
      expect(message.source).toBe("designpress");
      expect(message.fatal).toBe(ruleList.find((rule) => rule.id === ruleId)?.severity === "error");
    }
  });

  it.runIf(existsSync(path.join(folder, "valid.md")))("leaves the valid fixture alone", () => {
    const messages = check(path.join(folder, "valid.md")).messages.filter(
      (message) => message.ruleId === ruleId,
    );
    expect(messages.map(describeMessage)).toEqual([]);
  });
});

describe("every rule", () => {
  it("has a fixture folder", () => {
    for (const id of ruleIds) expect(cases).toContain(id.replace("nine-steps/", ""));
  });

  it("has an id, a default severity and a description", () => {
    expect(ruleList.map((rule) => rule.id)).toEqual([...new Set(ruleIds)]);
    for (const rule of ruleList) {
      expect(rule.id).toMatch(/^nine-steps\/[a-z-]+$/);
      expect(["warning", "error"]).toContain(rule.severity);
      expect(rule.description.length).toBeGreaterThan(10);
    }
  });
});
