import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, temporaryFolder } from "../helpers.js";

// What a pull request can put in a writeup, run through the commands a hook or CI
// runs on it: nothing runs, nothing crashes, every problem names its file and line.

const run = promisify(execFile);
const bin = path.join(repoRoot, "bin", "designpress.js");

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the compiled command (`npm test` compiles before the tests). */
async function designpress(args: string[], cwd: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Outcome;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** No stack trace, no raw control character: what a terminal shows is only text. */
function expectPlainMessages(outcome: Outcome): void {
  const output = outcome.stdout + outcome.stderr;
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(output).not.toMatch(/RangeError|ReferenceError|TypeError/);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them.
  expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
}

const nineSteps = [
  "Gather Requirements",
  "Discuss System Constraints",
  "Capacity Estimation",
  "Define System APIs",
  "Draw Top-Level System Diagram",
  "Discuss Database Design",
  "Prototype a Minimum Viable Product",
  "Discuss Scaling",
  "Test and Review Your Design",
]
  .map((heading) => `## ${heading}\n\nText.\n`)
  .join("\n");

describe("untrusted writeups through check, build and estimate", () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const marker = () => path.join(root, "front-matter-ran");

  async function project(name: string, files: Record<string, string | Buffer>): Promise<string> {
    const dir = path.join(root, name);
    await mkdir(path.join(dir, "content"), { recursive: true });
    for (const [file, text] of Object.entries(files)) {
      await writeFile(path.join(dir, "content", file), text);
    }
    return dir;
  }

  beforeAll(async () => {
    ({ dir: root, cleanup } = await temporaryFolder());
  });
  afterAll(() => cleanup());

  it("never runs `---js` front matter: it is an error at line 1 in all three commands", async () => {
    const attack = (language: string) =>
      `---${language}\n{ title: require("node:fs").writeFileSync(${JSON.stringify(marker())}, "ran") }\n---\n${nineSteps}`;
    const dir = await project("js", {
      "js.md": attack("js"),
      "javascript.md": attack("javascript"),
    });
    const check = await designpress(["check"], dir);
    const build = await designpress(["build"], dir);
    const estimate = await designpress(["estimate", "content/js.md"], dir);
    expect(existsSync(marker())).toBe(false);
    expect([check.code, build.code, estimate.code]).toEqual([1, 1, 1]);
    for (const name of ["js", "javascript"]) {
      const reason = `Expected YAML front matter (an opening \`---\`), found \`---${name}\``;
      expect(check.stdout).toMatch(
        new RegExp(`content/${name}\\.md\\n\\s*1:1\\s+error\\s+${escapeRegExp(reason)}`),
      );
      expect(build.stderr).toMatch(
        new RegExp(`content/${name}\\.md\\n\\s*1:1\\s+error\\s+${escapeRegExp(reason)}`),
      );
    }
    expect(estimate.stderr).toMatch(/content\/js\.md\n\s*1:1\s+error\s+Expected YAML front matter/);
    for (const outcome of [check, build, estimate]) expectPlainMessages(outcome);
  });

  it("refuses a YAML alias bomb at its line in all three commands", async () => {
    const lols = (name: string, item: string) =>
      `${name}: &${name} [${Array(9).fill(item).join(", ")}]`;
    const bomb = [
      "---",
      "title: Laughs",
      lols("a", "lol"),
      ...["b", "c", "d", "e", "f", "g", "h", "i"].map((name, index) =>
        lols(name, `*${"abcdefgh"[index]}`),
      ),
      "capacity:",
      "  writes: 1 / s",
      "  write_size: 1 KB",
      "---",
      nineSteps,
    ].join("\n");
    const dir = await project("bomb", { "bomb.md": bomb });
    const reason = "Expected YAML aliases to add at most 10,000 values to the front matter";
    const check = await designpress(["check"], dir);
    const build = await designpress(["build"], dir);
    const estimate = await designpress(["estimate", "content/bomb.md"], dir);
    expect([check.code, build.code, estimate.code]).toEqual([1, 1, 1]);
    expect(check.stdout).toMatch(new RegExp(`content/bomb\\.md\\n\\s*7:8\\s+error\\s+${reason}`));
    expect(build.stderr).toMatch(new RegExp(`7:8\\s+error\\s+${escapeRegExp(reason)}`));
    expect(estimate.stderr).toMatch(
      new RegExp(`content/bomb\\.md\\n\\s*7:8\\s+error\\s+${reason}`),
    );
    // The message spans the alias, `*d` (7:8-7:10).
    const json = await designpress(["check", "--format", "json"], dir);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({
      line: 7,
      column: 8,
      endLine: 7,
      endColumn: 10,
      message: expect.stringContaining(reason),
    });
    for (const outcome of [check, build, estimate]) expectPlainMessages(outcome);
  });

  it("refuses 10,000 nested quotes, list items or HTML elements at their line, in check and build", async () => {
    const header = "---\ntitle: Deep\n---\n\n";
    const indented = Array.from(
      { length: 150 },
      (_, depth) => `${"  ".repeat(depth)}- level ${depth + 1}\n`,
    );
    const dir = await project("deep", {
      "quotes.md": `${header}${"> ".repeat(10_000)}x\n`,
      "lists.md": `${header}${"- ".repeat(10_000)}x\n`,
      "indented.md": `${header}${indented.join("")}`,
      "html.md": `${header}${"<div>".repeat(10_000)}x${"</div>".repeat(10_000)}\n`,
    });
    const check = await designpress(["check"], dir);
    const build = await designpress(["build"], dir);
    expect([check.code, build.code]).toEqual([1, 1]);
    const markers =
      "Expected Markdown nested at most 100 levels deep, found 10,000 quote and list markers";
    const deep = "Expected Markdown nested at most 100 levels deep (each quote, list, list item";
    expect(check.stdout).toMatch(
      new RegExp(`content/quotes\\.md\\n\\s*5:1\\s+error\\s+${markers}`),
    );
    expect(check.stdout).toMatch(new RegExp(`content/lists\\.md\\n\\s*5:1\\s+error\\s+${markers}`));
    // A list and its item are two levels: level 101 is the paragraph of the 50th item.
    expect(check.stdout).toMatch(
      new RegExp(`content/indented\\.md\\n\\s*54:101\\s+error\\s+${escapeRegExp(deep)}`),
    );
    expect(build.stderr).toMatch(
      new RegExp(`content/quotes\\.md\\n\\s*5:1\\s+error\\s+${markers}`),
    );
    expect(build.stderr).toMatch(new RegExp(`content/lists\\.md\\n\\s*5:1\\s+error\\s+${markers}`));
    expect(build.stderr).toMatch(
      new RegExp(`content/indented\\.md\\n\\s*54:101\\s+error\\s+${escapeRegExp(deep)}`),
    );
    expect(build.stderr).toMatch(
      /content\/html\.md\n\s*5:1\s+error\s+Expected HTML nested at most 100 levels deep/,
    );
    for (const outcome of [check, build]) expectPlainMessages(outcome);
  });

  it("refuses a writeup over 1 MiB, and one with too many nested list items, in check and build alike", async () => {
    const large = `---\ntitle: Large\n---\n${"word ".repeat(220_000)}\n`;
    const dir = await project("large", {
      "large.md": large,
      "outline.md": `---\ntitle: Outline\n---\n${"- point\n  - detail\n".repeat(1_100)}`,
    });
    const check = await designpress(["check"], dir);
    const build = await designpress(["build"], dir);
    expect([check.code, build.code]).toEqual([1, 1]);
    const size = `Expected a writeup of at most 1 MiB (1,048,576 bytes), found ${large.length.toLocaleString("en")} bytes`;
    const items = "Expected at most 2,000 list items and nested quotes in a writeup";
    expect(check.stdout).toMatch(
      new RegExp(`content/large\\.md\\n\\s*1:1\\s+error\\s+${escapeRegExp(size)}`),
    );
    expect(check.stdout).toMatch(
      new RegExp(`content/outline\\.md\\n\\s*2004:1\\s+error\\s+${items}`),
    );
    expect(build.stderr).toMatch(
      new RegExp(`content/large\\.md\\n\\s*1:1\\s+error\\s+${escapeRegExp(size)}`),
    );
    expect(build.stderr).toMatch(
      new RegExp(`content/outline\\.md\\n\\s*2004:1\\s+error\\s+${items}`),
    );
    for (const outcome of [check, build]) expectPlainMessages(outcome);
  });

  it("warns about invalid UTF-8 at the line of the first bad byte", async () => {
    const text = Buffer.concat([
      Buffer.from(`---\ntitle: Latin-1\n---\n${nineSteps}\nCaf`),
      Buffer.from([0xe9]),
      Buffer.from(" au lait\n"),
    ]);
    const line = `---\ntitle: Latin-1\n---\n${nineSteps}\n`.split("\n").length;
    const dir = await project("encoding", { "latin1.md": text });
    const check = await designpress(["check"], dir);
    const build = await designpress(["build"], dir);
    const reason = "Expected UTF-8 text, found the byte `0xe9`";
    expect(check.stdout).toMatch(new RegExp(`${line}:4\\s+warning\\s+${escapeRegExp(reason)}`));
    expect(build.stderr).toMatch(new RegExp(`${line}:4\\s+warning\\s+${escapeRegExp(reason)}`));
    expect(build.code).toBe(0);
  });

  it("escapes control characters from a title and a capacity value in every printed message", async () => {
    const writeup = [
      "---",
      String.raw`title: "TODO \e[2J\e]0;owned\a"`,
      "capacity:",
      "  writes: 1 / s",
      "  write_size: 1 KB",
      String.raw`  retention: "5 \e[32mdecades"`,
      "---",
      nineSteps,
    ].join("\n");
    const dir = await project("escapes", { "escapes.md": writeup });
    const outcomes = [
      await designpress(["check"], dir),
      await designpress(["check", "--format", "github"], dir),
      await designpress(["build"], dir),
      await designpress(["estimate", "content/escapes.md"], dir),
    ];
    for (const outcome of outcomes) {
      expectPlainMessages(outcome);
      expect(outcome.stdout + outcome.stderr).toContain(String.raw`\x1b[32mdecades`);
    }
    for (const outcome of outcomes.slice(0, 3)) {
      expect(outcome.stdout + outcome.stderr).toContain(String.raw`TODO \x1b[2J\x1b]0;owned\x07`);
    }
    // A path check cannot read (a FIFO), whose name holds an ESC sequence.
    const named = await project("named", {});
    execFileSync("mkfifo", [path.join(named, "content", "\u001b[2Jpipe.md")]);
    const unreadable = await designpress(["check", "content/\u001b[2Jpipe.md"], named);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain(String.raw`cannot read ${"`"}content/\x1b[2Jpipe.md${"`"}`);
    expectPlainMessages(unreadable);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
