import { execFile, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/index.js";
import { run as check } from "../src/cli/check.js";
import { ruleUrl } from "../src/core/rule-registry.js";
import { corpusDir, repoRoot, temporaryFolder } from "./helpers.js";

const bin = path.join(repoRoot, "bin", "designpress.js");

interface JsonMessage {
  file: string;
  line: number;
  ruleId: string | null;
  url: string | null;
}

/** `designpress check --format json` on `paths`, in-process. */
async function checked(cwd: string, paths: string[]): Promise<JsonMessage[]> {
  let stdout = "";
  await check([...paths, "--format", "json"], {
    cwd,
    color: false,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => true },
  });
  return JSON.parse(stdout) as JsonMessage[];
}

function expectRuleAndUrl(messages: readonly { ruleId?: string | null; url?: string | null }[]) {
  for (const message of messages) {
    expect(message.ruleId, JSON.stringify(message)).toBeTruthy();
    expect(message.url, JSON.stringify(message)).toBe(ruleUrl(message.ruleId ?? ""));
  }
}

describe("every message has a rule id and the url of its docs", () => {
  it("on the demo, the fixtures with errors and the corpus (check)", async () => {
    const inputs = [
      "content",
      "test/structure/fixtures",
      "test/capacity/fixtures",
      "test/site/fixtures",
      "test/mermaid/fixtures",
      path.join(corpusDir, "design-docs"),
      path.join(corpusDir, "markdown"),
    ];
    const messages = await checked(repoRoot, inputs);
    expect(messages.length).toBeGreaterThan(100);
    expectRuleAndUrl(messages);
    // Not only the nine-step rules: the build's own checks are among them.
    const areas = new Set(messages.map((message) => message.ruleId?.split("/")[0]));
    for (const area of ["nine-steps", "links", "content", "front-matter"]) {
      expect(areas).toContain(area);
    }
  }, 120_000);

  it("on what the build reports (a slug taken twice, an unknown id in the config)", async () => {
    const { dir, cleanup } = await temporaryFolder("designpress-messages-");
    try {
      await mkdir(path.join(dir, "content"), { recursive: true });
      const page = (title: string, fields = "") => `---\ntitle: ${title}\n${fields}---\n\nText.\n`;
      await writeFile(path.join(dir, "content", "a.md"), page("A", "tags: [Go]\nslug: b\n"));
      await writeFile(path.join(dir, "content", "b.md"), page("B", "tags: [go]\n"));
      await writeFile(
        path.join(dir, "designpress.config.yaml"),
        "title: T\norder: [nope]\ncheck:\n  rules:\n    nine-steps/nope: off\n",
      );
      const result = await build({ root: dir });
      const messages = result.files.flatMap((file) => file.messages);
      const ids = messages.map((message) => message.ruleId);
      expect(ids).toContain("front-matter/slug");
      expect(ids).toContain("nine-steps/unknown-rule");
      expectRuleAndUrl(messages);
    } finally {
      await cleanup();
    }
  });
});

// One problem (a capacity input without a period), seen by the four commands.
const writeup =
  "---\ntitle: A\ncapacity:\n  writes: lots\n  read_write_ratio: 10\n  write_size: 1 KB\n---\n\n# A\n\nText.\n";
const pretty = [
  "content/a.md",
  "  4:11  error    `writes` needs a period, e.g. `4 / s` or `10M / month`; found `lots` with none  nine-steps/capacity-input",
];
const line =
  "content/a.md:4:11: error `writes` needs a period, e.g. `4 / s` or `10M / month`; found `lots` with none (nine-steps/capacity-input)";

describe("build, check, estimate and dev print the same layout", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await temporaryFolder("designpress-layout-"));
    await mkdir(path.join(dir, "content"));
    await writeFile(path.join(dir, "content", "a.md"), writeup);
  });
  afterAll(() => cleanup());

  async function cli(args: string[]): Promise<string> {
    const outcome = await promisify(execFile)(process.execPath, [bin, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
    }).catch((error: { stdout: string; stderr: string }) => error);
    return outcome.stdout + outcome.stderr;
  }

  /** The lines of `output` that print the problem: its own, after its file's heading when grouped. */
  function problemLines(output: string): string[] {
    const lines = output.split("\n");
    const at = lines.findIndex((text) => text.includes("nine-steps/capacity-input"));
    const problem = lines[at];
    if (problem === undefined) return [];
    if (!problem.startsWith("  ")) return [problem];
    const heading = lines.findLast((text, index) => index < at && !text.startsWith(" "));
    return [heading ?? "", problem];
  }

  /** `designpress dev` until its first build failed, then stopped. */
  async function dev(): Promise<string> {
    const child = spawn(process.execPath, [bin, "dev", "--port", "0"], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("designpress dev: build failed")) resolve();
      };
      child.stdout.on("data", seen);
      child.stderr.on("data", seen);
      child.on("exit", () => reject(new Error(`dev exited:\n${output}`)));
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    return output;
  }

  it("pretty: the file, then `line:column  severity  message  rule-id`", async () => {
    const outputs = {
      check: await cli(["check"]),
      build: await cli(["build"]),
      estimate: await cli(["estimate", "content/a.md"]),
      dev: await dev(),
    };
    for (const [command, output] of Object.entries(outputs)) {
      expect(problemLines(output), `${command}:\n${output}`).toEqual(pretty);
    }
    expect(outputs.estimate).toBe(`${pretty.join("\n")}\n\n1 error, 0 warnings in 1 file\n`);
    expect(outputs.build).toMatch(/\(10 errors, 0 warnings\)\n$/);
    expect(outputs.build.match(/ error {4}/g)).toHaveLength(10);
  }, 120_000);

  it("line: `file:line:column: severity message (rule-id)` in check, build and estimate", async () => {
    for (const args of [
      ["check", "--format", "line"],
      ["build", "--format", "line"],
      ["estimate", "content/a.md", "--format", "line"],
    ]) {
      const output = await cli(args);
      expect(problemLines(output), output).toEqual([line]);
    }
    expect(await cli(["build", "--format", "json"])).toContain(
      "designpress build: expected --format pretty or line, found `json`",
    );
  }, 120_000);
});
