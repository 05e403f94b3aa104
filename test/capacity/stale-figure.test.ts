import { readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { findClaims } from "../../src/capacity/prose/claims.js";
import { run as check } from "../../src/cli/check.js";
import { ConfigError, parseConfig } from "../../src/config/index.js";
import { createPageProcessor } from "../../src/pipeline/processor.js";
import type { StructureOptions } from "../../src/structure/check.js";
import { checkFile, rules as checkRules } from "../../src/structure/index.js";
import { prepareWriteup } from "../../src/writeup/read.js";
import { corpusDir, repoRoot, temporaryFolder } from "../helpers.js";

const ruleId = "nine-steps/stale-figure";
const fixtures = path.join(import.meta.dirname, "fixtures", "stale-figure");

/** `line:column reason` of the rule's messages for a file's text. */
function staleMessages(file: string, source: string, options: StructureOptions = {}): string[] {
  return checkFile(file, source, options)
    .messages.filter((message) => message.ruleId === ruleId)
    .map((message) => `${message.line}:${message.column} ${message.reason}`);
}

function checkFixture(file: string, options: StructureOptions = {}): string[] {
  return staleMessages(file, readFileSync(file, "utf8"), options);
}

// Each case: `invalid.md` holds wrong figures in step 3 (and the same figure
// outside it), reported exactly as `invalid.expected.txt` says; `valid.md` holds
// the right ones, and gets no message.
const cases = readdirSync(fixtures).sort();

describe.each(cases)("nine-steps/stale-figure: %s", (name) => {
  const folder = path.join(fixtures, name);

  it("reports each wrong figure at its place, with the computed one and the key to cite", () => {
    const expected = readFileSync(path.join(folder, "invalid.expected.txt"), "utf8")
      .trimEnd()
      .split("\n");
    expect(checkFixture(path.join(folder, "invalid.md"))).toEqual(expected);
  });

  it("is silent when the figures agree", () => {
    expect(checkFixture(path.join(folder, "valid.md"))).toEqual([]);
  });
});

describe("nine-steps/stale-figure", () => {
  it("covers traffic, storage, bandwidth, cache and a 1000× unit slip", () => {
    expect(cases).toEqual(["bandwidth", "cache", "storage", "traffic", "unit-slip"]);
    expect(
      readFileSync(path.join(fixtures, "unit-slip", "invalid.expected.txt"), "utf8"),
    ).toContain("found `33.3 MB`, 1/1,000 of the estimate");
  });

  it("reads figures only in step 3", () => {
    const file = path.join(fixtures, "traffic", "invalid.md");
    const source = readFileSync(file, "utf8");
    expect(source).toMatch(/## 4\. Define System APIs\n\nAt 400 writes per second/);
    expect(checkFixture(file).every((message) => message.startsWith("18:"))).toBe(true);
  });

  it("takes its tolerance from the rule's options", () => {
    // 40 writes a second is 3.6% above the computed 38.6.
    const file = path.join(fixtures, "traffic", "valid.md");
    expect(checkFixture(file)).toEqual([]);
    expect(checkFixture(file, { ruleOptions: { [ruleId]: { tolerance: 0.02 } } })).toEqual([
      expect.stringMatching(
        /^18:18 Expected about 38.6 \/s .*found `40 writes per second`, 4% more/,
      ),
    ]);
  });

  it("needs `capacity:` to compare with: silent on the corpus as it is", () => {
    for (const folder of ["markdown", "design-docs"]) {
      for (const name of readdirSync(path.join(corpusDir, folder))) {
        if (!name.endsWith(".md")) continue;
        expect(checkFixture(path.join(corpusDir, folder, name)), name).toEqual([]);
      }
    }
  });

  it("is silent on the demo portfolio, whose prose cites its figures", () => {
    for (const name of readdirSync(path.join(repoRoot, "content"))) {
      expect(checkFixture(path.join(repoRoot, "content", name)), name).toEqual([]);
    }
  });

  it("runs in the build too", async () => {
    const filePath = path.join(fixtures, "cache", "invalid.md");
    const file = prepareWriteup(
      new VFile({ path: filePath }),
      readFileSync(filePath, "utf8"),
      fixtures,
    );
    const config = parseConfig(
      `check:\n  rules:\n    ${ruleId}: [error, { tolerance: 5% }]\n`,
      "designpress.config.yaml",
      repoRoot,
      checkRules,
    );
    expect(config.check.ruleOptions?.[ruleId]).toEqual({ tolerance: 0.05 });
    const processor = createPageProcessor(config);
    await processor.run(processor.parse(file), file);
    const messages = file.messages.filter((message) => message.ruleId === ruleId);
    expect(messages.map((message) => `${message.line}:${message.column} ${message.fatal}`)).toEqual(
      ["18:42 true"],
    );
  });
});

describe("designpress check", () => {
  it("reports a stale figure with the tolerance of the site config", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await mkdir(path.join(dir, "content"));
      await copyFile(
        path.join(fixtures, "traffic", "valid.md"),
        path.join(dir, "content", "shortener.md"),
      );
      const run = async () => {
        let out = "";
        const code = await check(["--format", "json"], {
          cwd: dir,
          color: false,
          stdout: { write: (text: string) => (out += text) },
          stderr: { write: () => true },
        });
        return { code, out };
      };
      expect((await run()).out).not.toContain(ruleId);
      await writeFile(
        path.join(dir, "designpress.config.yaml"),
        `check:\n  rules:\n    ${ruleId}: [error, { tolerance: 2% }]\n`,
      );
      const { code, out } = await run();
      expect(code).toBe(1);
      expect(out).toContain(ruleId);
      expect(out).toContain("found `40 writes per second`, 4% more than the estimate");
    } finally {
      await cleanup();
    }
  });
});

