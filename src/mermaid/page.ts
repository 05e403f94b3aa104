import type { Browser, HTTPRequest, Page } from "puppeteer";
import type { MermaidConfig } from "./mermaid-package.js";

/**
 * Runs in the page before mermaid loads. Written as a string, not a function,
 * so that no bundler helper (esbuild's `__name`) leaks into the browser.
 *
 * Layouts such as cytoscape's and gitGraph's commit ids call `Math.random`,
 * icon ids use `Date.now` and Gantt charts draw a line at today's date: the
 * clock is fixed (at 2000-01-01, so that the "today" line falls outside any
 * real chart) and the generator is reset before every render, so a diagram
 * renders the same whatever the day, whatever was rendered before it and
 * whichever page renders it. (mermaid's module-level id counters remain; the
 * inlining step renumbers ids.)
 */
const pagePrelude = `(() => {
  const fixedNow = Date.UTC(2000, 0, 1);
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(fixedNow);
      else super(...args);
    }
    static now() {
      return fixedNow;
    }
  }
  window.Date = FixedDate;
  const seed = (value) => {
    let state = value >>> 0;
    Math.random = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };
  seed(1);
  const clearBody = () => {
    for (const element of Array.from(document.body.children)) {
      if (element.tagName !== "SCRIPT") element.remove();
    }
  };
  window.__designpress = {
    async render(source, configs) {
      const svgs = [];
      try {
        for (const config of configs) {
          seed(1);
          window.mermaid.initialize(config);
          const { svg } = await window.mermaid.render("mermaid", source);
          svgs.push(svg);
        }
        return { svgs };
      } catch (error) {
        const message = error && typeof error.message === "string" ? error.message : String(error);
        return { error: message };
      } finally {
        clearBody();
      }
    },
  };
})();`;

/**
 * Diagrams may point at images (flowchart `img:`); layout needs their size but
 * the build must not touch the network, so every image is answered with a
 * square placeholder and every other request is refused. The page still
 * links the real image for the reader.
 */
const placeholderImage = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

/**
 * mermaid's bundle is served to the page from memory at this address: a script
 * loaded from a URL is compiled while it streams in, about 150 ms sooner than
 * the same text injected inline (measured).
 */
const bundleUrl = "https://designpress.invalid/mermaid.min.js";

function answerOffline(request: HTTPRequest, mermaidBundle: string): void {
  if (request.isInterceptResolutionHandled()) return;
  if (request.url() === bundleUrl) {
    void request.respond({ status: 200, contentType: "text/javascript", body: mermaidBundle });
  } else if (request.resourceType() === "image") {
    void request.respond({ status: 200, contentType: "image/svg+xml", body: placeholderImage });
  } else {
    void request.abort("blockedbyclient");
  }
}

export type PageRenderResult = { svgs: string[] } | { error: string };

/** A browser page with mermaid loaded once, rendering one diagram after another. */
export interface RenderPage {
  /** Render `source` once per config; mermaid's message if it rejects the diagram. */
  render(source: string, configs: readonly MermaidConfig[]): Promise<PageRenderResult>;
  close(): Promise<void>;
}

/** Open a page and load mermaid's bundle into it from memory (no file or network access). */
export async function openRenderPage(browser: Browser, mermaidBundle: string): Promise<RenderPage> {
  const page: Page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    page.on("request", (request) => answerOffline(request, mermaidBundle));
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>',
    );
    await page.evaluate(pagePrelude);
    await page.addScriptTag({ url: bundleUrl });
  } catch (error) {
    await page.close().catch(() => undefined);
    throw error;
  }
  return {
    render(source, configs) {
      return page.evaluate(
        (diagram, settings) =>
          (
            globalThis as unknown as {
              __designpress: {
                render(source: string, configs: unknown[]): Promise<PageRenderResult>;
              };
            }
          ).__designpress.render(diagram, settings),
        source,
        [...configs],
      );
    },
    async close() {
      await page.close({ runBeforeUnload: false }).catch(() => undefined);
    },
  };
}
