import type { Browser } from "puppeteer-core";
import { cardHeight, cardWidth } from "./card.js";

/** How long one card may take to load and draw (a theme's card that never finishes fails instead). */
export const cardTimeoutMs = 10_000;

/** `promise`, or a rejection naming `what` once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Each document drawn at the card's size in one tab of `browser`, as PNG,
 * in order. The tab loads nothing from outside the document (a card is
 * self-contained: a request is refused) and is closed afterwards. A card
 * that does not load and draw within `timeoutMs` rejects the whole batch.
 */
export async function drawCards(
  browser: Browser,
  documents: readonly string[],
  signal?: AbortSignal,
  timeoutMs = cardTimeoutMs,
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
    for (const [index, html] of documents.entries()) {
      signal?.throwIfAborted();
      const draw = async () => {
        await page.setContent(html, { waitUntil: "load", timeout: 0 });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        return page.screenshot({ type: "png", optimizeForSpeed: false });
      };
      pngs.push(await within(draw(), timeoutMs, `card ${index + 1} of ${documents.length}`));
    }
    return pngs;
  } finally {
    // A tab whose script never ends may not answer: close it without waiting on it.
    void page.close().catch(() => undefined);
  }
}
