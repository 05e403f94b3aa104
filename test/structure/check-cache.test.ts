import { execFile } from "node:child_process";
import {
  appendFile,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run as check } from "../../src/cli/check.js";
import { cleanUpAfterTest, repoRoot, temporaryFolder } from "../helpers.js";

/**
 * `designpress check` keeps mermaid's verdicts on diagrams and the heading ids
 * of linked writeups in `.designpress-cache/check/`: a check that reads them
 * reports exactly what a check without them reports.
 */
let cwd: string;
const cacheDir = () => path.join(cwd, ".designpress-cache", "check");

const diagram = "flowchart LR\n  client --> api\n  api --> store";
const brokenDiagram = `${diagram}\n  store -->> client`;

function writeup(title: string, body: string): string {
  return `---\ntitle: ${title}\n---\n\n${body}\n`;
}

const staged = (chart: string) =>
  writeup(
    "Staged",
    [
      "## Overview",
      "",
      "Sized as in [the store's sizing](./store.md#sizing) and [its API](./store.md#api).",
      "",
      "```mermaid",
      chart,
      "```",
    ].join("\n"),
  );

const store = (heading: string) =>
  writeup("Store", `## ${heading}\n\nThree shards.\n\n## API\n\nGet and put.`);

beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), "designpress-check-cache-"));
  await mkdir(path.join(cwd, "content"));
  await writeFile(path.join(cwd, "content", "staged.md"), staged(brokenDiagram));
  await writeFile(path.join(cwd, "content", "store.md"), store("Storage"));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** The check's messages on the staged file, as JSON, with the cache or without it. */
async function checkStaged(...options: string[]): Promise<unknown[]> {
  let stdout = "";
  await check(["content/staged.md", "--format", "json", ...options], {
    cwd,
    color: false,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => true },
  });
  return JSON.parse(stdout) as unknown[];
}

interface Entry {
  file: string;
  data: { value: unknown };
}

async function entries(): Promise<Entry[]> {
  const names = (await readdir(cacheDir())).filter((name) => name.endsWith(".json")).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(cacheDir(), name);
      return { file, data: JSON.parse(await readFile(file, "utf8")) as Entry["data"] };
    }),
  );
}

/** The entry holding a diagram's verdict (the other holds a writeup's ids). */
async function verdictEntry(): Promise<Entry> {
  const found = (await entries()).find(
    ({ data }) => data.value === null || (data.value as { message?: unknown }).message,
  );
  if (!found) throw new Error("no verdict entry in the cache");
  return found;
}

/** The ids of the build's own checks among the messages (the writeups skip the nine steps). */
const ruleIds = (messages: unknown[]) =>
  messages
    .map((message) => (message as { ruleId: string }).ruleId)
    .filter((id) => !id.startsWith("nine-steps/"));

