// The build's one browser: the diagrams and the social cards share it.
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
