// A theme's social card that never finishes loading: left alone, the build
// gives it up after its time and goes without cards; a real `designpress
// build` stopped by SIGTERM meanwhile stops at once, closing the browser (the
// child gets a TMPDIR of its own, so that only its browser profiles and
// folders are looked at).
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { startBuild } from "../helpers/build-process.js";
import { temporaryFolder } from "../helpers.js";
import { browsersWithProfile, rendererFolders, waitFor } from "../mermaid/leftovers.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

/** A project of one writeup without diagrams whose theme's card never finishes loading. */
async function stuckProject(): Promise<{ root: string; tmp: string }> {
  const { dir: root, cleanup } = await temporaryFolder("designpress-cards-interrupt-");
  cleanups.push(cleanup);
  const tmp = path.join(root, "tmp");
  await mkdir(tmp);
  await mkdir(path.join(root, "content"));
  // No diagram: the only browser this build launches is the cards'.
  await writeFile(path.join(root, "content", "a.md"), "# A design\n\nSome text.\n");
  await mkdir(path.join(root, "themes", "stuck"), { recursive: true });
  await writeFile(
    path.join(root, "themes", "stuck", "social-card.html"),
    "<!DOCTYPE html><html><body><script>for (;;) {}</script></body></html>\n",
  );
  // No feed: without `url` it would be a warning of its own.
  await writeFile(path.join(root, "designpress.config.yaml"), "theme: stuck\nfeed: false\n");
  return { root, tmp };
}

describe("SIGTERM while drawing social cards", () => {
  it("stops the build with a message, and leaves no browser and no folder", async () => {
    const { root, tmp } = await stuckProject();
    const run = startBuild(root, tmp);
    const browsers = () => browsersWithProfile(path.join(tmp, "designpress-chromium-"));

    await waitFor(
      async () => (await browsers()).length > 0 || run.child.exitCode !== null,
      "the cards' browser",
      120_000,
    );
    expect(run.child.exitCode, run.stderr()).toBeNull();
    run.child.kill("SIGTERM");
    expect((await run.exited).code, run.stderr()).toBe(143);
    expect(run.stderr()).toContain(
      "designpress: build stopped by SIGTERM; dist/ was left as it was",
    );
    expect(await readdir(root)).not.toContain("dist");
    expect(await rendererFolders(tmp)).toEqual([]);
    await waitFor(async () => (await browsers()).length === 0, "the browser's processes to end");
  });
});

describe("a theme's card that never finishes loading", () => {
  it("is given up after its time, said once, and the site is built without cards", async () => {
    // Its template shows nothing of the page: the index and the page share one card.
    const { root } = await stuckProject();
    const result = await build({ root });
    expect(result.error?.message).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.cards).toEqual({ drawn: 0, cached: 0 });
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^Expected the theme's social-card\.html to load and draw in the browser, but it failed: card 1 of 1 took longer than 10 s; .*set `cards: false`/,
      ),
    ]);
    const page = await readFile(path.join(root, "dist", "a", "index.html"), "utf8");
    expect(page).not.toContain("og:image");
    expect(result.browserLaunches).toBe(1);
  });
});
