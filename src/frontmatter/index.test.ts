import { describe, expect, it } from "vitest";
import { FrontMatterError, parseFrontMatter } from "./index.js";

describe("parseFrontMatter", () => {
  it("reads YAML 1.2: `100:1` stays a string and dates stay as written", () => {
    const { data } = parseFrontMatter(
      "---\nratio: 100:1\ndate: 2026-03-14\nyes: on\n---\n# Body\n",
    );
    expect(data).toEqual({ ratio: "100:1", date: "2026-03-14", yes: "on" });
  });

  it("gives the Markdown after the fences and how many lines they took", () => {
    const matter = parseFrontMatter("---\ntitle: A\n---\n\n# Body\n");
    expect(matter.content).toBe("\n# Body\n");
    expect(matter.lineOffset).toBe(3);
  });

  it("locates values and keys by path, in file lines and columns", () => {
    const source = "---\ntitle: X\ncapacity:\n  workloads:\n    - name: a\n      writes: 4\n---\n";
    const matter = parseFrontMatter(source);
    expect(matter.locate(["capacity", "workloads", 0, "writes"])?.start).toEqual({
      line: 6,
      column: 15,
    });
    expect(matter.locate(["capacity", "workloads"], { key: true })?.start).toEqual({
      line: 4,
      column: 3,
    });
    // A missing field resolves to the deepest ancestor that exists.
    expect(matter.locate(["capacity", "workloads", 0, "reads"])?.start).toEqual({
      line: 5,
      column: 7,
    });
  });

  it("treats a file without front matter as empty data", () => {
    const matter = parseFrontMatter("# Just text\n");
    expect(matter.data).toEqual({});
    expect(matter.lineOffset).toBe(0);
    expect(matter.locate(["title"])).toBeUndefined();
  });

  it("reports invalid YAML with the file line", () => {
    try {
      parseFrontMatter("---\ntitle: ok\ntags: [a\n---\n");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FrontMatterError);
      const [problem] = (error as FrontMatterError).problems;
      expect(problem?.reason).toMatch(/^Invalid YAML front matter: .*; fix the YAML/);
      expect(problem?.place).toMatchObject({ line: 3 });
    }
  });

  it("reports a duplicate key and a front matter that is not a mapping", () => {
    expect(() => parseFrontMatter("---\ntitle: a\ntitle: b\n---\n")).toThrow(FrontMatterError);
    expect(() => parseFrontMatter("---\n- a\n- b\n---\n")).toThrow(/mapping of fields/);
  });
});
