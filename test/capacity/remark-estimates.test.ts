import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import rehypeStringify from "rehype-stringify";
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import remarkEstimates from "../../src/capacity/remark-estimates.js";
import { prepareWriteup } from "../../src/writeup/read.js";

const fixtures = path.join(import.meta.dirname, "fixtures");

/** Run a fixture through the page pipeline as the build does (positions are file positions). */
async function render(name: string): Promise<{ html: string; file: VFile; messages: string[] }> {
  const filePath = path.join(fixtures, name, "input.md");
  const file = prepareWriteup(
    new VFile({ path: filePath }),
    await readFile(filePath, "utf8"),
    fixtures,
  );
  const result = await unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkDirective)
    .use(remarkEstimates)
    .use(remarkRehype)
    .use(rehypeStringify)
    .process(file);
  const messages = result.messages.map(
    (message) =>
      `${message.line}:${message.column} ${message.fatal ? "error" : "warning"} ${message.reason} [${message.ruleId}]`,
  );
  return { html: String(result), file: result, messages };
}

describe("placement of the estimates table", () => {
  it("goes where ::estimates stands", async () => {
    const { html, messages, file } = await render("directive");
    expect(messages).toEqual([]);
    expect(file.data.estimates?.total.writes_per_second).toBeCloseTo(192.9, 1);
    const table = html.indexOf('<div class="estimates">');
    expect(table).toBeGreaterThan(html.indexOf("at peak, so the cache matters."));
    expect(table).toBeLessThan(html.indexOf("Storage over five years"));
    expect(html.match(/<table class="estimates-table">/g)).toHaveLength(1);
    expect(html).toContain(
      '<td class="estimates-figure" data-label="Figure">193 /s</td><td class="estimates-derivation" data-label="Derivation">500M/month ÷ 2,592,000 s = 193 /s</td>',
    );
  });

  it("goes right after the step-3 heading when there is no directive", async () => {
    const { html, messages } = await render("after-step-3");
    expect(messages).toEqual([]);
    expect(html).toMatch(
      /<h2>3\. Capacity Estimation<\/h2>\n<div class="estimates"><table class="estimates-table">/,
    );
    expect(html).toContain("10M/month ÷ 2,592,000 s = 3.86 /s");
  });

  it("goes nowhere without a directive or a step 3", async () => {
    const { html, messages } = await render("no-step-3");
    expect(messages).toEqual([]);
    expect(html).not.toContain("estimates-table");
    expect(html).toContain(
      '<span class="estimate" tabindex="0" aria-describedby="estimate-derivation-1">0.0116 /s<span class="estimate-derivation" id="estimate-derivation-1" role="tooltip">1K/day ÷ 86,400 s = 0.0116 /s</span></span>',
    );
  });

  it("accepts the headings the site adds for step 3", async () => {
    const filePath = path.join(fixtures, "no-step-3", "input.md");
    const file = prepareWriteup(
      new VFile({ path: filePath }),
      await readFile(filePath, "utf8"),
      fixtures,
    );
    const processor = unified()
      .use(remarkParse)
      .use(remarkDirective)
      .use(remarkEstimates, { headings: { capacity: ["Scaling"] } })
      .use(remarkRehype)
      .use(rehypeStringify);
    expect(String(await processor.process(file))).toMatch(
      /<h2>Scaling<\/h2>\n<div class="estimates">/,
    );
  });

  it("draws the two charts as accessible inline SVG", async () => {
    const { html } = await render("directive");
    expect(html.match(/<figure class="estimates-chart"><svg/g)).toHaveLength(2);
    expect(html).toContain(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 260" role="img" aria-labelledby="estimates-storage-title estimates-storage-desc"',
    );
    expect(html).toContain(
      '<title id="estimates-storage-title">Storage growing over 5 years</title>',
    );
    expect(html).toContain('<title id="estimates-traffic-title">Peak and average traffic</title>');
    expect(html).not.toMatch(/<script|NaN|Infinity/);
  });

  it("renders the same page twice byte for byte", async () => {
    expect((await render("workloads")).html).toBe((await render("workloads")).html);
  });
});