describe("the rule's options in the site config", () => {
  const config = (rules: string) =>
    parseConfig(
      `check:\n  rules:\n${rules}`,
      "/project/designpress.config.yaml",
      "/project",
      checkRules,
    );
  const problems = (rules: string) => {
    try {
      config(rules);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.problems.map((problem) => `${problem.line}:${problem.column} ${problem.reason}`);
    }
  };

  it("takes [severity, options], a fraction or a percentage", () => {
    expect(config(`    ${ruleId}: [warning, { tolerance: 0.2 }]\n`).check).toMatchObject({
      rules: { [ruleId]: "warning" },
      ruleOptions: { [ruleId]: { tolerance: 0.2 } },
    });
    expect(
      config(`    ${ruleId}:\n      - off\n      - tolerance: 25%\n`).check.ruleOptions,
    ).toEqual({
      [ruleId]: { tolerance: 0.25 },
    });
  });

  it("reports a misspelt option or a bad value at its place", () => {
    expect(problems(`    ${ruleId}: [warning, { tolerence: 5% }]\n`)).toEqual([
      "3:42 Unknown option `tolerence` of `nine-steps/stale-figure` (did you mean `tolerance`?)",
    ]);
    expect(problems(`    ${ruleId}: [warning, { tolerance: lots }]\n`)).toEqual([
      "3:53 Expected `tolerance` of `nine-steps/stale-figure` to be a fraction from 0 to 1 such as `0.1`, or a percentage such as `10%`, found `lots`",
    ]);
    expect(problems("    nine-steps/failover: [warning, { tolerance: 5% }]\n")).toEqual([
      "3:38 Expected no options for `nine-steps/failover`, which takes none, found `tolerance`",
    ]);
  });
});

