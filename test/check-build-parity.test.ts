import { readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/index.js";
import { run as check } from "../src/cli/check.js";
import { ruleUrl } from "../src/core/rule-registry.js";
import { temporaryFolder } from "./helpers.js";

// `designpress check` must catch what `build` rejects without a browser, with the
// same rule id at the same line. Each case writes a small project, checks it,
// builds it, and compares.
const complete = readFileSync(
  path.join(import.meta.dirname, "structure", "fixtures", "complete.md"),
  "utf8",
);

/** The complete fixture with its title, summary and tags replaced, a body appended. */
function writeup(fields: string, body = ""): string {
  return complete.replace(/^---\ntitle: .*\nsummary: .*\ntags: .*\n/, `---\n${fields}\n`) + body;
}

/** `line:column` of the first `text` in a writeup. */
function at(source: string, text: string): string {
  const lines = source.split("\n");
  const line = lines.findIndex((candidate) => candidate.includes(text));
  return `${line + 1}:${(lines[line]?.indexOf(text) ?? 0) + 1}`;
}

interface Seen {
  code: number;
  /** `file:line:column severity rule-id`, for the rules under test. */
  messages: string[];
  reasons: string[];
}

async function checkAndBuild(
  files: Record<string, string>,
  { config = "", paths = [] as string[], rules = /./ } = {},
): Promise<{ check: Seen; build: Seen & { html?: string } }> {
  const { dir, cleanup } = await temporaryFolder("designpress-parity-");
  try {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
    if (config) await writeFile(path.join(dir, "designpress.config.yaml"), config);
    let stdout = "";
    const code = await check([...paths, "--format", "json"], {
      cwd: dir,
      color: false,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
    });
    const checked = (
      JSON.parse(stdout) as {
        file: string;
        line: number;
        column: number;
        severity: string;
        ruleId: string;
        message: string;
        url: string | null;
      }[]
    ).filter((message) => rules.test(message.ruleId));
    const result = await build({ root: dir });
    // Every message, the build's and check's, carries its rule id and the url of its docs.
    for (const message of [...result.files.flatMap((file) => file.messages), ...checked]) {
      expect(message.ruleId, message.message).toBeTruthy();
      expect(message.url, message.message).toBe(ruleUrl(message.ruleId ?? ""));
    }
    // The build reports a file's problems in the order it finds them; check, in document order.
    const built = result.files.flatMap((file) =>
      file.messages
        .filter((message) => rules.test(message.ruleId ?? ""))
        .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
        .map((message) => ({ file: file.path, message })),
    );
    const indexOf = path.join(dir, "dist", "index.html");
    return {
      check: {
        code,
        messages: checked.map(
          (message) =>
            `${message.file}:${message.line}:${message.column} ${message.severity} ${message.ruleId}`,
        ),
        reasons: checked.map((message) => message.message),
      },
      build: {
        code: result.ok ? 0 : 1,
        messages: built.map(
          ({ file, message }) =>
            `${file}:${message.line}:${message.column} ${message.fatal ? "error" : "warning"} ${message.ruleId}`,
        ),
        reasons: built.map(({ message }) => message.reason),
        html: result.ok ? await readFile(indexOf, "utf8") : undefined,
      },
    };
  } finally {
    await cleanup();
  }
}

describe("check and build agree", () => {
  it("on estimate directives: an unknown key and both misplaced forms", async () => {
    const source = complete.replace(
      "::estimates",
      "::estimates\n\nIt keeps :estimate[cache_size] in memory.\n\n::estimate\n\nSee :estimates too.",
    );
    const { check, build } = await checkAndBuild(
      { "content/a.md": source },
      { rules: /^content\/estimate-directive$/ },
    );
    expect(check.code).toBe(1);
    expect(check.messages).toEqual([
      `content/a.md:${at(source, ":estimate[cache_size]")} error content/estimate-directive`,
      `content/a.md:${source.split("\n").indexOf("::estimate") + 1}:1 error content/estimate-directive`,
      `content/a.md:${at(source, ":estimates too")} error content/estimate-directive`,
    ]);
    expect(check.reasons[0]).toMatch(/^Expected a known estimate, found `:estimate\[cache_size\]`/);
    expect(build.messages).toEqual(check.messages);
    expect(build.reasons).toEqual(check.reasons);
  });

  it("on front-matter fields: date format, impossible date, tags, slug", async () => {
    const { check, build } = await checkAndBuild(
      {
        "content/a.md": writeup('title: A\ndate: 10 Feb 2026\ntags: {a: 1}\nslug: "../out"'),
        "content/b.md": writeup("title: B\ndate: 2026-02-31"),
      },
      { rules: /^(nine-steps\/front-matter|front-matter\/slug)$/ },
    );
    expect(check.code).toBe(1);
    expect(check.messages).toEqual([
      "content/a.md:3:7 error nine-steps/front-matter",
      "content/a.md:4:7 error nine-steps/front-matter",
      "content/a.md:5:7 error front-matter/slug",
      "content/b.md:3:7 error nine-steps/front-matter",
    ]);
    expect(check.reasons[3]).toBe(
      "Expected `date` to be a day of the calendar, found `2026-02-31` (February 2026 has 28 days); fix the day",
    );
    expect(build.messages).toEqual(check.messages);
    expect(build.reasons).toEqual(check.reasons);
  });

  it("on unknown top-level fields, with did-you-mean, and accepts the config's own fields", async () => {
    const files = { "content/a.md": writeup("title: A\nsumary: S\ntag: [x]\ndraft: true") };
    const { check, build } = await checkAndBuild(files, { rules: /^front-matter\// });
    expect(check.code).toBe(1);
    expect(check.messages).toEqual([
      "content/a.md:3:1 error front-matter/unknown-field",
      "content/a.md:4:1 error front-matter/unknown-field",
      "content/a.md:5:1 error front-matter/unknown-field",
    ]);
    expect(check.reasons[0]).toContain("found `sumary`; did you mean `summary`?");
    expect(check.reasons[1]).toContain("found `tag`; did you mean `tags`?");
    expect(check.reasons[2]).toContain("found `draft`; rename it, or list it under");
    expect(build.messages).toEqual(check.messages);

    const allowed = await checkAndBuild(files, {
      rules: /^front-matter\//,
      config: "check:\n  frontMatter:\n    extraFields: [draft]\n",
    });
    expect(allowed.check.messages).toEqual(check.messages.slice(0, 2));
    expect(allowed.build.messages).toEqual(allowed.check.messages);
  });

  it("strips control characters from the title with a warning, and the page never shows them", async () => {
    const { check, build } = await checkAndBuild(
      { "content/a.md": writeup('title: "Chat\\0 service\\e[2J"\ntags: ["a\\u0007"]') },
      { rules: /^front-matter\// },
    );
    expect(check.code).toBe(0);
    expect(check.messages).toEqual([
      "content/a.md:2:8 warning front-matter/control-character",
      "content/a.md:3:8 warning front-matter/control-character",
    ]);
    expect(check.reasons[0]).toBe(
      "Expected `title` without control characters, found U+0000, U+001B; they were left out of the page: delete them from the front matter",
    );
    expect(build.messages).toEqual(check.messages);
    expect(build.html).toContain("Chat service[2J");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters must not be there.
    expect(build.html).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
  });

  it("on links to a missing writeup and a missing heading, reading only the writeups a staged file names", async () => {
    const a = writeup(
      "title: A",
      "\nSee [b](./b.md#1-gather-requirements), [c](./c.md), [b's nope](b.md#nope) and [mine](#nowhere).\n",
    );
    const files = { "content/a.md": a, "content/b.md": writeup("title: B") };
    const staged = await checkAndBuild(files, { paths: ["content/a.md"], rules: /^links\// });
    expect(staged.check.code).toBe(1);
    expect(staged.check.messages).toEqual([
      `content/a.md:${at(a, "[c]")} error links/missing-page`,
      `content/a.md:${at(a, "[b's nope]")} error links/missing-fragment`,
      `content/a.md:${at(a, "[mine]")} error links/missing-fragment`,
    ]);
    expect(staged.check.reasons[0]).toBe(
      "Cannot find the writeup `./c.md` this link points at (looked for `content/c.md`); fix the path, or add that writeup to the content folder",
    );
    expect(staged.build.messages).toEqual(staged.check.messages);
    expect(staged.build.reasons).toEqual(staged.check.reasons);

    // Imported writeups link to pages that were not copied: the config makes it a warning, for both.
    const relaxed = await checkAndBuild(files, {
      rules: /^links\//,
      config:
        "check:\n  rules:\n    links/missing-page: warning\n    links/missing-fragment: off\n",
    });
    expect(relaxed.check.code).toBe(0);
    expect(relaxed.check.messages).toEqual([
      `content/a.md:${at(a, "[c]")} warning links/missing-page`,
    ]);
    expect(relaxed.build.messages).toEqual(relaxed.check.messages);
    expect(relaxed.build.code).toBe(0);
  });

  it("on a mermaid syntax error, at the diagram's own line", async () => {
    const broken = complete.replace(/```mermaid\n([\s\S]*?)```/, "```mermaid\n$1  S -->> D\n```");
    const line = broken.split("\n").indexOf("  S -->> D") + 1;
    const { check, build } = await checkAndBuild({ "content/a.md": broken }, { rules: /^mermaid/ });
    expect(check.code).toBe(1);
    expect(check.messages).toHaveLength(1);
    expect(check.messages[0]).toMatch(
      new RegExp(`^content/a\\.md:${line}:\\d+ error mermaid/syntax$`),
    );
    expect(check.reasons[0]).toMatch(
      /^Expected a mermaid diagram that parses, but mermaid reports: Expecting /,
    );
    expect(build.messages).toEqual(check.messages);
    expect(build.reasons).toEqual(check.reasons);
  });

  it("reports front matter that does not parse once, not a cascade", async () => {
    const { check } = await checkAndBuild({
      "content/a.md": complete.replace("title: URL shortener", "title: [unclosed"),
    });
    expect(check.code).toBe(1);
    expect(check.messages).toHaveLength(1);
    expect(check.messages[0]).toMatch(/^content\/a\.md:\d+:\d+ error nine-steps\/front-matter$/);
  });

  it("on a misspelt step heading, at that heading, naming the step it nearly is", async () => {
    const text = complete.replace("## 6. Discuss Database Design", "## 6. Database Desing");
    const line = text.split("\n").indexOf("## 6. Database Desing") + 1;
    const { check, build } = await checkAndBuild(
      { "content/a.md": text },
      { rules: /^nine-steps\/missing-step$/ },
    );
    expect(check.code).toBe(1);
    expect(check.messages).toEqual([`content/a.md:${line}:1 error nine-steps/missing-step`]);
    expect(check.reasons[0]).toBe(
      "Expected step 6 “Discuss Database Design”, found “6. Database Desing”, which nearly names it; correct the heading to `## 6. Database Design`",
    );
    expect(build.messages).toEqual(check.messages);
  });
});
