import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { fail, warn } from "../../core/messages.js";
import { formatMessages, formatPretty } from "./format.js";

function escapes(): VFile {
  const file = new VFile({ path: "content/\u001b[31mred.md" });
  fail(file, "found `\u001b]0;title\u0007`", { line: 3, column: 2 }, "nine-steps/front-matter");
  return file;
}

describe("formatMessages", () => {
  it("prints paths and messages escaped, leaving the files alone", () => {
    const file = escapes();
    expect(formatMessages([file], { layout: "pretty", color: false })).toBe(
      [
        "content/\\x1b[31mred.md",
        "  3:2  error    found `\\x1b]0;title\\x07`  nine-steps/front-matter",
        "",
        "",
      ].join("\n"),
    );
    expect(formatMessages([file], { layout: "line", color: false })).toBe(
      "content/\\x1b[31mred.md:3:2: error found `\\x1b]0;title\\x07` (nine-steps/front-matter)\n",
    );
    expect(file.messages[0]?.reason).toBe("found `\u001b]0;title\u0007`");
  });

  it("prints one line a message, in document order, which editors open at the place", () => {
    const file = new VFile({ path: "content/a.md" });
    warn(file, "Expected step 9", { line: 63, column: 1 }, "nine-steps/failover");
    fail(file, "Expected a title", { line: 1, column: 1 }, "nine-steps/front-matter");
    expect(formatMessages([file], { layout: "line", color: false }).split("\n")).toEqual([
      "content/a.md:1:1: error Expected a title (nine-steps/front-matter)",
      "content/a.md:63:1: warning Expected step 9 (nine-steps/failover)",
      "",
    ]);
  });

  it("prints nothing for files without messages, and the summary counts what it printed", () => {
    const clean = new VFile({ path: "content/b.md" });
    expect(formatMessages([clean], { layout: "pretty", color: false })).toBe("");
    expect(formatPretty([clean, escapes()], { color: false })).toMatch(
      /nine-steps\/front-matter\n\n1 error, 0 warnings in 2 files\n$/,
    );
  });

  it("prints what a message's cause threw, its stack escaped, below it", () => {
    const file = new VFile({ path: "designpress.config.mjs" });
    const message = fail(
      file,
      "Expected the module to load",
      { line: 2, column: 7 },
      "config/invalid",
    );
    message.cause = Object.assign(new Error("x"), {
      stack: "TypeError: no\n    at file:///a.mjs:2:7\u001b[2J",
    });
    expect(formatMessages([file], { layout: "line", color: false }).split("\n")).toEqual([
      "designpress.config.mjs:2:7: error Expected the module to load (config/invalid)",
      "    TypeError: no",
      "    at file:///a.mjs:2:7\\x1b[2J",
      "",
    ]);
  });
});
