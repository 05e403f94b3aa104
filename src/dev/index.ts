import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { watch } from "chokidar";
import { createRenderMemory } from "../build/cache/render-memory.js";
import { type BuildResult, build, createBuildCache } from "../build/index.js";
import { formatBuildMessages } from "../build/report.js";
import { configFileNames } from "../config/index.js";
import { plural } from "../core/words.js";
import { createDiagramMemory } from "../mermaid/figures.js";
import { createMermaidRenderer } from "../mermaid/renderer.js";
import { type BrowserSession, createBrowserSession } from "../mermaid/session.js";
import { escapeControls } from "../terminal/escape.js";
import { escapeHtml } from "../theme/template.js";
import { isAllowedHost } from "./hosts.js";
import { eventsPath, injectReloadScript, ReloadHub } from "./reload.js";
import { createStaticHandler } from "./static.js";

/** The port `designpress dev` listens on unless told otherwise. */
export const defaultPort = 4321;

export interface DevOptions {
  /** Project folder. Default: the working directory. */
  root?: string;
  /** Default `<root>/content`. */
  contentDir?: string;
  /** Overrides the config's `base`. */
  base?: string;
  /** Default {@link defaultPort}; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`: the preview is for this machine only. */
  host?: string;
  /**
   * Host names the preview answers besides `localhost`, `127.0.0.1` and
   * `[::1]` (and `host`); a request naming any other gets 403. A name with a
   * leading dot allows every name under it.
   */
  allowedHosts?: readonly string[];
  /** Quiet period after the last change before rebuilding, in ms. Default 25. */
  debounceMs?: number;
  /** Where progress and errors go. Default: the console. */
  log?: { info(text: string): void; error(text: string): void };
}

export interface DevServer {
  /** The site's address, base path included. */
  url: string;
  port: number;
  /**
   * Resolves with each finished build (successful or not), for callers that
   * wait on one: once its pages are served and the reload event sent; the
   * search index may still be being written (see `idle`).
   */
  nextBuild(): Promise<BuildResult>;
  /** Resolves when no build is running or scheduled and every file of the last one is written. */
  idle(): Promise<void>;
  /** How many browsers the server has launched so far (one for its life, unless one died). */
  readonly browserLaunches: number;
  /**
   * How many pages it has opened to render diagrams in (each loads mermaid):
   * they are kept from one build to the next, so a few for its life, unless one crashed.
   */
  readonly renderPagesOpened: number;
  /** Stop watching, end open connections, close the server, remove the preview folder. */
  close(): Promise<void>;
}

/**
 * After a first build that has diagrams: open the render pages and load
 * mermaid into them (the slowest step of rendering a diagram), in the
 * session that keeps them for every later build.
 */
async function warmRenderPages(
  root: string,
  browser: BrowserSession,
  first: BuildResult,
): Promise<void> {
  const diagrams = first.diagrams;
  if (!first.ok || !diagrams || diagrams.rendered + diagrams.cached === 0) return;
  if (diagrams.warnings.length > 0) return; // no browser: the build said so
  const renderer = createMermaidRenderer({ root, browser });
  try {
    await renderer.warmUp();
  } finally {
    await renderer.close();
  }
}

/**
 * `designpress dev`: build the site into a temporary folder, serve it, rebuild
 * when a writeup, the theme or the config changes, and tell open pages to
 * reload. A failed rebuild keeps the last good site on the air.
 */
