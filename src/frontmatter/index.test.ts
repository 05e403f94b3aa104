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

describe("front matter is YAML and nothing else", () => {
  function problemsOf(source: string) {
    try {
      parseFrontMatter(source);
    } catch (error) {
      if (error instanceof FrontMatterError) return error.problems;
      throw error;
    }
    return [];
  }

  it("refuses `---js`, `---javascript`, `---json`, `---toml` and any other language at line 1, never running it", () => {
    const marker = `designpress-frontmatter-ran-${process.pid}`;
    for (const language of ["js", "javascript", "json", "toml", "foo", "coffee"]) {
      const source = `---${language}\n{ "title": (globalThis["${marker}"] = "ran") }\n---\n# Body\n`;
      const [problem, ...rest] = problemsOf(source);
      expect(rest).toEqual([]);
      expect(problem?.reason).toBe(
        `Expected YAML front matter (an opening \`---\`), found \`---${language}\`; designpress reads front matter only as YAML and never runs it: remove \`${language}\` after the \`---\``,
      );
      expect(problem?.place).toMatchObject({ start: { line: 1, column: 1 } });
    }
    expect(marker in globalThis).toBe(false);
  });

  it("reads `---yaml`, a byte-order mark and CRLF line endings, and keeps lines", () => {
    expect(parseFrontMatter("---yaml\ntitle: A\n---\nBody\n").data).toEqual({ title: "A" });
    const bom = parseFrontMatter("\uFEFF---\ntitle: A\n---\nBody\n");
    expect([bom.data, bom.content, bom.lineOffset]).toEqual([{ title: "A" }, "Body\n", 3]);
    const crlf = parseFrontMatter("---\r\ntitle: A\r\n---\r\n# Body\r\n");
    expect([crlf.data, crlf.content, crlf.lineOffset]).toEqual([{ title: "A" }, "# Body\r\n", 3]);
    expect(problemsOf("---\r\ntitle: A\r\ntags: [a\r\n---\r\n")[0]?.place).toMatchObject({
      line: 3,
    });
  });

  it("counts the lines of an empty front matter, and takes `----` for a thematic break", () => {
    expect(parseFrontMatter("---\n---\n## Body\n")).toMatchObject({
      data: {},
      content: "## Body\n",
      lineOffset: 2,
    });
    expect(parseFrontMatter("----\ntext\n")).toMatchObject({ data: {}, lineOffset: 0 });
  });

  it("reports an opening fence that is never closed", () => {
    expect(problemsOf("---\ntitle: A\n# Body\n")[0]?.reason).toMatch(
      /^Expected a closing `---` line after the front matter, found none/,
    );
  });

  it("bounds what aliases expand to: a billion-laughs bomb is an error at its alias", () => {
    const lols = (name: string, item: string) =>
      `${name}: &${name} [${Array(9).fill(item).join(", ")}]`;
    const source = [
      "---",
      "title: Bomb",
      lols("a", "lol"),
      lols("b", "*a"),
      lols("c", "*b"),
      lols("d", "*c"),
      lols("e", "*d"),
      lols("f", "*e"),
      lols("g", "*f"),
      "---",
      "",
    ].join("\n");
    const [problem] = problemsOf(source);
    expect(problem?.reason).toBe(
      "Expected YAML aliases to add at most 10,000 values to the front matter, found `*d` past that; write the values out or use fewer aliases",
    );
    expect(problem?.place).toMatchObject({ start: { line: 7, column: 8 } });
  });

  it("refuses an alias inside its own anchor, and keeps aliases that expand to little", () => {
    expect(problemsOf("---\nloop: &a [x, *a]\n---\n")[0]).toMatchObject({
      reason:
        "Expected each YAML alias outside its own anchor, found `*a` inside `&a`; write the value out instead",
      place: { start: { line: 2, column: 14 } },
    });
    // 200 uses of one scalar: more than yaml's own default allows, and harmless.
    const many = `---\nunit: &u KB\nsizes: [${Array(200).fill("*u").join(", ")}]\n---\n`;
    expect((parseFrontMatter(many).data.sizes as string[]).length).toBe(200);
  });
});
