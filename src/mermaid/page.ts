import { writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, HTTPRequest, Page } from "puppeteer-core";
import { makeOwnedTemporaryDir, removeOwnedTemporaryDir } from "./leftovers.js";
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
  // mermaid resets to the initialized config before each diagram (a diagram's
  // own config never leaks into the next), so a page that keeps rendering in
  // one colour variant initializes mermaid once, not once per diagram.
  let initialized = "";
  // What mermaid draws, instead of the diagram, for a source over its maxTextSize.
  const tooLarge = "Maximum text size in diagram exceeded";
  window.__designpress = {
    async render(source, config) {
      try {
        const settings = JSON.stringify(config);
        if (settings !== initialized) {
          window.mermaid.initialize(config);
          initialized = settings;
        }
        seed(1);
        const { svg, diagramType } = await window.mermaid.render("mermaid", source);
        // Pictures mermaid draws instead of the diagram: not renders, never cached.
        if (diagramType === "error") {
          return {
            error: "Expected a diagram, found mermaid's error picture (\u201cSyntax error in text\u201d) drawn instead; start the diagram with its type (flowchart, sequenceDiagram\u2026)",
            kind: "error-picture",
          };
        }
        if (svg.includes(tooLarge) && !source.includes(tooLarge)) {
          const limit = window.mermaid.mermaidAPI.getConfig().maxTextSize ?? 50000;
          return {
            error: \`Expected a diagram of at most \${limit} characters (mermaid's maxTextSize), found \${source.length}; split it into smaller diagrams\`,
            kind: "too-large",
          };
        }
        return { svg };
      } catch (error) {
        const message = error && typeof error.message === "string" ? error.message : String(error);
        return { error: message, kind: "mermaid" };
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

/** The files a render page is made of, written once per browser session. */
export interface RenderPageFiles {
  /** The temporary folder that holds them. */
  dir: string;
  /** The page's `file:` URL. */
  pageUrl: string;
  /** Every URL the page may load: itself and mermaid's bundle. */
  urls: ReadonlySet<string>;
}

/**
 * Write the render page and mermaid's bundle into a new temporary folder. The
 * browser reads them from disk: about 90 ms a page sooner than the same bundle
 * sent through the DevTools protocol (measured), and the prelude runs before
 * mermaid loads. Remove them with {@link removeRenderPageFiles}.
 */
export async function writeRenderPageFiles(mermaidBundle: string): Promise<RenderPageFiles> {
  const dir = await makeOwnedTemporaryDir("mermaid");
  const page = path.join(dir, "render.html");
  const bundle = path.join(dir, "mermaid.js");
  await Promise.all([
    writeFile(
      page,
      `<!doctype html><html><head><meta charset="utf-8"><script>${pagePrelude}</script><script src="mermaid.js"></script></head><body></body></html>`,
    ),
    writeFile(bundle, mermaidBundle),
  ]);
  const pageUrl = pathToFileURL(page).href;
  return { dir, pageUrl, urls: new Set([pageUrl, pathToFileURL(bundle).href]) };
}

export async function removeRenderPageFiles(files: RenderPageFiles): Promise<void> {
  await removeOwnedTemporaryDir(files.dir);
}

function answerOffline(request: HTTPRequest, files: RenderPageFiles): void {
  if (request.isInterceptResolutionHandled()) return;
  if (files.urls.has(request.url())) {
    void request.continue();
  } else if (request.resourceType() === "image") {
    void request.respond({ status: 200, contentType: "image/svg+xml", body: placeholderImage });
  } else {
    void request.abort("blockedbyclient");
  }
}

/**
 * mermaid's verdict on a source: its own error (a parse error: as stable as
 * an SVG, so it is cached), or a picture it drew instead of the diagram (the
 * error bomb, the "maximum text size" box), which is an error too but is
 * never cached.
 */
export type MermaidVerdict = { error: string; kind: "mermaid" | "error-picture" | "too-large" };

export type PageRenderResult = { svg: string } | MermaidVerdict;

/** A browser page with mermaid loaded once, rendering one diagram after another. */
export interface RenderPage {
  /** Render `source` with `config`; mermaid's message if it rejects the diagram. */
  render(source: string, config: MermaidConfig): Promise<PageRenderResult>;
  /** False once the page has crashed or closed (a page kept between builds may have). */
  readonly usable: boolean;
  close(): Promise<void>;
}

/**
 * Open a page (or take `blankTab`, the tab the browser starts with, which
 * saves opening one) and load the render page into it; it may load nothing
 * else from disk or network.
 */
export async function openRenderPage(
  browser: Browser,
  files: RenderPageFiles,
  blankTab?: Page,
): Promise<RenderPage> {
  const page: Page = blankTab ?? (await browser.newPage());
  try {
    await page.setRequestInterception(true);
    page.on("request", (request) => answerOffline(request, files));
    await page.goto(files.pageUrl);
  } catch (error) {
    await page.close().catch(() => undefined);
    throw error;
  }
  // Puppeteer's "error" event is the page crashing (its renderer process gone).
  let crashed = false;
  page.once("error", () => {
    crashed = true;
  });
  return {
    get usable() {
      return !crashed && !page.isClosed();
    },
    render(source, config) {
      return page.evaluate(
        (diagram, settings) =>
          (
            globalThis as unknown as {
              __designpress: {
                render(source: string, config: unknown): Promise<PageRenderResult>;
              };
            }
          ).__designpress.render(diagram, settings),
        source,
        config,
      );
    },
    async close() {
      await page.close({ runBeforeUnload: false }).catch(() => undefined);
    },
  };
}
