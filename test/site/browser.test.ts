import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";
import { launchChromium } from "./chromium.js";
import { buildDemo, serveSite } from "./demo.js";

const base = "/designs/";
const screenshotDir = path.join(repoRoot, "test-output", "site");

/** What the crawler saw on one page. */
interface VisitedPage {
  status: number;
  ids: Set<string>;
  writeup?: {
    title: string;
    sidebarTocLinks: number;
    collapsibleToc: boolean;
    stepsPanel: boolean;
    diagrams: number;
    estimatesTables: number;
  };
}

/** Colour variety and brightness of a PNG, decoded by the browser itself. */
async function pixelStats(
  page: Page,
  png: Uint8Array,
): Promise<{ colours: number; luminance: number }> {
  const dataUrl = `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
  return page.evaluate(async (source) => {
    const image = new Image();
    image.src = source;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2d canvas");
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    let luminance = 0;
    for (let index = 0; index < data.length; index += 4) {
      const [red, green, blue] = [data[index] ?? 0, data[index + 1] ?? 0, data[index + 2] ?? 0];
      colours.add(((red >> 3) << 10) | ((green >> 3) << 5) | (blue >> 3));
      luminance += 0.2126 * red + 0.7152 * green + 0.0722 * blue;
    }
    return { colours: colours.size, luminance: luminance / (data.length / 4) };
  }, dataUrl);
}

describe("the built portfolio in a real browser", () => {
  let cleanupProject: () => Promise<void>;
  let closeServer: () => Promise<void>;
  let closeBrowser: () => Promise<void>;
  let browser: Browser;
  let origin: string;
  const visited = new Map<string, VisitedPage>();
  /** Every internal URL a page refers to (links, stylesheets, scripts, images), with the page. */
  const references: { from: string; url: string }[] = [];
  const consoleErrors: string[] = [];
  const assetStatus = new Map<string, number>();

  beforeAll(async () => {
    const demo = await buildDemo(base);
    cleanupProject = demo.cleanup;
    const server = await serveSite(demo.outDir, base);
    origin = server.origin;
    closeServer = server.close;
    const chromium = await launchChromium();
    browser = chromium.browser;
    closeBrowser = chromium.close;

    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: ${String(error)}`));
    page.on("requestfailed", (request) =>
      consoleErrors.push(`${request.url()}: ${request.failure()?.errorText}`),
    );

    // Crawl from the index: every page linked from a page already seen, under the base.
    const queue = [`${origin}${base}`];
    while (queue.length > 0) {
      const url = queue.shift() as string;
      if (visited.has(url)) continue;
      const response = await page.goto(url, { waitUntil: "load" });
      const seen = await page.evaluate(() => {
        const urls = (selector: string, attribute: string) =>
          Array.from(
            document.querySelectorAll(selector),
            (element) => new URL(element.getAttribute(attribute) ?? "", document.baseURI).href,
          );
        const writeup = document.querySelector("main.writeup");
        return {
          ids: Array.from(document.querySelectorAll("[id]"), (element) => element.id),
          links: urls("a[href]", "href"),
          assets: [
            ...urls("link[href]", "href"),
            ...urls("script[src]", "src"),
            ...urls("img[src]", "src"),
          ],
          writeup: writeup
            ? {
                title: document.querySelector("h1")?.textContent ?? "",
                sidebarTocLinks: document.querySelectorAll(".sidebar nav.toc a").length,
                collapsibleToc: document.querySelector("details.toc-collapsible nav.toc") !== null,
                stepsPanel: document.querySelector(".steps-panel") !== null,
                diagrams: document.querySelectorAll("figure.diagram svg").length,
                estimatesTables: document.querySelectorAll(".estimates-table").length,
              }
            : undefined,
        };
      });
      visited.set(url, {
        status: response?.status() ?? 0,
        ids: new Set(seen.ids),
        writeup: seen.writeup,
      });
      for (const link of [...seen.links, ...seen.assets]) {
        const target = new URL(link);
        if (target.origin !== origin) continue;
        references.push({ from: url, url: link });
        const path = target.pathname;
        if (
          seen.links.includes(link) &&
          path.startsWith(base) &&
          (path.endsWith("/") || path.endsWith(".html"))
        ) {
          queue.push(`${origin}${path}`);
        }
      }
    }
    await page.close();

    for (const { url } of references) {
      const target = new URL(url);
      const key = `${target.origin}${target.pathname}`;
      if (visited.has(key) || assetStatus.has(key)) continue;
      assetStatus.set(key, (await fetch(key)).status);
    }
  });

  afterAll(async () => {
    await closeBrowser?.();
    await closeServer?.();
    await cleanupProject?.();
  });

  it("reaches every writeup and tag page from the index", async () => {
    const sources = (await readdir(path.join(repoRoot, "content"))).filter((name) =>
      name.endsWith(".md"),
    );
    const writeups = [...visited].filter(([, page]) => page.writeup);
    expect(writeups.map(([url]) => url).sort()).toEqual(
      sources.map((name) => `${origin}${base}${name.replace(/\.md$/, "")}/`).sort(),
    );
    expect([...visited.keys()].some((url) => url.includes(`${base}tags/`))).toBe(true);
  });

  it("answers 200 for every link and asset", () => {
    const failures = references.flatMap(({ from, url }) => {
      const target = new URL(url);
      const key = `${target.origin}${target.pathname}`;
      const status = visited.get(key)?.status ?? assetStatus.get(key);
      return status === 200 ? [] : [`${from} → ${url}: ${status}`];
    });
    expect(references.length).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });

  it("finds the element of every #fragment on its target page", () => {
    const failures = references.flatMap(({ from, url }) => {
      const target = new URL(url);
      if (target.hash === "") return [];
      const page = visited.get(`${target.origin}${target.pathname}`);
      const id = decodeURIComponent(target.hash.slice(1));
      return page?.ids.has(id) ? [] : [`${from} → ${url}`];
    });
    expect(references.filter(({ url }) => url.includes("#")).length).toBeGreaterThan(30);
    expect(failures).toEqual([]);
  });

  it("logs no console errors and no failed requests", () => {
    expect(consoleErrors).toEqual([]);
  });

  it("gives every writeup a table of contents (sidebar and collapsible) and the nine-step panel", () => {
    for (const [url, page] of visited) {
      if (!page.writeup) continue;
      expect(page.writeup.sidebarTocLinks, url).toBeGreaterThanOrEqual(9);
      expect(page.writeup.collapsibleToc, url).toBe(true);
      expect(page.writeup.stepsPanel, url).toBe(true);
    }
  });

  it("shows the capacity estimates table on every writeup", () => {
    for (const [url, page] of visited) {
      if (page.writeup) expect(page.writeup.estimatesTables, url).toBeGreaterThanOrEqual(1);
    }
  });

  it("shows every writeup's diagrams as inline SVG, one variant per colour scheme", async () => {
    for (const [url, page] of visited) {
      if (page.writeup)
        expect(page.writeup.diagrams, `${url}: figure.diagram svg`).toBeGreaterThanOrEqual(2);
    }
    const writeup = [...visited].find(([, page]) => page.writeup)?.[0] as string;
    const tab = await browser.newPage();
    for (const scheme of ["light", "dark"] as const) {
      await tab.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
      await tab.goto(writeup, { waitUntil: "load" });
      const shown = await tab.evaluate(() =>
        Array.from(document.querySelectorAll("figure.diagram svg"))
          .filter((svg) => getComputedStyle(svg).display !== "none")
          .map((svg) => svg.getAttribute("class") ?? ""),
      );
      expect(shown.length).toBeGreaterThan(0);
      expect(
        shown.every((classes) => classes.includes(`diagram-${scheme}`)),
        shown.join(", "),
      ).toBe(true);
    }
    await tab.close();
  });

  it("collapses the table of contents into a <details> on a narrow screen", async () => {
    const writeup = [...visited].find(([, page]) => page.writeup)?.[0] as string;
    const tab = await browser.newPage();
    await tab.setViewport({ width: 390, height: 844 });
    await tab.goto(writeup, { waitUntil: "load" });
    const layout = await tab.evaluate(() => ({
      sidebar: getComputedStyle(document.querySelector(".sidebar") as Element).display,
      details: getComputedStyle(document.querySelector("details.toc-collapsible") as Element)
        .display,
      open: (document.querySelector("details.toc-collapsible") as HTMLDetailsElement).open,
      overflow: document.documentElement.scrollWidth > window.innerWidth,
    }));
    expect(layout).toEqual({ sidebar: "none", details: "block", open: false, overflow: false });
    await tab.close();
  });

  it("reads without scripts, and the colour switch appears only when scripts run", async () => {
    const writeup = [...visited].find(([, page]) => page.writeup)?.[0] as string;
    const noScript = await browser.newPage();
    await noScript.setJavaScriptEnabled(false);
    await noScript.goto(writeup, { waitUntil: "load" });
    expect(
      await noScript.evaluate(() => ({
        toggleShown:
          getComputedStyle(document.querySelector(".theme-toggle") as Element).display !== "none",
        text: (document.querySelector(".writeup-body")?.textContent ?? "").length > 1000,
      })),
    ).toEqual({ toggleShown: false, text: true });
    await noScript.close();

    // A context of its own, so the stored choice does not leak into other tests.
    const context = await browser.createBrowserContext();
    const tab = await context.newPage();
    await tab.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
    await tab.goto(writeup, { waitUntil: "load" });
    const background = () => tab.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe("rgb(255, 255, 255)");
    await tab.click(".theme-toggle");
    expect(await tab.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    const dark = await background();
    expect(dark).not.toBe("rgb(255, 255, 255)");
    // The choice outlives the page: applied before first paint on the next one.
    await tab.goto(`${origin}${base}`, { waitUntil: "load" });
    expect(await tab.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(await background()).toBe(dark);
    await context.close();
  });

  it("takes screenshots of the index and a writeup, light and dark, that are not blank", async () => {
    await mkdir(screenshotDir, { recursive: true });
    const writeup =
      [...visited].find(([url, page]) => page.writeup && url.includes("url-shortener"))?.[0] ??
      ([...visited].find(([, page]) => page.writeup)?.[0] as string);
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 900 });
    const stats: Record<string, { colours: number; luminance: number }> = {};
    for (const [name, url] of [
      ["index", `${origin}${base}`],
      ["writeup", writeup],
    ] as const) {
      for (const scheme of ["light", "dark"] as const) {
        await tab.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
        await tab.goto(url, { waitUntil: "load" });
        const png = await tab.screenshot({ type: "png" });
        await writeFile(path.join(screenshotDir, `${name}-${scheme}.png`), png);
        stats[`${name}-${scheme}`] = await pixelStats(tab, png);
      }
    }
    await tab.close();
    for (const [name, { colours }] of Object.entries(stats)) {
      expect(colours, `${name} has text and colour, not one flat fill`).toBeGreaterThan(50);
    }
    for (const name of ["index", "writeup"]) {
      const [light, dark] = [stats[`${name}-light`], stats[`${name}-dark`]];
      expect(light?.luminance, `${name}: light is bright`).toBeGreaterThan(200);
      expect(dark?.luminance, `${name}: dark is dark`).toBeLessThan(80);
    }
  });
});
