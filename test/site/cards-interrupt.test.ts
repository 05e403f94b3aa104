// A real `designpress build` stopped while it draws social cards: a theme's
// card that never finishes loading holds the cards stage, and SIGTERM stops
// it at once, closing the browser. The child gets a TMPDIR of its own, so
// that only its browser profiles and folders are looked at.
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startBuild } from "../helpers/build-process.js";
import { temporaryFolder } from "../helpers.js";
import { browsersWithProfile, rendererFolders, waitFor } from "../mermaid/leftovers.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

describe("SIGTERM while drawing social cards", () => {
  it("stops the build with a message, and leaves no browser and no folder", async () => {
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
    await writeFile(path.join(root, "designpress.config.yaml"), "theme: stuck\n");

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
