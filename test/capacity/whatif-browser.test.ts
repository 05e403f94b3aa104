import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateKeys } from "../../src/capacity/index.js";
import { run as estimate } from "../../src/cli/estimate.js";
import { repoRoot, temporaryFolder } from "../helpers.js";
import { launchChromium } from "../site/chromium.js";
import { buildDemo, serveSite } from "../site/demo.js";

// The what-if in a real Chromium, on the demo portfolio as the build writes it.

const writeup = path.join(repoRoot, "content", "chat-service.md");

/** `designpress estimate` on the chat-service writeup with `users` changed: the total's figures by label. */
async function estimatedTotal(users: string): Promise<Map<string, string>> {
  const { dir, cleanup } = await temporaryFolder();
  try {
    const source = await readFile(writeup, "utf8");
    const written = /^ {2}users: 50M /m;
    expect(source).toMatch(written);
    const edited = source.replace(written, `  users: ${users} `);
    const file = path.join(dir, "chat-service.md");
    await writeFile(file, edited);
    let out = "";
    const code = await estimate([file], {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: () => true },
    });
    expect(code).toBe(0);
    const total = out.slice(out.indexOf("\ntotal\n"));
    // `  <label>  <figure>   <derivation>`: the figure is right-aligned before three spaces.
    const figures = new Map<string, string>();
    for (const line of total.split("\n")) {
      const match = /^ {2}(\S.*?) {2,}(\S.*?) {3}/.exec(line);
      if (match?.[1] && match[2]) figures.set(match[1], match[2]);
    }
    return figures;
  } finally {
    await cleanup();
  }
}

/** The total's figure of a key, as the page shows it now. */
function pageTotal(page: Page, key: string): Promise<string> {
  return page.$eval(
    `.estimates-table tbody:last-of-type tr[data-key="${key}"] .estimates-figure`,
    (cell) => cell.textContent ?? "",
  );
}

async function typeInto(page: Page, name: string, value: string): Promise<void> {
  const input = await page.$(`form.estimates-whatif input[name="${name}"]`);
  if (!input) throw new Error(`no what-if input ${name}`);
  await input.click({ count: 3 });
  await input.type(value);
}

