import { execFile } from "node:child_process";
import { cp, readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { codeCacheFolder } from "../src/cli/bundle.js";
import { build } from "../src/index.js";
import { hashTree, projectWith, repoRoot, temporaryFolder } from "./helpers.js";

// `npm test` compiles before the tests: the command runs lib/cli/build.bundle.cjs,
// in which each of designpress's modules finds what lies beside it in lib/ (the
// themes, mermaid's vendored bundle, the what-if script, the transform worker)
// from the bundle's URL, and Pagefind and puppeteer-core are imported at run time.
const run = promisify(execFile);
const bin = path.join(repoRoot, "bin", "designpress.js");

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

describe("designpress build, run from its bundle", () => {
  it("builds what the modules build, byte for byte, cold and from the cache, and keeps V8's code cache", async () => {
    // The demo: diagrams, estimates with their what-if, search, social cards, a config.
    const project = await projectWith(path.join(repoRoot, "content"));
    const tmp = await temporaryFolder("designpress-build-bundle-tmp-");
    cleanups.push(project.cleanup, tmp.cleanup);
    const { root } = project;
    await cp(
      path.join(repoRoot, "designpress.config.yaml"),
      path.join(root, "designpress.config.yaml"),
    );
    const command = (out: string) =>
      run(process.execPath, [bin, "build", "--out", out, "--threads", "2"], {
        cwd: root,
        env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "", TMPDIR: tmp.dir },
      });

    // Cold (no build cache yet: relaunched with a larger young generation), then with the cache.
    const cold = await command("bundled-cold");
    expect(cold.stderr).not.toMatch(/internal error|Error:/);
    const cached = await command("bundled-cached");
    expect(cached.stderr).not.toMatch(/internal error|Error:/);
    expect(cached.stdout).toMatch(/from the build cache/);
    const compiled = await readdir(path.join(tmp.dir, codeCacheFolder));
    expect(compiled.filter((name) => name.startsWith("build-"))).toHaveLength(1);

    const modules = await build({
      root,
      outDir: path.join(root, "modules"),
      cacheDir: false,
      requireBrowser: true,
    });
    expect(modules.ok).toBe(true);
    const expected = await hashTree(path.join(root, "modules"));
    const written = Object.keys(expected);
    expect(written).toEqual(
      expect.arrayContaining([
        "index.html",
        "pagefind/pagefind.js",
        "url-shortener/diagram-1-dark.svg",
        "url-shortener/social-card.png",
      ]),
    );
    expect(written.some((name) => /^assets\/estimates-whatif\.\w+\.js$/.test(name))).toBe(true);
    expect(await hashTree(path.join(root, "bundled-cold"))).toEqual(expected);
    expect(await hashTree(path.join(root, "bundled-cached"))).toEqual(expected);
  }, 180_000);
});