describe(":estimate[…]", () => {
  it("becomes the figure, focusable, with its derivation as its described tooltip", async () => {
    const { html } = await render("directive");
    expect(html).toContain(
      'about <span class="estimate" tabindex="0" aria-describedby="estimate-derivation-1">19.3K /s<span class="estimate-derivation" id="estimate-derivation-1" role="tooltip">193 /s × 100 (read:write) = 19.3K /s</span></span> on average',
    );
    expect(html).toContain(
      '<span class="estimate" tabindex="0" aria-describedby="estimate-derivation-3">15.2 TB<span class="estimate-derivation" id="estimate-derivation-3" role="tooltip">30.4B objects × 500 B = 15.2 TB</span></span>',
    );
  });

  it("names one workload as workload.key", async () => {
    const { html, messages } = await render("workloads");
    expect(messages).toEqual([]);
    expect(html).toContain(
      '<span class="estimate" tabindex="0" aria-describedby="estimate-derivation-1">152 PiB<span class="estimate-derivation" id="estimate-derivation-1" role="tooltip">54.8B objects × 1 MiB × 3 (replication) = 152 PiB</span></span>',
    );
    expect(html).toContain('<th scope="rowgroup" colspan="3">media</th>');
    expect(html).toContain('<th scope="rowgroup" colspan="3">Total</th>');
  });

  it("reports an unknown key at the directive, listing the valid ones", async () => {
    const { messages } = await render("unknown-key");
    const valid =
      "valid keys are writes_per_second, peak_writes_per_second, reads_per_second, peak_reads_per_second, storage_objects, storage_bytes_per_day, storage_bytes, provisioned_storage_bytes, bandwidth_in_bytes_per_second, bandwidth_in_bits_per_second, bandwidth_out_bytes_per_second, bandwidth_out_bits_per_second, cache_bytes, each also as `<workload>.<key>` with workload `default`";
    expect(messages).toEqual([
      `11:7 error Expected a known estimate, found \`:estimate[reads_per_sec]\` (did you mean \`reads_per_second\`?); ${valid} [content/estimate-directive]`,
      `11:48 error Expected a known estimate, found \`:estimate[tweets.storage_bytes]\`; ${valid} [content/estimate-directive]`,
    ]);
  });

  it("asks for a capacity: block when a writeup cites estimates without one", async () => {
    const { messages, html } = await render("no-capacity");
    expect(messages).toEqual([
      "7:7 error Expected a `capacity:` block in the front matter for `:estimate[reads_per_second]`, found none; add `capacity:` with `writes`, `read_write_ratio`, `write_size`, … (see “Capacity estimates” in the README) [content/estimate-directive]",
      "9:1 error Expected a `capacity:` block in the front matter for `::estimates`, found none; add `capacity:` with `writes`, `read_write_ratio`, `write_size`, … (see “Capacity estimates” in the README) [content/estimate-directive]",
    ]);
    expect(html).not.toContain("::estimates");
  });
});

describe("bad capacity input", () => {
  it("reports every problem at its front-matter line and column", async () => {
    const { messages, file } = await render("bad-input");
    expect(messages).toEqual([
      "4:11 error `writes` needs a period, e.g. `4 / s` or `10M / month`; found `500M` with none [nine-steps/capacity-input]",
      "6:3 error Unexpected field `write_sise` in `capacity:`; did you mean `write_size`? [nine-steps/capacity-input]",
      "7:14 error Expected the unit of `retention` to be days, weeks, months or years, found `decades` [nine-steps/capacity-input]",
      "8:16 error Expected `replication` to be a number of at least 1, found the number 0 [nine-steps/capacity-input]",
      "9:16 error Expected `peak_factor` to be a number of at least 1, found `high` [nine-steps/capacity-input]",
    ]);
    expect(file.data.estimates).toBeUndefined();
  });

  // It used to do nothing here; issue #14 asks it to read the file's own front
  // matter, as remarkNineSteps does: a file without one has no `capacity:`.
  it("reads the file's text when the pipeline gave no front matter: directives without `capacity:` are errors, as in a build", async () => {
    const file = new VFile({ value: "::estimates\n\n:estimate[x]\n" });
    const result = await unified()
      .use(remarkParse)
      .use(remarkDirective)
      .use(remarkEstimates)
      .use(remarkRehype)
      .use(rehypeStringify)
      .process(file);
    expect(
      result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`),
    ).toEqual(["1:1 content/estimate-directive", "3:1 content/estimate-directive"]);
    expect(result.data.estimates).toBeUndefined();
  });
});

describe("machine counts on the page", () => {
  it("shows servers, shards and cache nodes with their derivations, and cites them", async () => {
    const { html, messages } = await render("planning");
    expect(messages).toEqual([]);
    expect(html).toContain(
      '<tr data-key="servers"><th scope="row">Application servers</th><td class="estimates-figure" data-label="Figure">26 servers</td><td class="estimates-derivation" data-label="Derivation">(180K /s + 20K /s) ÷ 10K /s ÷ 0.8 (target utilization) = 25 + 1 spare = 26 servers</td></tr>',
    );
    for (const key of ["storage_shards", "storage_nodes", "cache_nodes", "concurrent_requests"]) {
      expect(html).toContain(`<tr data-key="${key}">`);
    }
    expect(html).toContain(
      '>26 servers<span class="estimate-derivation" id="estimate-derivation-1" role="tooltip">(180K /s + 20K /s) ÷ 10K /s ÷ 0.8 (target utilization) = 25 + 1 spare = 26 servers</span>',
    );
    expect(html).toContain(">400 connections<span");
  });

  it("names the input a machine figure needs when a writeup cites it without", async () => {
    const { messages } = await render("planning-missing");
    expect(messages).toEqual([
      "11:17 error Expected `per_node` in `capacity:` for `:estimate[storage_nodes]`, found none; add `per_node: { storage: 10 TB }`, or cite another figure [content/estimate-directive]",
      expect.stringMatching(
        /^11:46 error Expected a known estimate, found `:estimate\[sotrage_bytes\]` \(did you mean `storage_bytes`\?\)/,
      ),
    ]);
  });
});

describe("each fixture, against the output recorded beside its input", () => {
  // `npx vitest run test/capacity/remark-estimates.test.ts -u` records them again.
  const names = readdirSync(fixtures).filter((name) =>
    existsSync(path.join(fixtures, name, "input.md")),
  );

  it.each(names)("%s renders output.html, with the messages of output.json", async (name) => {
    const { html, messages } = await render(name);
    await expect(`${html}\n`).toMatchFileSnapshot(path.join(fixtures, name, "output.html"));
    await expect(`${JSON.stringify(messages, null, 2)}\n`).toMatchFileSnapshot(
      path.join(fixtures, name, "output.json"),
    );
  });
});
