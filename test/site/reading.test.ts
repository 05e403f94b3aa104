import { cp } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "puppeteer";
import { reporter } from "vfile-reporter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { launchChromium } from "./chromium.js";
import { demoProject, htmlFiles, serveSite } from "./demo.js";
import {
  applyScheme,
  type ColourScheme,
  measureDiagrams,
  seriousViolationsInEachScheme,
  sidewaysOverflow,
} from "./reading.js";

// The demo portfolio plus a writeup made of what breaks a phone: a long URL, a
// wide table of inline code, a 12-node LR flowchart and an estimates block.
const base = "/designs/";
const fixture = path.join(import.meta.dirname, "fixtures", "reading", "phone-stress.md");

// Dozens of pages, each measured several ways in a browser shared with other test files.
describe("the demo site as readers meet it", { timeout: 600_000 }, () => {
  let cleanup: () => Promise<void>;
  let closeServer: () => Promise<void>;
  let closeBrowser: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let urls: string[];

  beforeAll(async () => {
    const project = await demoProject();
    cleanup = project.cleanup;
    await cp(fixture, path.join(project.root, "content", "phone-stress.md"));
    const result = await build({ root: project.root, base });
    if (!result.ok) throw new Error(`${reporter(result.files)}\n${result.error?.message ?? ""}`);
    const outDir = path.join(project.root, "dist");
    const server = await serveSite(outDir, base);
    closeServer = server.close;
    urls = (await htmlFiles(outDir)).map(
      (file) => `${server.origin}${base}${path.relative(outDir, file).replace(/index\.html$/, "")}`,
    );
    ({ browser, close: closeBrowser } = await launchChromium());
    page = await browser.newPage();
  });

  afterAll(async () => {
    await closeBrowser?.();
    await closeServer?.();
    await cleanup?.();
  });

  it("has no serious or critical axe-core violation on any page, light or dark, by preference or by the switch", async () => {
    expect(urls.length).toBeGreaterThanOrEqual(10);
    const failures: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewport({ width, height: 900 });
      for (const url of urls) {
        await page.goto(url, { waitUntil: "load" });
        failures.push(...(await seriousViolationsInEachScheme(page, `${url} ${width}px`)));
      }
    }
    expect(failures).toEqual([]);
  });

  it("draws every diagram's labels at 12 CSS px or more, or at natural size in a box that scrolls, at 1280 and 390 px", async () => {
    const failures: string[] = [];
    let measured = 0;
    for (const width of [1280, 390]) {
      await page.setViewport({ width, height: 900 });
      for (const url of urls) {
        await page.goto(url, { waitUntil: "load" });
        for (const scheme of ["light", "dark"] as ColourScheme[]) {
          await applyScheme(page, scheme, "media");
          for (const diagram of await measureDiagrams(page)) {
            measured += 1;
            const legible = diagram.medianLabelPx >= 12;
            if (!legible && !(diagram.naturalSize && diagram.scrolls)) {
              failures.push(`${url} ${width}px ${scheme}: ${JSON.stringify(diagram)}`);
            }
          }
        }
      }
    }
    expect(measured).toBeGreaterThanOrEqual(4 * 5);
    expect(failures).toEqual([]);
  });

  it("never scrolls sideways at 390 px, and a writeup's text starts above the fold", async () => {
    await page.setViewport({ width: 390, height: 844 });
    const failures: string[] = [];
    for (const url of urls) {
      await page.goto(url, { waitUntil: "load" });
      const { overflow, culprits } = await sidewaysOverflow(page);
      if (overflow > 0) failures.push(`${url}: ${overflow}px wider (${culprits.join("; ")})`);
      const textTop = await page.evaluate(
        () => document.querySelector(".writeup-body")?.getBoundingClientRect().top,
      );
      if (textTop !== undefined && textTop >= 844)
        failures.push(`${url}: text starts at ${textTop}px`);
    }
    expect(failures).toEqual([]);
  });

  it("shows a cited figure's derivation on keyboard focus", async () => {
    const url = urls.find((candidate) => candidate.includes("phone-stress")) as string;
    await page.setViewport({ width: 390, height: 844 });
    await page.goto(url, { waitUntil: "load" });
    const shown = () =>
      page.evaluate(() => {
        const tip = document.querySelector(".estimate .estimate-derivation");
        return tip ? getComputedStyle(tip).display !== "none" : undefined;
      });
    expect(await shown()).toBe(false);
    await page.focus(".estimate");
    expect(await shown()).toBe(true);
    expect(
      await page.evaluate(() => {
        const figure = document.querySelector(".estimate") as HTMLElement;
        const tip = document.getElementById(figure.getAttribute("aria-describedby") ?? "");
        return tip?.textContent;
      }),
    ).toMatch(/ = .* \/s$/);
  });

  it("keeps every page's width on a phone while the table, code and diagram scroll in their own focusable boxes", async () => {
    const url = urls.find((candidate) => candidate.includes("phone-stress")) as string;
    await page.setViewport({ width: 390, height: 844 });
    await page.goto(url, { waitUntil: "load" });
    const boxes = await page.evaluate(() =>
      Array.from(
        document.querySelectorAll(".writeup-body table:not(.estimates-table), .diagram-scroll"),
        (box) => ({
          scrolls: box.scrollWidth > box.clientWidth,
          focusable: (box as HTMLElement).tabIndex === 0,
          // Inline code in a cell is never broken one character a line.
          narrowestCode: Math.min(
            ...Array.from(
              box.querySelectorAll("td > code"),
              (code) => code.getBoundingClientRect().width,
            ),
          ),
        }),
      ),
    );
    expect(boxes.length).toBe(2);
    for (const box of boxes) expect(box).toMatchObject({ scrolls: true, focusable: true });
    expect(boxes[0]?.narrowestCode).toBeGreaterThan(40);
  });
});
