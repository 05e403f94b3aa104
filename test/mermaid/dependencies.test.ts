// What a user installs with designpress: no package that downloads a browser
// (or runs anything) at install, and no mermaid Node build: designpress ships
// mermaid's browser bundle (lib/vendor/mermaid) and drives the system's Chromium
// with puppeteer-core. Read from this repository's node_modules, offline.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";

let runtime: string[];

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(
    "npm",
    ["ls", "--omit=dev", "--all", "--parseable"],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  runtime = stdout.split("\n").filter((line) => line && line !== repoRoot.replace(/\/$/, ""));
});

const nameOf = (folder: string) =>
  folder.slice(folder.lastIndexOf("node_modules/") + "node_modules/".length);

it("drives the browser with puppeteer-core, and has neither puppeteer nor mermaid-cli nor mermaid", () => {
  const names = new Set(runtime.map(nameOf));
  expect(names.has("puppeteer-core")).toBe(true);
  for (const name of ["puppeteer", "@mermaid-js/mermaid-cli", "mermaid", "playwright"]) {
    expect(names.has(name), name).toBe(false);
  }
});

it("runs no install script (nothing downloads a browser)", async () => {
  const withScripts: string[] = [];
  for (const folder of runtime) {
    const { scripts = {} } = JSON.parse(
      await readFile(path.join(folder, "package.json"), "utf8"),
    ) as { scripts?: Record<string, string> };
    for (const hook of ["preinstall", "install", "postinstall"]) {
      if (scripts[hook]) withScripts.push(`${nameOf(folder)} ${hook}: ${scripts[hook]}`);
    }
  }
  expect(withScripts).toEqual([]);
});
