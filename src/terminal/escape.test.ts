import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { escapeControls, escapeFiles } from "./escape.js";

describe("escapeControls", () => {
  it("shows ESC, CR, C1 controls and bidi overrides as text, and keeps tab, newline and Unicode", () => {
    expect(escapeControls("\u001b[2J\u001b]0;owned\u0007")).toBe("\\x1b[2J\\x1b]0;owned\\x07");
    expect(escapeControls("a\rb\u009b31m\u007f")).toBe("a\\x0db\\x9b31m\\x7f");
    expect(escapeControls("admin\u202e\u2066txt")).toBe("admin\\u202e\\u2066txt");
    expect(escapeControls("tab\there\nnext — “ok” 中文 é")).toBe("tab\there\nnext — “ok” 中文 é");
  });

  it("copies files with their paths and messages escaped, leaving the originals alone", () => {
    const file = new VFile({ path: "content/\u001b[31mred.md" });
    const message = file.message("found `\u001b]0;title\u0007`", {
      place: { line: 3, column: 2 },
      ruleId: "nine-steps/front-matter",
      source: "designpress",
    });
    message.fatal = true;
    const [copy] = escapeFiles([file]);
    expect(copy?.path).toBe("content/\\x1b[31mred.md");
    expect(copy?.messages[0]).toMatchObject({
      reason: "found `\\x1b]0;title\\x07`",
      line: 3,
      column: 2,
      ruleId: "nine-steps/front-matter",
      fatal: true,
    });
    expect(file.messages[0]?.reason).toBe("found `\u001b]0;title\u0007`");
  });
});
