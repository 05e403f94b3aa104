import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { hashTree, projectOf, writeup } from "../helpers.js";
import { launchChromium } from "./chromium.js";
import { serveSite } from "./demo.js";

const diagram = "```mermaid\nflowchart LR\n  Client --> Server\n```\n";

/**
 * Without a browser at build time, a page's diagrams are left to the reader's
 * browser: mermaid's client is written once and loaded by the pages that need
 * it, through their `scripts` (the `{{{scripts}}}` slot), never from the content.
 */
describe("diagrams left to the reader's browser", { timeout: 300_000 }, () => {
  let cleanup: () => Promise<void>;
  let root: string;
  let outDir: string;

  beforeAll(async () => {
    const project = await projectOf({
      "designpress.config.yaml": "title: T\ncards: false\nsearch: false\n",
      "content/a.md": writeup("With a diagram", diagram),
      "content/b.md": writeup("Without one"),
    });
    cleanup = project.cleanup;
    root = project.root;
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
    // An executable that exits at once: no browser at build time.
    process.env.PUPPETEER_EXECUTABLE_PATH = "/bin/false";
    try {
      const result = await build({ root: project.root });
      expect(result.error).toBeUndefined();
      outDir = result.outDir;
    } finally {
      if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
      else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
    }
  });

  afterAll(async () => {
    await cleanup?.();
  });

  const page = (slug: string) => readFile(path.join(outDir, slug, "index.html"), "utf8");
  const scriptsOf = (html: string) => [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);

  it("loads mermaid's client after the theme's scripts, on the page with a diagram only", async () => {
    const html = await page("a");
    expect(scriptsOf(html).slice(-2)).toEqual([
      "/assets/mermaid/mermaid.min.js",
      "/assets/mermaid/mermaid-loader.js",
    ]);
    const body = html.slice(html.indexOf('<div class="writeup-body">'), html.indexOf("</main>"));
    expect(body).toContain('<pre class="mermaid">');
    expect(body).not.toContain("<script");
    expect(scriptsOf(await page("b")).some((src) => src?.includes("mermaid"))).toBe(false);
  });

  it("draws the diagram in the reader's browser", async () => {
    const server = await serveSite(outDir, "/");
    let browser: Browser | undefined;
    let close: (() => Promise<void>) | undefined;
    try {
      ({ browser, close } = await launchChromium());
      const tab = await browser.newPage();
      await tab.goto(`${server.origin}/a/`, { waitUntil: "load" });
      await tab.waitForSelector("pre.mermaid svg", { timeout: 60_000 });
      const labels = await tab.$eval("pre.mermaid svg", (svg) => svg.textContent ?? "");
      expect(labels).toContain("Client");
      expect(labels).toContain("Server");
    } finally {
      await close?.();
      await server.close();
    }
  });

  // Last: these rebuild the site this file's other tests read.
  it("draws the diagram at build time once there is a browser: that page is rendered again, the other read back", async () => {
    const result = await build({ root });
    expect(result.error).toBeUndefined();
    expect(result.cache?.transformed).toEqual([]);
    expect(result.cache?.carried?.pages).toBe(1);
    const html = await page("a");
    expect(html).not.toContain('<pre class="mermaid">');
    expect(html).toContain("<svg");
    expect(scriptsOf(html).some((src) => src?.includes("mermaid"))).toBe(false);
    const cold = await build({ root, outDir: path.join(root, "cold"), cacheDir: false });
    expect(cold.error).toBeUndefined();
    expect(await hashTree(outDir)).toEqual(await hashTree(path.join(root, "cold")));
  });

  it("renders a page again when only what its diagram became changed (a rendering in the diagram cache)", async () => {
    const cacheDir = path.join(root, ".designpress-cache", "mermaid");
    const [entry] = (await readdir(cacheDir, { recursive: true })).filter((name) =>
      name.endsWith(".json"),
    );
    const file = path.join(cacheDir, entry ?? "");
    const text = await readFile(file, "utf8");
    expect(text).toContain(">Server<");
    await writeFile(file, text.replaceAll(">Server<", ">Backend<"));
    // The other page edited, so that the site is built again at all.
    await writeFile(path.join(root, "content", "b.md"), writeup("Without one", "Edited.\n"));
    const result = await build({ root });
    expect(result.error).toBeUndefined();
    expect(result.cache?.transformed).toEqual(["content/b.md"]);
    expect(result.cache?.carried?.pages).toBe(0);
    expect(await page("a")).toContain(">Backend<");
  });
});
