import type { Browser } from "puppeteer-core";
import { cardHeight, cardWidth } from "./card.js";

/**
 * Each document drawn at the card's size in one tab of `browser`, as PNG,
 * in order. The tab loads nothing from outside the document (a card is
 * self-contained: a request is refused) and is closed afterwards.
 */
export async function drawCards(
  browser: Browser,
  documents: readonly string[],
  signal?: AbortSignal,
): Promise<Uint8Array[]> {
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.isInterceptResolutionHandled()) return;
      if (request.url().startsWith("data:")) void request.continue();
      else void request.abort("blockedbyclient");
    });
    await page.setViewport({ width: cardWidth, height: cardHeight, deviceScaleFactor: 1 });
    const pngs: Uint8Array[] = [];
    for (const html of documents) {
      signal?.throwIfAborted();
      await page.setContent(html, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      pngs.push(await page.screenshot({ type: "png", optimizeForSpeed: false }));
    }
    return pngs;
  } finally {
    await page.close().catch(() => undefined);
  }
}
