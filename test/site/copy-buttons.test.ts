import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";
import { buildDemo, serveSite } from "./demo.js";

const base = "/designs/";

describe("copy buttons on code blocks", { timeout: 300_000 }, () => {
  let cleanup: () => Promise<void>;
  let closeServer: () => Promise<void>;
  let closeBrowser: () => Promise<void>;
  let browser: Browser;
  let origin: string;
  let url: string;

  beforeAll(async () => {
    const demo = await buildDemo(base);
    cleanup = demo.cleanup;
    const server = await serveSite(demo.outDir, base);
    ({ origin, close: closeServer } = server);
    url = `${origin}${base}url-shortener/`;
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await closeServer?.();
    await cleanup?.();
  });

  async function open(setup?: (page: Page) => Promise<void>): Promise<Page> {
    const page = await browser.newPage();
    await setup?.(page);
    await page.goto(url, { waitUntil: "load" });
    return page;
  }

  const counts = (page: Page) =>
    page.evaluate(() => ({
      blocks: document.querySelectorAll(".writeup-body pre:not(.mermaid)").length,
      buttons: document.querySelectorAll("button.copy-button").length,
    }));

  it("adds a labelled button to every code block that copies its code and says so", async () => {
    await browser
      .defaultBrowserContext()
      .overridePermissions(origin, [
        "clipboard-read",
        "clipboard-write",
        "clipboard-sanitized-write",
      ]);
    const page = await open();
    try {
      const { blocks, buttons } = await counts(page);
      expect(blocks).toBeGreaterThanOrEqual(1);
      expect(buttons).toBe(blocks);
      const name = await page.evaluate(() => {
        const button = document.querySelector("button.copy-button") as HTMLButtonElement;
        return { text: button.textContent, type: button.type };
      });
      expect(name).toEqual({ text: "Copy code", type: "button" });

      // By keyboard: Tab reaches the first button, which shows its focus.
      const onCopyButton = () =>
        page.evaluate(() => document.activeElement?.matches("button.copy-button") ?? false);
      for (let presses = 0; presses < 200 && !(await onCopyButton()); presses += 1) {
        await page.keyboard.press("Tab");
      }
      const focus = await page.evaluate(() => {
        const button = document.activeElement as HTMLElement;
        return {
          first: button === document.querySelector("button.copy-button"),
          visible: button.matches(":focus-visible"),
          outline: getComputedStyle(button).outlineStyle,
        };
      });
      expect(focus.first).toBe(true);
      expect(focus.visible).toBe(true);
      expect(focus.outline).not.toBe("none");

      await page.keyboard.press("Enter");
      await page.waitForFunction(
        () =>
          document.querySelector(".copy-status[role=status]")?.textContent ===
          "Code copied to the clipboard",
      );
      const [copied, code, label] = await page.evaluate(async () => [
        await navigator.clipboard.readText(),
        document.querySelector(".code-block pre code")?.textContent ?? "",
        document.querySelector("button.copy-button span")?.textContent,
      ]);
      expect(copied).toBe(code);
      expect(copied?.length).toBeGreaterThan(10);
      expect(label).toBe("Copied");
      expect(
        await page.evaluate(() =>
          document.querySelector(".copy-status[role=status]")?.getAttribute("aria-live"),
        ),
      ).toBe("polite");
    } finally {
      await page.close();
    }
  });

  it("adds none without JavaScript or without the Clipboard API, and the code still reads", async () => {
    const withoutScript = await open((page) => page.setJavaScriptEnabled(false));
    const withoutClipboard = await open((page) =>
      page
        .evaluateOnNewDocument(() => {
          Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
        })
        .then(() => undefined),
    );
    try {
      for (const page of [withoutScript, withoutClipboard]) {
        const { blocks, buttons } = await counts(page);
        expect(blocks).toBeGreaterThanOrEqual(1);
        expect(buttons).toBe(0);
        const visible = await page.evaluate(() => {
          const code = document.querySelector(".writeup-body pre code") as HTMLElement;
          return code.getBoundingClientRect().height > 0 && (code.textContent ?? "").length > 10;
        });
        expect(visible).toBe(true);
      }
    } finally {
      await withoutScript.close();
      await withoutClipboard.close();
    }
  });
});
