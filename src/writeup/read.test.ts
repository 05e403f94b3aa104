import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { normaliseSlug, prepareWriteup, readWriteup, slugFromPath } from "./read.js";

function prepare(source: string, relative = "notes/My Design.md") {
  return prepareWriteup(
    new VFile({ path: `content/${relative}`, cwd: "/p" }),
    source,
    "/p/content",
  );
}

describe("reading a writeup", () => {
  it("takes the slug from the path, or from front matter", () => {
    expect(slugFromPath("notes/My Design.md")).toBe("notes/my-design");
    expect(prepare("# A\n").data.slug).toBe("notes/my-design");
    expect(prepare("---\nslug: short\n---\n").data.slug).toBe("short");
  });

  it("refuses a slug that would leave the output folder, with its line", () => {
    for (const slug of ["../../etc", "/abs/../x", "a/./b", "UPPER CASE"])
      expect(normaliseSlug(slug)).toBeUndefined();
    const file = prepare("---\ntitle: T\nslug: ../../outside\n---\n");
    expect(file.messages.map((message) => [message.line, message.ruleId, message.fatal])).toEqual([
      [3, "slug", true],
    ]);
  });

  it("refuses a slug that clashes with the site's own folders", () => {
    const file = prepare("---\ntitle: T\n---\n", "tags.md");
    expect(file.messages[0]?.reason).toMatch(/does not clash with the site's own `tags`/);
    const compare = prepare("---\ntitle: T\nslug: compare/x\n---\n");
    expect(compare.messages[0]?.reason).toMatch(/does not clash with the site's own `compare`/);
  });

  it("keeps positions: the body is padded so line numbers match the file", () => {
    const file = prepare("---\ntitle: T\n---\n## Heading\n");
    expect(String(file.value).split("\n")[3]).toBe("## Heading");
  });

  it("checks summary, tags and date", () => {
    const file = prepare("---\ntitle: T\nsummary: [x]\ntags: [a, 3]\ndate: March\n---\n");
    expect(file.messages.map((message) => `${message.line}: ${message.reason}`)).toEqual([
      "3: Expected `summary` to be a sentence of text",
      "4: Expected `tags` to be a list of words, such as `tags: [read-heavy, key-value]`",
      "5: Expected `date` as `YYYY-MM-DD`, found `March`",
    ]);
    const good = prepare("---\ntitle: T\nsummary: S\ntags: [a, a, b]\ndate: 2026-01-31\n---\n");
    expect(good.data.meta).toEqual({ summary: "S", tags: ["a", "b"], date: "2026-01-31" });
  });

  it("reports a file it cannot read, with the reason and what to do, instead of throwing", async () => {
    const missing = await readWriteup("/p/content", "/p/content/gone.md", "/p");
    expect(missing.path).toBe("content/gone.md");
    expect(
      missing.messages.map((message) => [message.ruleId, message.fatal, message.reason]),
    ).toEqual([
      ["read", true, "Cannot read the file (ENOENT); check that it exists and is readable"],
    ]);
    const folder = await readWriteup(import.meta.dirname, import.meta.dirname, import.meta.dirname);
    expect(folder.messages[0]?.reason).toBe(
      "Cannot read the file (EISDIR); check that it exists and is readable",
    );
  });
});