describe("designpress check's cache", () => {
  it("reports from the cache exactly what it reports without it, and --no-cache writes nothing", async () => {
    const uncached = await checkStaged("--no-cache");
    expect(ruleIds(uncached).sort()).toEqual(["links/missing-fragment", "mermaid/syntax"]);
    await expect(readdir(cacheDir())).rejects.toThrow();

    expect(await checkStaged()).toEqual(uncached);
    // One verdict for the diagram, the ids of the linked writeup.
    expect(await entries()).toHaveLength(2);
    expect(await checkStaged()).toEqual(uncached);
  });

  it("reads a verdict from the cache instead of parsing the diagram again", async () => {
    await checkStaged();
    const { file, data } = await verdictEntry();
    const verdict = data.value as { line: number; column: number; message: string };
    await writeFile(
      file,
      JSON.stringify({ ...data, value: { ...verdict, message: "the stored verdict" } }),
    );
    const messages = await checkStaged();
    expect(messages).toContainEqual(
      expect.objectContaining({
        ruleId: "mermaid/syntax",
        message: expect.stringContaining("mermaid reports: the stored verdict;"),
      }),
    );
    expect(await checkStaged("--no-cache")).not.toContainEqual(
      expect.objectContaining({ message: expect.stringContaining("the stored verdict") }),
    );
  });

  it("ignores a corrupt, foreign or ill-formed entry, and replaces it", async () => {
    const uncached = await checkStaged("--no-cache");
    await checkStaged();
    const stored = await entries();
    // Values that, if trusted, would change the report: another verdict, ids that have #sizing.
    const forged = (value: unknown) =>
      value === null || (value as { message?: unknown }).message
        ? { line: 1, column: 1, message: "forged" }
        : { ids: ["sizing", "api"], headings: ["sizing", "api"] };
    const spoil = async (change: (entry: Record<string, unknown>) => unknown) => {
      for (const { file, data } of stored) {
        const changed = change({ ...data, value: forged(data.value) });
        await writeFile(file, typeof changed === "string" ? changed : JSON.stringify(changed));
      }
    };

    // A sound entry is trusted: the forged values show (so each case below could show them).
    await spoil((entry) => entry);
    expect(await checkStaged()).not.toEqual(uncached);

    const spoilt: ((entry: Record<string, unknown>) => unknown)[] = [
      (entry) => JSON.stringify(entry).slice(0, -10),
      () => "not json",
      () => null,
      (entry) => ({ ...entry, key: "0".repeat(64) }),
      (entry) => ({ ...entry, textHash: "1".repeat(64) }),
      (entry) => ({ ...entry, format: 99 }),
      (entry) => ({ ...entry, value: { line: "1", column: 1, message: "forged", ids: 7 } }),
      (entry) => ({ ...entry, value: { line: 1, column: 1, message: "two\nlines", ids: [1] } }),
    ];
    for (const change of spoilt) {
      await spoil(change);
      expect(await checkStaged()).toEqual(uncached);
      // The check wrote a sound entry in the spoilt one's place.
      expect((await entries()).map(({ data }) => data.value)).toEqual(
        stored.map(({ data }) => data.value),
      );
    }
  });

  it("parses a changed diagram and a changed linked writeup again", async () => {
    await checkStaged();
    await writeFile(path.join(cwd, "content", "staged.md"), staged(diagram));
    expect(ruleIds(await checkStaged())).toEqual(["links/missing-fragment"]);

    await writeFile(path.join(cwd, "content", "store.md"), store("Sizing"));
    expect(ruleIds(await checkStaged())).toEqual([]);

    await writeFile(path.join(cwd, "content", "staged.md"), staged(brokenDiagram));
    expect(ruleIds(await checkStaged())).toEqual(["mermaid/syntax"]);
    expect(await checkStaged()).toEqual(await checkStaged("--no-cache"));
  });

  it("checks as usual when the cache cannot be written", async () => {
    const uncached = await checkStaged("--no-cache");
    await mkdir(path.dirname(cacheDir()), { recursive: true });
    await writeFile(cacheDir(), "a file where the cache folder would be");
    expect(await checkStaged()).toEqual(uncached);
    expect(await readFile(cacheDir(), "utf8")).toBe("a file where the cache folder would be");
  });

  it("removes, once a day, the entries no check has used for 30 days, and only those", async () => {
    await checkStaged();
    const used = (await entries()).map(({ file }) => path.basename(file)).sort();
    const daysAgo = (days: number) => (Date.now() - days * 24 * 60 * 60 * 1000) / 1000;
    const age = (name: string, days: number) =>
      utimes(path.join(cacheDir(), name), daysAgo(days), daysAgo(days));
    const unused = `${"a".repeat(64)}.json`;
    const leftover = `${"b".repeat(64)}.json.123.0123abcd.tmp`;
    const recent = `${"c".repeat(64)}.json`;
    for (const name of [unused, leftover, recent, "notes.txt"]) {
      await writeFile(path.join(cacheDir(), name), "{}");
    }
    // Entries this check reads are as old as the unused one: reading them marks them used.
    for (const name of [...used, unused, leftover, "notes.txt"]) await age(name, 40);
    await age(recent, 20);
    await age("pruned", 2);
    const names = async () => (await readdir(cacheDir())).sort();

    await checkStaged();
    expect(await names()).toEqual(["notes.txt", "pruned", recent, ...used].sort());

    // Pruned less than a day ago: an entry as old stays until tomorrow's check.
    await writeFile(path.join(cacheDir(), unused), "{}");
    await age(unused, 40);
    await checkStaged();
    expect(await names()).toContain(unused);
  });

  it("neither reads nor writes a cache folder that leads out of the project", async () => {
    const uncached = await checkStaged("--no-cache");
    const outside = await mkdtemp(path.join(tmpdir(), "designpress-check-outside-"));
    try {
      await mkdir(path.dirname(cacheDir()), { recursive: true });
      await symlink(outside, cacheDir());
      expect(await checkStaged()).toEqual(uncached);
      expect(await readdir(outside)).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("does not read what another build of designpress wrote, though its version is the same", async () => {
    // `npm test` compiles first: the command runs lib/cli/check.bundle.cjs. Another
    // commit installed from git keeps the version; here, the same package with its
    // check bundle changed by a comment.
    const other = await temporaryFolder("designpress-check-other-build-");
    cleanUpAfterTest(other.cleanup);
    for (const part of ["bin", "lib", "themes", "package.json"])
      await cp(path.join(repoRoot, part), path.join(other.dir, part), {
        recursive: true,
        preserveTimestamps: true,
      });
    await symlink(path.join(repoRoot, "node_modules"), path.join(other.dir, "node_modules"));
    await appendFile(
      path.join(other.dir, "lib", "cli", "check.bundle.cjs"),
      "\n// another build\n",
    );
    const checkWith = async (packageDir: string) => {
      const bin = path.join(packageDir, "bin", "designpress.js");
      const args = [bin, "check", "content/staged.md", "--format", "json"];
      const { stdout } = await promisify(execFile)(process.execPath, args, { cwd }).catch(
        (failed: { stdout: string }) => failed,
      );
      return JSON.stringify(JSON.parse(stdout));
    };

    await checkWith(repoRoot);
    const { file, data } = await verdictEntry();
    const verdict = data.value as { message: string };
    await writeFile(
      file,
      JSON.stringify({ ...data, value: { ...verdict, message: "the stored verdict" } }),
    );
    expect(await checkWith(repoRoot)).toMatch(/the stored verdict/);
    expect(await checkWith(other.dir)).not.toMatch(/the stored verdict/);
  });
});
