import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { projectOf, writeup } from "../helpers.js";
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
  let outDir: string;

  beforeAll(async () => {
    const project = await projectOf({
      "designpress.config.yaml": "title: T\ncards: false\nsearch: false\n",
      "content/a.md": writeup("With a diagram", diagram),
      "content/b.md": writeup("Without one"),
    });
    cleanup = project.cleanup;
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
});
