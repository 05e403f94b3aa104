import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus.js";
import { run as check } from "../../src/cli/check.js";
import { run as create } from "../../src/cli/new.js";
import { repoRoot } from "../helpers.js";

const fixtures = path.join(import.meta.dirname, "fixtures");
const repository = repoRoot;
let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), "designpress-check-"));
  await mkdir(path.join(cwd, "content"));
  await copyFile(path.join(fixtures, "complete.md"), path.join(cwd, "content", "complete.md"));
  await copyFile(
    path.join(fixtures, "failover", "invalid.md"),
    path.join(cwd, "content", "no-failover.md"),
  );
  await copyFile(
    path.join(fixtures, "step-order", "invalid.md"),
    path.join(cwd, "content", "out-of-order.md"),
  );
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function designpress(command: typeof check, args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await command(args, {
    cwd,
    color: false,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe("designpress check", () => {
  it("checks content/ by default, grouped by file, with a summary; errors exit 1", async () => {
    const { code, stdout } = await designpress(check, []);
    expect(stdout).toBe(
      [
        "content/no-failover.md",
        "  63:1  warning  Expected step 9 “Test and Review Your Design” to cover failover scenarios, found nothing on it; walk through what happens when a server, the database or a whole region fails  nine-steps/failover",
        "",
        "content/out-of-order.md",
        "  29:1  error    Expected step 2 “Discuss System Constraints” between step 1 “Gather Requirements” and step 3 “Capacity Estimation”, found it after step 4 “Define System APIs”; move the section so the steps run 1 to 9  nine-steps/step-order",
        "",
        "1 error, 1 warning in 3 files",
        "",
      ].join("\n"),
    );
    expect(code).toBe(1);
  });

  it("exits 0 with warnings only, and 1 when they pass --max-warnings", async () => {
    expect((await designpress(check, ["content/complete.md", "content/no-failover.md"])).code).toBe(
      0,
    );
    const strict = await designpress(check, ["content/no-failover.md", "--max-warnings", "0"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe("designpress check: 1 warning, more than --max-warnings 0\n");
    expect((await designpress(check, ["content/no-failover.md", "--max-warnings=1"])).code).toBe(0);
  });

  it("takes globs and folders", async () => {
    const glob = await designpress(check, ["content/*-failover.md", "--format", "json"]);
    expect(JSON.parse(glob.stdout).map((message: { file: string }) => message.file)).toEqual([
      "content/no-failover.md",
    ]);
    const folder = await designpress(check, ["content", "--format", "json"]);
    expect(JSON.parse(folder.stdout)).toHaveLength(2);
  });

  it("prints JSON as the spec says", async () => {
    const { code, stdout } = await designpress(check, ["--format", "json"]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual([
      {
        file: "content/no-failover.md",
        line: 63,
        column: 1,
        endLine: 63,
        endColumn: 34,
        severity: "warning",
        ruleId: "nine-steps/failover",
        message:
          "Expected step 9 “Test and Review Your Design” to cover failover scenarios, found nothing on it; walk through what happens when a server, the database or a whole region fails",
        url: "https://github.com/designpress/designpress#nine-stepsfailover",
      },
      {
        file: "content/out-of-order.md",
        line: 29,
        column: 1,
        endLine: 29,
        endColumn: 33,
        severity: "error",
        ruleId: "nine-steps/step-order",
        message:
          "Expected step 2 “Discuss System Constraints” between step 1 “Gather Requirements” and step 3 “Capacity Estimation”, found it after step 4 “Define System APIs”; move the section so the steps run 1 to 9",
        url: "https://github.com/designpress/designpress#nine-stepsstep-order",
      },
    ]);
  });

  it("prints GitHub Actions annotations", async () => {
    const { stdout } = await designpress(check, ["--format", "github"]);
    expect(stdout.split("\n")).toEqual([
      "::warning file=content/no-failover.md,line=63,col=1,endLine=63,endColumn=34,title=nine-steps/failover::Expected step 9 “Test and Review Your Design” to cover failover scenarios, found nothing on it; walk through what happens when a server, the database or a whole region fails%0Ahttps://github.com/designpress/designpress#nine-stepsfailover",
      "::error file=content/out-of-order.md,line=29,col=1,endLine=29,endColumn=33,title=nine-steps/step-order::Expected step 2 “Discuss System Constraints” between step 1 “Gather Requirements” and step 3 “Capacity Estimation”, found it after step 4 “Define System APIs”; move the section so the steps run 1 to 9%0Ahttps://github.com/designpress/designpress#nine-stepsstep-order",
      "",
    ]);
  });

  it("applies the site config's severities and reports unknown ids in it", async () => {
    await writeFile(
      path.join(cwd, "designpress.config.yaml"),
      "title: Mine\ncheck:\n  rules:\n    nine-steps/step-order: warning\n    nine-steps/stepp-order: off\n",
    );
    const { code, stdout } = await designpress(check, ["--format", "json"]);
    const messages = JSON.parse(stdout) as {
      file: string;
      line: number;
      severity: string;
      ruleId: string;
      message: string;
    }[];
    expect(
      messages.map(
        (message) => `${message.file}:${message.line} ${message.severity} ${message.ruleId}`,
      ),
    ).toEqual([
      "designpress.config.yaml:5 warning nine-steps/unknown-rule",
      "content/no-failover.md:63 warning nine-steps/failover",
      "content/out-of-order.md:29 warning nine-steps/step-order",
    ]);
    expect(messages[0]?.message).toBe(
      "Expected a known rule id in `check.rules`, found `nine-steps/stepp-order`; did you mean `nine-steps/step-order`?",
    );
    expect(code).toBe(0);
  });

  it("places an unknown config id at its key, even when the same text comes earlier", async () => {
    await writeFile(
      path.join(cwd, "designpress.config.yaml"),
      "title: about nine-steps/stepp\ncheck:\n  rules:\n    nine-steps/stepp: off\n",
    );
    const { stdout } = await designpress(check, ["--format", "json"]);
    const [first] = JSON.parse(stdout) as { file: string; line: number; column: number }[];
    expect(first).toMatchObject({ file: "designpress.config.yaml", line: 4, column: 5 });
  });
  it("exits 2 on usage errors and unreadable files, naming them", async () => {
    const format = await designpress(check, ["--format", "xml"]);
    expect([format.code, format.stderr.split("\n")[0]]).toEqual([
      2,
      "designpress check: expected --format pretty, line, json or github, found `xml`",
    ]);
    const max = await designpress(check, ["--max-warnings", "many"]);
    expect([max.code, max.stderr.split("\n")[0]]).toEqual([
      2,
      "designpress check: expected --max-warnings to be a whole number, found `many`",
    ]);
    const missing = await designpress(check, ["content/nope.md"]);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      "designpress check: cannot read `content/nope.md`: no such file or folder\n",
    ]);
    await symlink(path.join(cwd, "gone.md"), path.join(cwd, "content", "dangling.md"));
    const dangling = await designpress(check, ["content/dangling.md"]);
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toContain("`content/dangling.md`");
    const noMatch = await designpress(check, ["drafts/**/*.md"]);
    expect([noMatch.code, noMatch.stderr]).toEqual([
      2,
      "designpress check: no files match `drafts/**/*.md`\n",
    ]);
    const option = await designpress(check, ["--fix"]);
    expect(option.code).toBe(2);
  });

  it("expands a folder even when it is named like a Markdown file", async () => {
    await mkdir(path.join(cwd, "content", "folder.md"));
    await writeFile(path.join(cwd, "content", "folder.md", "inside.md"), "# Inside\n");
    const { code, stderr } = await designpress(check, ["content/folder.md", "content/complete.md"]);
    expect(code).toBe(1); // inside.md is checked: nine missing steps
    expect(stderr).toBe("");
  });

  // What `check` loads, module by module, when it checks one writeup.
  function loadedFiles(writeup: string, options: readonly string[] = []): string[] {
    const log = path.join(cwd, "loaded.txt");
    rmSync(log, { force: true });
    const result = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--import",
        path.join(import.meta.dirname, "helpers", "record-loads.mjs"),
        path.join(import.meta.dirname, "helpers", "designpress.ts"),
        "check",
        writeup,
        ...options,
      ],
      { cwd: repository, env: { ...process.env, DESIGNPRESS_LOAD_LOG: log }, encoding: "utf8" },
    );
    expect(result.stdout).toBe("0 errors, 0 warnings in 1 file\n");
    expect(result.status).toBe(0);
    return readFileSync(log, "utf8").split("\n");
  }

  function packagesOf(urls: readonly string[]): Set<string> {
    return new Set(
      urls
        .map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1])
        .filter((name): name is string => name !== undefined),
    );
  }

  it("loads no browser, mermaid, rehype or HTML machinery for a writeup without a diagram", async () => {
    // complete.md without its mermaid block: mermaid's parser is for pages with diagrams.
    const writeup = path.join(cwd, "content", "no-diagram.md");
    await writeFile(
      writeup,
      (await readFile(path.join(fixtures, "complete.md"), "utf8")).replace(
        /```mermaid[\s\S]*?```/,
        "```plantuml\nClient -> API\n```",
      ),
    );
    const packages = packagesOf(loadedFiles(writeup));
    for (const name of packages) {
      expect(name).not.toMatch(
        /^(?:rehype|hast|puppeteer|playwright|mermaid|@mermaid-js|remark-rehype|mdast-util-to-hast)/,
      );
    }
    expect(packages).toContain("remark-parse");
    expect(packages).not.toContain("hastscript");
  });

  it("loads only mermaid's parser bundle for a writeup with a diagram: no browser, rehype or HTML machinery", () => {
    // Without the cache, which may hold mermaid's verdict on this diagram (see the next test).
    const urls = loadedFiles(path.join(fixtures, "complete.md"), ["--no-cache"]);
    const packages = packagesOf(urls);
    for (const name of packages) {
      expect(name).not.toMatch(
        /^(?:rehype|hast|puppeteer|playwright|@mermaid-js|remark-rehype|mdast-util-to-hast)/,
      );
    }
    expect(packages).not.toContain("hastscript");
    // mermaid as the package ships it (vendored at compile time), not the mermaid package.
    expect(urls.filter((url) => url.includes("/node_modules/mermaid/"))).toEqual([]);
    const mermaidFiles = urls.filter((url) => url.includes("/lib/vendor/mermaid/"));
    expect(mermaidFiles.length).toBeGreaterThan(0);
    for (const url of mermaidFiles) {
      expect(url).toMatch(
        /\/lib\/vendor\/mermaid\/(?:mermaid\.esm\.min\.mjs|chunks\/mermaid\.esm\.min\/)/,
      );
    }
  });

  it("loads no mermaid at all for a diagram whose verdict a previous check cached", () => {
    const writeup = path.join(fixtures, "complete.md");
    loadedFiles(writeup);
    const urls = loadedFiles(writeup);
    expect(urls.filter((url) => /\/(?:vendor|node_modules)\/mermaid\//.test(url))).toEqual([]);
    expect(packagesOf(urls)).toContain("remark-parse");
  });
});

describe("designpress new", () => {
  it("writes a template whose only messages are its placeholders", async () => {
    const { code, stdout } = await designpress(create, [
      "url-shortener",
      "--title",
      "URL shortener",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("Created content/url-shortener.md");
    const text = await readFile(path.join(cwd, "content", "url-shortener.md"), "utf8");
    expect(text).toMatch(/^---\ntitle: "URL shortener"\n/);
    const result = await designpress(check, ["content/url-shortener.md", "--format", "json"]);
    const rules = new Set(
      (JSON.parse(result.stdout) as { ruleId: string }[]).map((message) => message.ruleId),
    );
    expect([...rules]).toEqual(["nine-steps/placeholder"]);
    expect(result.code).toBe(0);
    expect(
      (await designpress(check, ["content/url-shortener.md", "--max-warnings", "0"])).code,
    ).toBe(1);
  });

  it("takes the title from the slug, and makes sub-folders", async () => {
    expect((await designpress(create, ["notes/chat-service"])).code).toBe(0);
    const text = await readFile(path.join(cwd, "content", "notes", "chat-service.md"), "utf8");
    expect(text).toMatch(/^---\ntitle: "Chat service"\n/);
  });

  it("refuses to overwrite a writeup", async () => {
    const { code, stderr } = await designpress(create, ["complete"]);
    expect([code, stderr]).toEqual([
      1,
      "designpress new: `content/complete.md` already exists; choose another SLUG or edit that file\n",
    ]);
    expect(await readFile(path.join(cwd, "content", "complete.md"), "utf8")).toBe(
      await readFile(path.join(fixtures, "complete.md"), "utf8"),
    );
  });

  it("validates the slug", async () => {
    const { code, stderr } = await designpress(create, ["URL Shortener.md"]);
    expect([code, stderr]).toEqual([
      2,
      "designpress new: expected SLUG to be lower-case letters and digits joined by `-` (and `/` for a sub-folder), found `URL Shortener.md`; try `url-shortener`\n",
    ]);
    for (const slug of ["../escape", "/abs", "a//b", "-x", ""]) {
      expect((await designpress(create, [slug])).code).toBe(2);
    }
    expect((await designpress(create, [])).code).toBe(2);
  });

  it("refuses a slug the build would reject as the site's own", async () => {
    const { code, stderr } = await designpress(create, ["tags"]);
    expect([code, stderr]).toEqual([
      2,
      "designpress new: expected a SLUG that does not clash with the site's own `tags`, found `tags`; choose another SLUG\n",
    ]);
    for (const slug of ["assets/diagram", "404", "index"]) {
      expect((await designpress(create, [slug])).code).toBe(2);
    }
    expect(existsSync(path.join(cwd, "content", "tags.md"))).toBe(false);
    expect((await designpress(create, ["tags-and-search"])).code).toBe(0);
  });
});

describe("designpress check on many files", () => {
  it("gives the same messages, in the same order, when it spreads the files over threads", async () => {
    // 160 writeups (threads start at 150), some of them broken in different ways.
    const files = await generateCorpus(path.join(cwd, "content", "many"), 160);
    for (const [index, file] of files.entries()) {
      if (index % 7 !== 0) continue;
      const text = await readFile(file, "utf8");
      await writeFile(
        file,
        text.replace("## 8. Discuss Scaling", "## 8. Notes").replace("failover", "fallback"),
      );
    }
    const inProcess = await designpress(check, ["--format", "json"]);
    // The compiled command (`npm test` compiles first) has the thread worker.
    const spawned = spawnSync(
      process.execPath,
      [path.join(repository, "bin", "designpress.js"), "check", "--format", "json"],
      {
        cwd,
        encoding: "utf8",
      },
    );
    expect(spawned.status).toBe(inProcess.code);
    const messages = JSON.parse(inProcess.stdout) as unknown[];
    expect(messages.length).toBeGreaterThan(40);
    expect(JSON.parse(spawned.stdout)).toEqual(messages);
  });
});
