// The build's one browser: the diagrams and the social cards share it.
import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { drawCards } from "../../src/cards/draw.js";
import { createMermaidRenderer } from "../../src/mermaid/index.js";
import { createBrowserSession } from "../../src/mermaid/session.js";
import { temporaryFolder } from "../helpers.js";
import { browsersWithProfile } from "./leftovers.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

describe("a browser session shared by the renderer", () => {
  it("keeps its browser when the renderer closes, for the cards, and closes it itself", async () => {
    const { dir, cleanup } = await temporaryFolder("designpress-session-test-");
    cleanups.push(cleanup);
    const session = createBrowserSession();
    try {
      const renderer = createMermaidRenderer({ root: dir, requireBrowser: true, browser: session });
      try {
        const report = await renderer.renderAll([{ source: "flowchart LR\n  A --> B" }]);
        expect(report.errors).toEqual([]);
        expect(renderer.stats).toMatchObject({ rendered: 1, browserLaunched: true });
      } finally {
        await renderer.close();
      }
      expect(session.launches).toBe(1);
      const launched = await session.browser();
      expect(launched.browser.connected).toBe(true);
      // The renderer closed its pages, not the browser: the cards draw in it.
      const [png] = await drawCards(launched.browser, ["<!DOCTYPE html><p>card</p>"]);
      expect(
        Buffer.from(png ?? [])
          .subarray(1, 4)
          .toString(),
      ).toBe("PNG");
      expect(session.launches).toBe(1);
      expect(await browsersWithProfile(launched.profile)).not.toEqual([]);
      await session.close();
      expect(launched.browser.connected).toBe(false);
      expect(await browsersWithProfile(launched.profile)).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it("launches nothing when nothing asks for a browser", async () => {
    const session = createBrowserSession();
    await session.close();
    expect(session.launches).toBe(0);
  });
});

describe("a browser session that keeps the render pages (designpress dev)", () => {
  const render = async (
    session: ReturnType<typeof createBrowserSession>,
    dir: string,
    source: string,
  ) => {
    const renderer = createMermaidRenderer({ root: dir, requireBrowser: true, browser: session });
    try {
      const report = await renderer.renderAll([{ source }]);
      expect(report.errors).toEqual([]);
      expect(report.results.get(source)?.status).toBe("rendered");
    } finally {
      await renderer.close();
    }
  };

  it("renders a later build's diagrams in the pages an earlier build opened, and replaces one that crashed", async () => {
    const { dir, cleanup } = await temporaryFolder("designpress-session-test-");
    cleanups.push(cleanup);
    const session = createBrowserSession({ keepRenderPages: true });
    try {
      await render(session, dir, "flowchart LR\n  A --> B");
      // Light and dark, one page each, mermaid loaded in both.
      expect(session.renderPages?.opened).toBe(2);
      await render(session, dir, "flowchart LR\n  A --> C");
      expect(session.renderPages?.opened).toBe(2);

      const { browser } = await session.browser();
      const renderPages = (await browser.pages()).filter((page) =>
        page.url().endsWith("render.html"),
      );
      expect(renderPages).toHaveLength(2);
      const crashed = renderPages[0];
      if (!crashed) throw new Error("no render page");
      // Puppeteer says "error" when the page's renderer process is gone.
      const gone = new Promise((resolve) => crashed.once("error", resolve));
      const client = await crashed.createCDPSession();
      // Page.crash never answers: the page it would answer from is gone.
      void client.send("Page.crash").catch(() => undefined);
      await gone;
      await render(session, dir, "flowchart LR\n  A --> D");
      expect(session.renderPages?.opened).toBe(3);
      expect(session.launches).toBe(1);
    } finally {
      await session.close();
    }
  });

  it("opens them before any diagram asks (warmUp), and removes their files when it closes", async () => {
    const { dir, cleanup } = await temporaryFolder("designpress-session-test-");
    cleanups.push(cleanup);
    const session = createBrowserSession({ keepRenderPages: true });
    try {
      const renderer = createMermaidRenderer({ root: dir, browser: session });
      await renderer.warmUp();
      await renderer.close();
      expect(session.renderPages?.opened).toBe(2);
      const files = await session.renderPages?.files;
      expect(files && existsSync(files.dir)).toBe(true);
      await render(session, dir, "flowchart LR\n  A --> B");
      expect(session.renderPages?.opened).toBe(2);
      await session.close();
      expect(files && existsSync(files.dir)).toBe(false);
    } finally {
      await session.close();
    }
  });
});
