// A real `designpress build` in a child process, stopped while it renders
// diagrams: by SIGTERM and SIGINT (it stops at once, says so, and leaves
// nothing), and by `kill -9` (the browser dies with it, and the next build
// removes what it left). Each child gets a temporary folder of its own
// (TMPDIR), so that only its browser profiles and folders are looked at.
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BuildRun, builderOf, startBuild } from "../helpers/build-process.js";
import { temporaryFolder } from "../helpers.js";
import { browsersWithProfile, rendererFolders, waitFor } from "./leftovers.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

const diagramCount = 60;

/** A project with one writeup of many distinct, uncached diagrams, and a TMPDIR of its own. */
async function project(): Promise<{ root: string; tmp: string }> {
  const { dir, cleanup } = await temporaryFolder("designpress-interrupt-");
  cleanups.push(cleanup);
  const tmp = path.join(dir, "tmp");
  await mkdir(tmp);
  await mkdir(path.join(dir, "content"));
  const diagrams = Array.from(
    { length: diagramCount },
    (_, index) => `\`\`\`mermaid\nflowchart LR\n  A${index} --> B${index} --> C${index}\n\`\`\``,
  );
  await writeFile(
    path.join(dir, "content", "many.md"),
    `# Many diagrams\n\n${diagrams.join("\n\n")}\n`,
  );
  return { root: dir, tmp };
}

async function cachedEntries(root: string): Promise<number> {
  const names = await readdir(path.join(root, ".designpress-cache/mermaid"), {
    recursive: true,
  }).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(".json")).length;
}

/** Wait until the build has rendered its first diagram (and so has a browser running). */
async function whileRendering(root: string, tmp: string, run: BuildRun): Promise<void> {
  await waitFor(
    async () => (await cachedEntries(root)) > 0 || run.child.exitCode !== null,
    "the first rendered diagram",
    120_000,
  );
  expect(run.child.exitCode, run.stderr()).toBeNull();
  expect(await browsersWithProfile(path.join(tmp, "designpress-chromium-"))).not.toEqual([]);
}

describe.each([
  ["SIGTERM", 143],
  ["SIGINT", 130],
] as const)("%s during rendering", (signal, exitCode) => {
  it("stops the build promptly with a message, and leaves no browser and no folder", async () => {
    const { root, tmp } = await project();
    const run = startBuild(root, tmp);
    await whileRendering(root, tmp, run);
    run.child.kill(signal);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(exitCode);
    expect(run.stderr()).toContain(
      `designpress: build stopped by ${signal}; dist/ was left as it was`,
    );
    // Stopped, not finished: the browser was not relaunched to render the rest.
    expect(await cachedEntries(root)).toBeLessThan(diagramCount);
    expect(await readdir(root)).not.toContain("dist");
    expect(await rendererFolders(tmp)).toEqual([]);
    await waitFor(
      async () => (await browsersWithProfile(path.join(tmp, "designpress-chromium-"))).length === 0,
      "the browser's helper processes to end",
    );
  });
});

describe("kill -9 during rendering", () => {
  it("takes the browser with it, and the next build removes the folders it left", async () => {
    const { root, tmp } = await project();
    const run = startBuild(root, tmp);
    await whileRendering(root, tmp, run);
    // The build itself, not the command waiting for it (killed, it would stop the build cleanly).
    process.kill(await builderOf(run.child.pid as number), "SIGKILL");
    expect(await run.exited).toEqual({ code: 137, signal: null });
    // The browser is driven through a pipe: it ends when its parent does.
    await waitFor(
      async () => (await browsersWithProfile(path.join(tmp, "designpress-chromium-"))).length === 0,
      "the browser to end with its parent",
    );
    // What no process could remove: its profile and render-page folders.
    const left = await rendererFolders(tmp);
    expect(left.map((name) => name.replace(/-\d+-\w+$/, ""))).toEqual(
      expect.arrayContaining(["designpress-chromium", "designpress-mermaid"]),
    );

    const next = startBuild(root, tmp);
    const { code } = await next.exited;
    expect(code, next.stderr()).toBe(0);
    expect(await rendererFolders(tmp)).toEqual([]);
    expect(await browsersWithProfile(path.join(tmp, "designpress-chromium-"))).toEqual([]);
    expect(await cachedEntries(root)).toBe(diagramCount);
  });
});
