import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/structure/index.js";

const complete = readFileSync(path.join(import.meta.dirname, "fixtures", "complete.md"), "utf8");
// The complete writeup without the failover line: one `nine-steps/failover` warning at 63:1.
const noFailover = complete.replace(
  "- Failover: when the primary database fails, a replica is promoted.\n",
  "",
);

function messages(source: string, options = {}) {
  return checkFile("writeup.md", source, options).messages.map(
    (message) =>
      `${message.line}:${message.column} ${message.fatal ? "error" : "warning"} ${message.ruleId}`,
  );
}

describe("turning rules off", () => {
  it("reports by default", () => {
    expect(messages(noFailover)).toEqual(["63:1 warning nine-steps/failover"]);
  });

  it("takes a severity per rule id from the config", () => {
    expect(messages(noFailover, { rules: { "nine-steps/failover": "off" } })).toEqual([]);
    expect(messages(noFailover, { rules: { "nine-steps/failover": "error" } })).toEqual([
      "63:1 error nine-steps/failover",
    ]);
  });

  it("warns about an unknown id in the config", () => {
    expect(messages(noFailover, { rules: { "nine-steps/fail-over": "off" } })).toEqual([
      "1:1 warning nine-steps/unknown-rule",
      "63:1 warning nine-steps/failover",
    ]);
  });

  it("takes `check.disable` from the front matter", () => {
    const source = noFailover.replace(
      "tags: [read-heavy]\n",
      "tags: [read-heavy]\ncheck:\n  disable: [nine-steps/failover]\n",
    );
    expect(messages(source)).toEqual([]);
  });

  it("reports a `check` field of the wrong shape", () => {
    const source = complete.replace(
      "tags: [read-heavy]\n",
      "tags: [read-heavy]\ncheck:\n  disable: nine-steps/failover\n",
    );
    const [message] = checkFile("writeup.md", source).messages;
    expect(message?.reason).toBe(
      "Expected `check.disable` to be a list of rule ids such as `[nine-steps/failover]`, found `nine-steps/failover`",
    );
    expect([message?.line, message?.column, message?.ruleId]).toEqual([
      6,
      12,
      "nine-steps/front-matter",
    ]);
  });

  it("turns a rule off between disable and enable comments", () => {
    const source = noFailover
      .replace("## 9. Test", "<!-- designpress-disable nine-steps/failover -->\n\n## 9. Test")
      .concat("\n<!-- designpress-enable nine-steps/failover -->\n");
    expect(messages(source)).toEqual([]);
  });

  it("turns a rule back on after an enable comment", () => {
    const source = noFailover
      .replace("## 1. Gather", "<!-- designpress-disable nine-steps/failover -->\n\n## 1. Gather")
      .replace("## 9. Test", "<!-- designpress-enable nine-steps/failover -->\n\n## 9. Test");
    expect(messages(source)).toEqual(["67:1 warning nine-steps/failover"]);
  });

  it("turns every rule off with a bare disable comment, leaving other ids alone", () => {
    const source = noFailover.replace("## 9. Test", "<!-- designpress-disable -->\n\n## 9. Test");
    expect(messages(source)).toEqual([]);
    const other = noFailover.replace(
      "## 9. Test",
      "<!-- designpress-disable nine-steps/step-order -->\n\n## 9. Test",
    );
    expect(messages(other)).toEqual(["65:1 warning nine-steps/failover"]);
  });

  it("turns a rule off on the next line only", () => {
    const nextLine = noFailover.replace(
      "## 9. Test",
      "<!-- designpress-disable-next-line nine-steps/failover -->\n## 9. Test",
    );
    expect(messages(nextLine)).toEqual([]);
    // Blank lines between the comment and the heading are skipped.
    const blank = noFailover.replace(
      "## 9. Test",
      "<!-- designpress-disable-next-line nine-steps/failover -->\n\n## 9. Test",
    );
    expect(messages(blank)).toEqual([]);
    // A comment further up does not reach the heading.
    const earlier = noFailover.replace(
      "## 8. Discuss",
      "<!-- designpress-disable-next-line nine-steps/failover -->\n## 8. Discuss",
    );
    expect(messages(earlier)).toEqual(["64:1 warning nine-steps/failover"]);
  });

  it("warns about an unknown id in a comment, where the comment is", () => {
    const source = noFailover.replace(
      "## 9. Test",
      "<!-- designpress-disable-next-line nine-steps/failovers -->\n## 9. Test",
    );
    const found = checkFile("writeup.md", source).messages;
    expect(found.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).toEqual([
      "63:1 nine-steps/unknown-rule",
      "64:1 nine-steps/failover",
    ]);
    expect(found[0]?.reason).toBe(
      "Expected a known rule id in this comment, found `nine-steps/failovers`; did you mean `nine-steps/failover`?",
    );
  });
});