describe("the what-if on a demo writeup, in Chromium", () => {
  let cleanupProject: () => Promise<void>;
  let closeServer: () => Promise<void>;
  let closeBrowser: () => Promise<void>;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const demo = await buildDemo("/");
    cleanupProject = demo.cleanup;
    const server = await serveSite(demo.outDir, "/");
    closeServer = server.close;
    url = `${server.origin}/chat-service/`;
    const chromium = await launchChromium();
    browser = chromium.browser;
    closeBrowser = chromium.close;
  });

  afterAll(async () => {
    await closeBrowser?.();
    await closeServer?.();
    await cleanupProject?.();
  });

  /** A page of the writeup, for `body`; errors of the page's own scripts fail the test. */
  async function withPage(
    options: { javaScript?: boolean; width?: number },
    body: (page: Page) => Promise<void>,
  ): Promise<void> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    try {
      await page.setJavaScriptEnabled(options.javaScript ?? true);
      await page.setViewport({ width: options.width ?? 390, height: 844 });
      await page.goto(url, { waitUntil: "load" });
      await body(page);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }

  it("changing users updates peak reads and storage to what `designpress estimate` gives", async () => {
    await withPage({}, async (page) => {
      expect(await page.$eval("form.estimates-whatif", (form) => form.checkVisibility())).toBe(
        true,
      );
      const before = {
        reads: await pageTotal(page, "peak_reads_per_second"),
        storage: await pageTotal(page, "storage_bytes"),
      };
      const original = await estimatedTotal("50M");
      expect(before).toEqual({
        reads: original.get("Reads (peak)"),
        storage: original.get("Storage over 3 years"),
      });

      await typeInto(page, "users", "80M");
      const expected = await estimatedTotal("80M");
      const after = {
        reads: await pageTotal(page, "peak_reads_per_second"),
        storage: await pageTotal(page, "storage_bytes"),
      };
      expect(after).toEqual({
        reads: expected.get("Reads (peak)"),
        storage: expected.get("Storage over 3 years"),
      });
      expect(after.reads).not.toBe(before.reads);
      // Every figure of the total, not only those two.
      for (const [label, figure] of expected) {
        const shown = await page.$$eval(
          ".estimates-table tbody:last-of-type tr[data-key]",
          (rows, wanted) =>
            rows
              .find((row) => row.querySelector("th")?.textContent === wanted)
              ?.querySelector(".estimates-figure")?.textContent,
          label,
        );
        expect(shown, label).toBe(figure);
      }
      // The charts are drawn again from the new figures.
      expect(
        await page.$eval("#estimates-traffic-desc", (desc) => desc.textContent ?? ""),
      ).toContain(`${expected.get("Reads (peak)")} at peak`);
      expect(
        await page.$eval(".estimates-whatif-status", (status) => status.textContent ?? ""),
      ).toMatch(/what-if/);

      await page.click("button.estimates-whatif-reset");
      await page.waitForFunction(
        (reads) =>
          document.querySelector(
            '.estimates-table tbody:last-of-type tr[data-key="peak_reads_per_second"] .estimates-figure',
          )?.textContent === reads,
        {},
        before.reads,
      );
      expect(await page.$eval('input[name="users"]', (input) => input.value)).toBe("50M");
      expect(await pageTotal(page, "storage_bytes")).toBe(before.storage);
    });
  });

  it("says what is wrong with an input and keeps the last figures", async () => {
    await withPage({}, async (page) => {
      const reads = await pageTotal(page, "peak_reads_per_second");
      await typeInto(page, "workloads.0.writes", "40 / user / fortnite");
      expect(
        await page.$eval('input[name="workloads.0.writes"]', (input) =>
          input.getAttribute("aria-invalid"),
        ),
      ).toBe("true");
      expect(
        await page.$eval(".estimates-whatif-status", (status) => status.textContent ?? ""),
      ).toContain("Expected the period of `writes` to be s, min, h, day, week, month or year");
      expect(await pageTotal(page, "peak_reads_per_second")).toBe(reads);
    });
  });

  it("shows no inputs without JavaScript, and the estimates as built", async () => {
    await withPage({ javaScript: false }, async (page) => {
      expect(
        await page.$$eval(
          "form.estimates-whatif input",
          (inputs) => inputs.filter((input) => input.checkVisibility()).length,
        ),
      ).toBe(0);
      // Two workloads and their total, each with every figure.
      expect(await page.$$eval(".estimates-table tr[data-key]", (rows) => rows.length)).toBe(
        3 * estimateKeys.length,
      );
      expect(await page.$$eval("figure.estimates-chart svg", (charts) => charts.length)).toBe(2);
    });
  });

  it("draws chart labels at 12 CSS px or more on a 390 px phone and in a 358 px chart", async () => {
    await withPage({ width: 390 }, async (page) => {
      const smallest = () =>
        page.$$eval("figure.estimates-chart svg text", (texts) =>
          Math.min(
            ...texts.map((text) => {
              const svg = text.closest("svg");
              const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 0;
              return Number.parseFloat(getComputedStyle(text).fontSize) * scale;
            }),
          ),
        );
      expect(await smallest()).toBeGreaterThanOrEqual(12);
      await page.$$eval("figure.estimates-chart svg", (svgs) => {
        for (const svg of svgs) svg.style.width = "358px";
      });
      expect(await smallest()).toBeGreaterThanOrEqual(12);
      expect(
        await page.$$eval("figure.estimates-chart figcaption", (captions) =>
          captions.map((caption) => caption.checkVisibility() && caption.textContent),
        ),
      ).toEqual(["Storage growing over 3 years", "Peak and average traffic"]);
    });
  });
});
