import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { temporaryFolder } from "../../test/helpers.js";
import { maxNestedBlockLines, maxSourceBytes } from "./limits.js";
import { decodeSource, firstInvalidByte, readSourceSync } from "./source.js";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))),
  );

describe("reading a writeup's bytes", () => {
  it("warns about the first byte that is not UTF-8, at its line and column", () => {
    const source = decodeSource(bytes("---\ntitle: Café\n---\n\nplain ", [0xff], " and ", [0xc3]));
    expect("text" in source && source.text).toBe(
      "---\ntitle: Café\n---\n\nplain \uFFFD and \uFFFD",
    );
    expect("problems" in source && source.problems).toEqual([
      {
        reason:
          "Expected UTF-8 text, found the byte `0xff`, which is not UTF-8 here and shows as “\uFFFD”; save the file as UTF-8",
        place: { line: 5, column: 7 },
        ruleId: "content/encoding",
        fatal: false,
      },
    ]);
    expect(decodeSource(bytes("\uFEFF# Fine: é, 中文, 🙂\n"))).toEqual({
      text: "# Fine: é, 中文, 🙂\n",
      problems: [],
    });
  });

  it("finds invalid sequences the way the UTF-8 definition does", () => {
    expect(firstInvalidByte(bytes("ok é 🙂"))).toBe(bytes("ok é 🙂").length);
    expect(firstInvalidByte(bytes("a", [0xc0, 0xaf]))).toBe(1); // overlong
    expect(firstInvalidByte(bytes("ab", [0xed, 0xa0, 0x80]))).toBe(2); // a surrogate
    expect(firstInvalidByte(bytes("abc", [0xf4, 0x90, 0x80, 0x80]))).toBe(3); // past U+10FFFF
    expect(firstInvalidByte(bytes("é", [0xe2, 0x82]))).toBe(2); // cut short
  });

  it("refuses a file larger than 1 MiB before reading it, in check and build alike", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      const file = path.join(dir, "huge.md");
      await writeFile(file, "a".repeat(maxSourceBytes + 1));
      const expected = {
        text: "",
        problems: [
          {
            reason:
              "Expected a writeup of at most 1 MiB (1,048,576 bytes), found 1,048,577 bytes; split it into several writeups",
            place: { line: 1, column: 1 },
            ruleId: "content/read",
            fatal: true,
          },
        ],
      };
      expect(readSourceSync(file)).toEqual(expected);
      await writeFile(file, "a".repeat(maxSourceBytes));
      expect(readSourceSync(file)).toMatchObject({ problems: [] });
    } finally {
      await cleanup();
    }
  });

  it("refuses a folder or a FIFO instead of waiting on it", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      const fifo = path.join(dir, "pipe.md");
      execFileSync("mkfifo", [fifo]);
      expect(readSourceSync(fifo)).toEqual({ unreadable: "not a regular file" });
      expect(readSourceSync(dir)).toEqual({ unreadable: "EISDIR" });
      expect(readSourceSync(path.join(dir, "gone.md"))).toEqual({ unreadable: "ENOENT" });
    } finally {
      await cleanup();
    }
  });

  it("refuses more nested list items and quotes than the parser handles in good time", () => {
    const nested = "- item\n  - nested\n".repeat(maxNestedBlockLines / 2);
    expect(decodeSource(bytes(nested))).toMatchObject({ problems: [] });
    const source = decodeSource(bytes("# Outline\n\n", nested, "> > quoted\n"));
    expect(source).toEqual({
      text: "",
      problems: [
        {
          reason:
            "Expected at most 2,000 list items and nested quotes in a writeup, found more from this line on; split the writeup (Markdown parsers slow down sharply past that)",
          place: { line: maxNestedBlockLines + 3, column: 1 },
          ruleId: "content/read",
          fatal: true,
        },
      ],
    });
    // Thematic breaks, single quotes and table rows are not counted.
    const other = "- - -\n* * *\n> quote\n| - | - |\n".repeat(maxNestedBlockLines);
    expect(decodeSource(bytes(other))).toMatchObject({ problems: [] });
  });
});
