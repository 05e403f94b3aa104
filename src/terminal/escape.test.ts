import { describe, expect, it } from "vitest";
import { escapeControls } from "./escape.js";

describe("escapeControls", () => {
  it("shows ESC, CR, C1 controls and bidi overrides as text, and keeps tab, newline and Unicode", () => {
    expect(escapeControls("\u001b[2J\u001b]0;owned\u0007")).toBe("\\x1b[2J\\x1b]0;owned\\x07");
    expect(escapeControls("a\rb\u009b31m\u007f")).toBe("a\\x0db\\x9b31m\\x7f");
    expect(escapeControls("admin\u202e\u2066txt")).toBe("admin\\u202e\\u2066txt");
    expect(escapeControls("tab\there\nnext — “ok” 中文 é")).toBe("tab\there\nnext — “ok” 中文 é");
  });
});
