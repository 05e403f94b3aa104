import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";
import { buildDemo, serveSite } from "./demo.js";
import { seriousViolationsInEachScheme, sidewaysOverflow } from "./reading.js";

const base = "/designs/";

describe("/compare/ as readers meet it", { timeout: 300_000 }, () => {
  let cleanup: () => Promise<void>;
  let closeServer: () => Promise<void>;
  let closeBrowser: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    const demo = await buildDemo(base);
    cleanup = demo.cleanup;
    const server = await serveSite(demo.outDir, base);
    closeServer = server.close;
    url = `${server.origin}${base}compare/`;
    ({ browser, close: closeBrowser } = await launchChromium());
    page = await browser.newPage();
  });

  afterAll(async () => {
    await closeBrowser?.();
    await closeServer?.();
    await cleanup?.();
  });

  it("draws the charts' text at 12 CSS px or more and never scrolls sideways at 390 px", async () => {
    await page.setViewport({ width: 390, height: 844 });
    await page.goto(url, { waitUntil: "load" });
    expect(await sidewaysOverflow(page)).toEqual({ overflow: 0, culprits: [] });
    const sizes = await page.evaluate(() =>
      Array.from(document.querySelectorAll<SVGTextElement>(".compare-charts svg text"), (text) => {
        const scale = text.getScreenCTM()?.a ?? 1;
        return {
          text: text.textContent,
          px: Number.parseFloat(getComputedStyle(text).fontSize) * scale,
          right: text.getBoundingClientRect().right,
        };
      }),
    );
    // Two charts, each with a name and a figure per design and the axis' ticks.
    expect(sizes.length).toBeGreaterThanOrEqual(2 * (2 * 4 + 2));
    expect(sizes.filter((size) => size.px < 12)).toEqual([]);
    expect(sizes.filter((size) => size.right > 390)).toEqual([]);
    // The table scrolls in its own box, which the keyboard can reach.
    expect(
      await page.evaluate(() => {
        const table = document.querySelector(".compare-table") as HTMLElement;
        return { scrolls: table.scrollWidth > table.clientWidth, focusable: table.tabIndex === 0 };
      }),
    ).toEqual({ scrolls: true, focusable: true });
  });

  it("has no serious or critical axe-core violation, light or dark, at 1280 and 390 px", async () => {
    const failures: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewport({ width, height: 900 });
      await page.goto(url, { waitUntil: "load" });
      failures.push(...(await seriousViolationsInEachScheme(page, `${width}px`)));
    }
    expect(failures).toEqual([]);
  });
});
