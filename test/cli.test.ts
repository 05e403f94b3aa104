import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot, temporaryFolder } from "./helpers.js";

const run = promisify(execFile);
const bin = path.join(repoRoot, "bin", "designpress.js");

/** Run the compiled command (`npm test` compiles before the tests). */
async function designpress(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the designpress command", () => {
  it("prints usage and version", async () => {
    const help = await designpress(["--help"], repoRoot);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: designpress <command>/);
    const version = await designpress(["--version"], repoRoot);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const unknown = await designpress(["publish"], repoRoot);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command `publish`/);
  });

  it("reports every bad file with its line, exits 1 and writes nothing", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await mkdir(path.join(dir, "content"));
      await writeFile(
        path.join(dir, "content", "bad-yaml.md"),
        "---\ntitle: A\nsummary: [oops\n---\n",
      );
      await writeFile(path.join(dir, "content", "no-title.md"), "Just a paragraph.\n");
      await writeFile(
        path.join(dir, "content", "escape.md"),
        "---\ntitle: E\nslug: ../../etc\n---\n",
      );
      const result = await designpress(["build"], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/content\/bad-yaml\.md\n\s*3:\d+.*Invalid YAML front matter/);
      expect(result.stderr).toMatch(
        /content\/no-title\.md\n\s*1:1.*Expected a `title` in the front matter/,
      );
      expect(result.stderr).toMatch(
        /content\/escape\.md\n\s*3:\d+.*Expected `slug` to be a path inside the site/,
      );
      expect(result.stderr).toMatch(/build failed; dist\/ was left as it was/);
      const usage = await designpress(["build", "--colour"], dir);
      expect(usage.code).toBe(2);
    } finally {
      await cleanup();
    }
  });
});