describe("figures of other things", () => {
  it.each([
    "p99 latency is 200 ms, and hosting costs $2,000 a month.",
    "500 million users share 62^7 = 3.5 trillion codes of 7 characters.",
    "Each cache node has 64 GB of memory; a database node holds 10 TB per node.",
    "Average customer makes 100 requests/second during peak.",
    "Base memory: 2 GB (OS, runtime)",
    "Peak storage: ~300 TB (with growth factor)",
    "Total instances: 15-20 instances (with 50% headroom)",
    "We need over 300 TB of storage, at least 20 servers.",
    "1 request per second = 2.5 million requests per month",
    "Storage: 100M × 500 B",
    "2.7 TB of cache data per month if all 10 billion queries are unique",
    "Read 1 MB sequentially from memory | ~10 microseconds",
  ])("no claim in %j", (text) => {
    expect(findClaims(text)).toEqual([]);
  });

  it("reads the claims authors write", () => {
    const claims = (text: string) =>
      findClaims(text).map(
        (claim) =>
          `${claim.text} ${claim.kinds.join("|")} ${claim.value}${claim.days ? ` over ${claim.days} days` : ""}`,
      );
    expect(claims("≈ 40 writes per second, 20K reads/s and about 36.5 TB of storage")).toEqual([
      "40 writes per second writes 40",
      "20K reads/s reads 20000",
      "36.5 TB storage 36500000000000",
    ]);
    expect(claims("Caching 20% of a day's reads needs 170 GB of cache.")).toEqual([
      "170 GB cache 170000000000",
    ]);
    expect(
      claims("- Storage: 6 billion objects of 500 bytes each, that is around 3 TB over 5 years."),
    ).toEqual([
      "6 billion objects objects 6000000000",
      "3 TB storage 3000000000000 over 1825 days",
    ]);
    expect(
      claims("Daily read traffic: 10B × 150 bytes = 1.5 TB/day ≈ 17.4 GB/sec ≈ 139 Gbps"),
    ).toEqual([
      "1.5 TB/day bandwidth 1500000000000 over 1 days",
      "17.4 GB/sec bandwidth 17400000000",
      "139 Gbps bandwidth 17375000000",
    ]);
  });
});

/** A corpus writeup with the capacity inputs it states, and the hits it is known to get. */
interface CorpusCase {
  file: string;
  headings?: Record<string, string[]>;
  capacity: unknown;
  hits?: { at: string; found: string; verdict: "true" | "model" | "false" }[];
}

describe("precision on the corpus, with each writeup's stated inputs as `capacity:`", () => {
  const writeups = parse(
    readFileSync(
      path.join(import.meta.dirname, "fixtures", "stale-figure-corpus", "writeups.yaml"),
      "utf8",
    ),
  ) as CorpusCase[];

  it.each(writeups.map((writeup) => [writeup.file, writeup] as const))("%s", (_name, writeup) => {
    const source = readFileSync(path.join(corpusDir, writeup.file), "utf8");
    // The inputs go in front matter of a copy; positions are reported in the corpus file.
    const matter = `---\ntitle: Copy\n${stringify({ capacity: writeup.capacity })}---\n`;
    const added = matter.split("\n").length - 1;
    const file = checkFile(writeup.file, matter + source, { headings: writeup.headings ?? {} });
    expect(file.data.steps?.find((step) => step.id === "capacity")?.present).toBe(true);
    const hits = file.messages
      .filter((message) => message.ruleId === ruleId)
      .map((message) => ({
        at: `${(message.line ?? 0) - added}:${message.column}`,
        found: /found `([^`]*)`/.exec(message.reason)?.[1],
      }));
    expect(hits).toEqual((writeup.hits ?? []).map(({ at, found }) => ({ at, found })));
  });

  it("has one false alarm over all of them (the egress of write responses)", () => {
    const verdicts = writeups.flatMap((writeup) => (writeup.hits ?? []).map((hit) => hit.verdict));
    expect(verdicts.filter((verdict) => verdict === "false")).toHaveLength(1);
    expect(verdicts).toHaveLength(16);
  });
});
