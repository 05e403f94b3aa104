import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/index.js";
import { maskedBody, parseFrontMatter } from "../../src/frontmatter/index.js";
import { createPageProcessor } from "../../src/pipeline/processor.js";
import { checkFile, remarkNineSteps } from "../../src/structure/index.js";
import { prepareWriteup } from "../../src/writeup/read.js";

const fixtures = path.join(import.meta.dirname, "fixtures");
const invalidFixtures = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => path.join(fixtures, entry.name, "invalid.md"))
  .sort();

function summary(file: VFile): string[] {
  return file.messages.map(
    (message) => `${message.line}:${message.column} ${message.ruleId} ${message.reason}`,
  );
}

// As remark-cli runs it: `.remarkrc` → plugins, file text in, no designpress reader.
// remark-frontmatter is not installed here, so the front matter parses as Markdown
// (a thematic break and a paragraph); the plugin reads it from the text itself.
async function plainRemark(file: VFile, options = {}): Promise<VFile> {
  const processor = unified().use(remarkParse).use(remarkNineSteps, options);
  await processor.run(processor.parse(file), file);
  return file;
}

describe("remarkNineSteps in a plain remark pipeline", () => {
  it.each(invalidFixtures)("gives the same messages as checkFile for %s", async (fixture) => {
    const source = readFileSync(fixture, "utf8");
    const file = await plainRemark(new VFile({ path: fixture, value: source }));
    expect(summary(file)).toEqual(summary(checkFile(fixture, source)));
  });

  it("takes severities and extra headings as options", async () => {
    const source = readFileSync(path.join(fixtures, "complete.md"), "utf8").replace(
      "## 9. Test and Review Your Design",
      "## 9. Post-mortem drill",
    );
    const file = await plainRemark(new VFile({ value: source }), {
      headings: { review: ["Post-mortem drill"] },
      rules: { "nine-steps/failover": "error" },
    });
    expect(summary(file)).toEqual([]);
    expect(file.data.steps?.[8]).toMatchObject({
      id: "review",
      present: true,
      heading: { text: "9. Post-mortem drill" },
    });
  });
});

describe("remarkNineSteps in designpress's pipeline", () => {
  it("leaves invalid YAML and a missing title to the reader, which has reported them", async () => {
    const source =
      "---\nsummary: no title\n---\n\n## Gather Requirements\n\nUse cases, users and why.\n";
    const matter = parseFrontMatter(source);
    const file = new VFile({
      path: "x.md",
      value: maskedBody(source, matter),
    });
    file.data.matter = matter;
    await plainRemark(file);
    expect(file.messages.map((message) => message.ruleId)).not.toContain("nine-steps/front-matter");
    expect(
      file.messages.filter((message) => message.ruleId === "nine-steps/missing-step"),
    ).toHaveLength(8);
    expect(file.data.steps?.filter((step) => step.present).map((step) => step.id)).toEqual([
      "requirements",
    ]);
  });
});

describe("remarkNineSteps in the build's page processor", () => {
  it("applies the config's known severities and leaves its unknown ids to the config", async () => {
    const config = defaultConfig(fixtures);
    config.check.rules = { "nine-steps/failover": "off", "nine-steps/stepp-order": "off" };
    const processor = createPageProcessor(config);
    const fixture = path.join(fixtures, "failover", "invalid.md");
    const file = prepareWriteup(
      new VFile({ path: fixture, cwd: fixtures }),
      readFileSync(fixture, "utf8"),
      fixtures,
    );
    await processor.run(processor.parse(file), file);
    // An unknown id is the config's problem, not a message on every page.
    expect(summary(file)).toEqual([]);
  });
});
