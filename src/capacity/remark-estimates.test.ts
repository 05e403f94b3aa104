import rehypeStringify from "rehype-stringify";
import remarkDirective from "remark-directive";
import remarkFrontmatter from "remark-frontmatter";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import remarkEstimates from "./remark-estimates.js";

// Outside designpress nobody sets `file.data.matter`: the plugin reads the front
// matter from the file's text, as remarkNineSteps does.
async function plainPipeline(markdown: string) {
  const file = await unified()
    .use(remarkParse)
    .use(remarkFrontmatter)
    .use(remarkDirective)
    .use(remarkEstimates)
    .use(remarkRehype)
    .use(rehypeStringify)
    .process(new VFile({ path: "pastebin.md", value: markdown }));
  return {
    html: String(file),
    messages: file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`),
    file,
  };
}

const writeup = (capacity: string, body: string) =>
  `---\ntitle: Pastebin\ncapacity:\n${capacity}---\n\n# Pastebin\n\n${body}`;

describe("remarkEstimates in a plain unified pipeline", () => {
  it("reads `capacity:` from the file's front matter and puts the table after step 3", async () => {
    const { html, messages, file } = await plainPipeline(
      writeup(
        "  writes: 10M / month\n  reads: 100M / month\n  write_size: 1.27 KB\n",
        "## 3. Capacity Estimation\n\nWrites are rare: :estimate[writes_per_second].\n",
      ),
    );
    expect(messages).toEqual([]);
    expect(file.data.estimates?.total.writes_per_second).toBeCloseTo(3.86, 2);
    expect(html).toMatch(
      /<h2>3\. Capacity Estimation<\/h2>\n<div class="estimates"><table class="estimates-table">/,
    );
    expect(html).toContain("10M/month ÷ 2,592,000 s = 3.86 /s");
    expect(html).toContain('Writes are rare: <span class="estimate" tabindex="0"');
  });

  it("reports an invalid input at its line in the front matter", async () => {
    const { messages, html } = await plainPipeline(
      writeup("  writes: lots\n  write_size: 1 KB\n", "## 3. Capacity Estimation\n"),
    );
    expect(messages).toEqual(["4:11 nine-steps/capacity-input"]);
    expect(html).not.toContain("estimates-table");
  });

  it("leaves front matter that does not parse to whoever reads it (remarkNineSteps)", async () => {
    const { messages, html } = await plainPipeline(
      "---\ntitle: [unclosed\n---\n\n## 3. Capacity Estimation\n",
    );
    expect(messages).toEqual([]);
    expect(html).not.toContain("estimates");
  });
});