export async function startDev(options: DevOptions = {}): Promise<DevServer> {
  const root = path.resolve(options.root ?? process.cwd());
  const contentDir = path.resolve(root, options.contentDir ?? "content");
  const log = options.log ?? { info: console.log, error: console.error };
  // Long enough for an editor's save (a write, or a temporary file renamed over the
  // writeup) to arrive as one change; a change during a build gets one more build.
  const debounceMs = options.debounceMs ?? 25;
  const preview = await mkdtemp(path.join(tmpdir(), "designpress-dev-"));
  const outDir = path.join(preview, "site");
  const cache = createBuildCache();
  const diagramMemory = createDiagramMemory();
  const renderMemory = createRenderMemory();
  // One browser for the server's life (diagrams, social cards), relaunched if it
  // dies, with mermaid's render pages kept open from one build to the next.
  const browser = createBrowserSession({ keepRenderPages: true });
  const hub = new ReloadHub();

  let base = "/";
  /** Set when there is no good build to serve (the first one failed): shown instead of the site. */
  let failure: string | undefined;
  let waiting: ((result: BuildResult) => void)[] = [];

  let servedOnce = false;

  async function rebuild(): Promise<BuildResult> {
    const started = performance.now();
    const result = await build({
      root,
      contentDir,
      outDir,
      base: options.base,
      cache,
      diagramMemory,
      renderMemory,
      browser,
      updateInPlace: true,
    });
    const messages = formatBuildMessages(result).join("\n");
    const ms = (performance.now() - started).toFixed(0);
    if (result.ok) {
      base = result.base ?? base;
      failure = undefined;
      servedOnce = true;
      if (messages) log.error(messages);
      log.info(`designpress dev: built ${plural(result.pages, "page")} in ${ms} ms`);
      hub.reload();
    } else {
      log.error(
        `${messages}\ndesignpress dev: build failed${servedOnce ? "; still serving the last good site" : ""}`,
      );
      if (!servedOnce) failure = messages;
    }
    const done = waiting;
    waiting = [];
    for (const resolve of done) resolve(result);
    // The search index is written after the reload; the next build waits for it.
    if (result.pending) {
      const shown = result.warnings.length;
      await result.pending;
      const late = result.warnings.slice(shown);
      if (late.length > 0) log.error(late.map((warning) => `designpress: ${warning}`).join("\n"));
    }
    return result;
  }

  const serveSite = createStaticHandler({
    dir: () => outDir,
    base: () => base,
    transformHtml: injectReloadScript,
  });

  const host = options.host ?? "127.0.0.1";
  const allowedHosts = [...(options.allowedHosts ?? []), host.includes(":") ? `[${host}]` : host];
  const server: Server = createServer((request, response) => {
    if (!isAllowedHost(request.headers.host, allowedHosts)) {
      response.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" });
      response.end(
        `designpress dev answers only localhost, 127.0.0.1, [::1] and hosts allowed with --allow-host; this request was for ${JSON.stringify(request.headers.host ?? "")}\n`,
      );
      return;
    }
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    if (pathname === eventsPath) {
      hub.add(response);
      return;
    }
    if (failure !== undefined) {
      const page = injectReloadScript(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head><body><h1>The build failed</h1><pre>${escapeHtml(failure)}</pre><p>Fix the file; this page reloads when the build passes.</p></body></html>`,
      );
      response.writeHead(500, { "Content-Type": "text/html; charset=utf-8" });
      response.end(page);
      return;
    }
    serveSite(request, response).catch((error: Error) => {
      log.error(`designpress dev: ${error.message}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  let firstBuild: BuildResult;
  try {
    firstBuild = await rebuild();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? defaultPort, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    // No server to close later (a port in use): the browser must not outlive the call.
    await browser.close();
    await rm(preview, { recursive: true, force: true });
    throw error;
  }
  const port = (server.address() as AddressInfo).port;

  // One build at a time: changes during a build are picked up by one more build after it.
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<unknown> | undefined;
  let again = false;
  let idleWaiters: (() => void)[] = [];
  // mermaid loaded into the render pages now, and the page processor run once if the first
  // build took every page from the cache (after that build, not beside it): the first edit
  // finds both ready.
  let warming: Promise<void> | undefined = Promise.all([
    warmRenderPages(root, browser, firstBuild),
    cache.rehearse?.(),
  ])
    .then(() => undefined)
    .finally(() => {
      warming = undefined;
      settleIdle();
    });
  const settleIdle = () => {
    if (building || timer || warming) return;
    const done = idleWaiters;
    idleWaiters = [];
    for (const resolve of done) resolve();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (building) {
        again = true;
        return;
      }
      const run = async () => {
        await warming;
        do {
          again = false;
          await rebuild();
        } while (again);
        building = undefined;
        settleIdle();
      };
      building = run();
    }, debounceMs);
  };

  const watcher = watch(
    [
      contentDir,
      path.join(root, "themes"),
      ...configFileNames.map((name) => path.join(root, name)),
    ],
    { ignoreInitial: true, ignored: (file) => file.includes(`${path.sep}node_modules${path.sep}`) },
  );
  watcher.on("all", (event, file) => {
    log.info(`designpress dev: ${event} ${escapeControls(path.relative(root, file))}`);
    schedule();
  });
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));

  const url = `http://${host}:${port}${base}`;
  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    nextBuild: () => new Promise((resolve) => waiting.push(resolve)),
    idle: () =>
      new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
    get browserLaunches() {
      return browser.launches;
    },
    get renderPagesOpened() {
      return browser.renderPages?.opened ?? 0;
    },
    close: () => {
      closed ??= (async () => {
        clearTimeout(timer);
        await watcher.close();
        await building;
        await warming;
        await browser.close();
        hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await rm(preview, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
