import path from "node:path";
import type { Page } from "puppeteer-core";
import { contains } from "../files/within.js";
import { BrowserNotFoundError, type LaunchedBrowser } from "./browser.js";
import { readMermaidBundle } from "./bundle.js";
import {
  type CachedDiagram,
  createDiagramCache,
  defaultCacheDir,
  diagramCacheKey,
} from "./cache.js";
import { sweepLeftovers } from "./leftovers.js";
import {
  type ColourVariant,
  colourVariants,
  defaultMermaidConfig,
  defaultVariantConfigs,
  type MermaidConfig,
  mergeConfig,
  mermaidVersion,
} from "./mermaid-package.js";
import {
  type MermaidVerdict,
  openRenderPage,
  type PageRenderResult,
  type RenderPage,
  type RenderPageFiles,
  removeRenderPageFiles,
  writeRenderPageFiles,
} from "./page.js";
import { type BrowserSession, createBrowserSession } from "./session.js";

/** One ```mermaid block of one page. */
export interface MermaidRequest {
  source: string;
  /** The page it comes from, for the caller's messages. */
  file?: string;
  /** Line of the opening fence. */
  line?: number;
}

/**
 * Why a diagram did not render. The diagram's own doing: `mermaid` (mermaid
 * rejected it), `error-picture` and `too-large` (mermaid drew a picture
 * instead of it), `timeout`, `page-crash` (it broke the browser's page
 * twice). Not its doing: `browser-crash` (the browser died twice during the
 * build). Only `mermaid` verdicts are cached.
 */
export type FailureKind = MermaidVerdict["kind"] | "timeout" | "page-crash" | "browser-crash";

/** What one distinct diagram source became. */
export type DiagramResult =
  | {
      status: "rendered";
      key: string;
      source: string;
      /** mermaid's SVG per colour variant, as mermaid wrote it (not yet sanitized, ids not yet made unique). */
      svg: Record<ColourVariant, string>;
      fromCache: boolean;
    }
  | {
      status: "failed";
      key: string;
      source: string;
      /** mermaid's own message (`kind: "mermaid"`), else a sentence saying what happened and what to do. */
      message: string;
      kind: FailureKind;
      fromCache: boolean;
    };

/** A diagram that did not render, with every request (file, line) that asked for it. */
export interface DiagramError {
  key: string;
  source: string;
  message: string;
  kind: FailureKind;
  requests: MermaidRequest[];
}

export interface RenderReport {
  /**
   * Results by diagram source (identical sources render once). A source with
   * no entry was not rendered because no browser could run: render it on the
   * client instead.
   */
  results: Map<string, DiagramResult>;
  /** Every diagram that failed, in the order of the requests. */
  errors: DiagramError[];
  /**
   * Things the build should print once: a missing browser, a browser variable
   * that names no executable, an unwritable cache.
   */
  warnings: string[];
}

export interface RenderProgress {
  /** Diagrams the browser has finished (rendered or failed) so far. */
  rendered: number;
  /** Diagrams found in the cache. */
  cached: number;
  /** Distinct diagrams in this call. */
  total: number;
}

export interface RenderStats {
  /** Diagrams rendered by the browser (not from the cache). */
  rendered: number;
  /** Diagrams taken from the cache (rendered or failed). */
  cached: number;
  /** Diagrams that did not render (mermaid's error, timeout, crash), cached or not. */
  failed: number;
  /** Whether a browser was started at all. */
  browserLaunched: boolean;
  /** Time spent in `renderAll`, in milliseconds. */
  ms: number;
}

export interface MermaidRendererOptions {
  /** Project root; `cacheDir` is resolved against it. Default `process.cwd()`. */
  root?: string;
  /** Cache folder. Default `.designpress-cache/mermaid`. */
  cacheDir?: string;
  /**
   * Entries kept in memory in front of the cache folder, by key, between
   * renderers of one process (`designpress dev`). Default: none.
   */
  memory?: Map<string, CachedDiagram>;
  /** mermaid config for every diagram, merged over {@link defaultMermaidConfig}. */
  config?: MermaidConfig;
  /** Config of each colour variant. Default `{light: {theme: "default"}, dark: {theme: "dark"}}`. */
  variants?: Partial<Record<ColourVariant, MermaidConfig>>;
  /**
   * A browser shared with the rest of the build (the social cards): the
   * renderer launches it through the session if it needs it, closes its own
   * pages at `close()` and leaves the browser to the session's owner. A
   * browser that crashes or an abort still closes it. Default: a browser of
   * the renderer's own, closed at `close()`.
   */
  browser?: BrowserSession;
  /** Browser executable, without `browser`; default: found by `findBrowser`. */
  executablePath?: string;
  /** Environment to look for the browser in. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Make a missing browser an error instead of a fallback to client-side rendering. */
  requireBrowser?: boolean;
  /**
   * Longest time one rendering of a diagram (one colour variant) may take, in
   * milliseconds (the site config's `mermaid.timeout`). Default {@link defaultTimeoutMs}.
   */
  timeoutMs?: number;
  /** Browser pages rendering at once. Default 2. */
  pages?: number;
  onProgress?: (progress: RenderProgress) => void;
  /**
   * Stops rendering when aborted (a build interrupted by SIGINT or SIGTERM):
   * the browser is closed, not relaunched, the renderer's temporary folders are
   * removed, and `renderAll` rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

/** How long one rendering may take unless the site config's `mermaid.timeout` says otherwise. */
export const defaultTimeoutMs = 10_000;

export interface MermaidRenderer {
  renderAll(requests: readonly MermaidRequest[]): Promise<RenderReport>;
  /**
   * Start the browser and load mermaid into every render page now, before a
   * diagram asks for one (`designpress dev`, whose session keeps the pages for
   * its later builds). Never rejects: a browser that cannot start is the next
   * build's to report.
   */
  warmUp(): Promise<void>;
  /** Close the browser, if one was started. */
  close(): Promise<void>;
  readonly stats: Readonly<RenderStats>;
}

interface PendingDiagram {
  key: string;
  source: string;
  /** The SVG of each colour variant rendered so far. */
  svgs: Partial<Record<ColourVariant, string>>;
  /** Set once the diagram has a result; later renderings of it are dropped. */
  settled: boolean;
}

/** One colour variant of one diagram, waiting for a page. */
interface RenderTask {
  diagram: PendingDiagram;
  variant: ColourVariant;
  /** Pages this rendering has broken (not timeouts, not mermaid errors). */
  pageFailures: number;
}

type Failure = { error: string; kind: FailureKind };

type DiagramOutcome = { svg: Record<ColourVariant, string> } | Failure;

/** Why the browser could not be used; thrown by `renderAll` only with `requireBrowser`. */
export class BrowserUnavailableError extends Error {
  override name = "BrowserUnavailableError";
}

const timedOut = Symbol("timed out");

/**
 * `promise`, or {@link timedOut} after `ms` (if given); rejects with the
 * signal's reason as soon as `signal` aborts, so that nothing outlives an abort.
 */
async function settle<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  ms?: number,
): Promise<T | typeof timedOut> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limits = new Promise<typeof timedOut>((resolve, reject) => {
    if (ms !== undefined) timer = setTimeout(() => resolve(timedOut), ms);
    onAbort = () => reject(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, limits]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

/** The browser died under the render pages. */
class BrowserCrashed extends Error {
  constructor(readonly launched: LaunchedBrowser) {
    super("the browser crashed");
  }
}

/** How the browser process ended, for the crash message. */
function exitReason(launched: LaunchedBrowser): string {
  const child = launched.browser.process();
  if (child?.signalCode) return `the browser process was killed by ${child.signalCode}`;
  if (child?.exitCode !== null && child?.exitCode !== undefined)
    return `the browser process exited with code ${child.exitCode}`;
  return "the browser stopped answering";
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Renders every diagram of a site in one browser. Cached diagrams never start
 * the browser; the first miss starts it while the rest of the cache is read,
 * and a small pool of pages, each with mermaid loaded once, renders the misses.
 */
export function createMermaidRenderer(options: MermaidRendererOptions = {}): MermaidRenderer {
  const root = options.root ?? process.cwd();
  const cacheDir = path.resolve(root, options.cacheDir ?? defaultCacheDir);
  // A folder of the project must really be in it; one the caller chose elsewhere, in itself.
  const cache = createDiagramCache(
    cacheDir,
    options.memory,
    contains(root, cacheDir) ? root : cacheDir,
  );
  const config = mergeConfig(defaultMermaidConfig, options.config ?? {});
  const variants: Record<ColourVariant, MermaidConfig> = {
    light: mergeConfig(defaultVariantConfigs.light, options.variants?.light ?? {}),
    dark: mergeConfig(defaultVariantConfigs.dark, options.variants?.dark ?? {}),
  };
  const renderConfigs = Object.fromEntries(
    colourVariants.map((variant) => [
      variant,
      mergeConfig(mergeConfig(config, variants[variant]), { startOnLoad: false }),
    ]),
  ) as Record<ColourVariant, MermaidConfig>;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const pageCount = Math.max(1, options.pages ?? 2);
  const version = mermaidVersion();
  const { signal } = options;
  const ownsBrowser = options.browser === undefined;
  const browsers =
    options.browser ??
    createBrowserSession({ executablePath: options.executablePath, env: options.env, signal });

  const stats: RenderStats = { rendered: 0, cached: 0, failed: 0, browserLaunched: false, ms: 0 };

  interface Session {
    launched: LaunchedBrowser;
    files: RenderPageFiles;
    pages: (Promise<RenderPage> | undefined)[];
    /** The tab the browser started with, until a render page takes it. */
    blankTab: Page | undefined;
  }
  let session: Promise<Session> | undefined;
  // Written once, while the first browser starts, and kept for a relaunch.
  let pageFiles: Promise<RenderPageFiles> | undefined;
  // What a kill -9 of an earlier run left behind, removed once per renderer.
  let leftovers: Promise<unknown> | undefined;

  // Each warning is said once per renderer (one build), in the next report.
  const said = new Set<string>();
  const pendingWarnings: string[] = [];
  const sayOnce = (topic: string, warning: string) => {
    if (said.has(topic)) return;
    said.add(topic);
    pendingWarnings.push(warning);
  };

  // `designpress dev`'s session keeps the render pages (and their files) from one build to the next.
  const warm = browsers.renderPages;

  function startSession(): Promise<Session> {
    session ??= (async () => {
      signal?.throwIfAborted();
      const launching = browsers.browser();
      launching.catch(() => undefined);
      const writeFiles = () => readMermaidBundle().then(writeRenderPageFiles);
      if (warm) warm.files ??= writeFiles();
      pageFiles ??= warm?.files ?? writeFiles();
      pageFiles.catch(() => undefined);
      const launched = await launching;
      if (browsers.warning) sayOnce("browser-variable", browsers.warning);
      let files: RenderPageFiles;
      try {
        files = await pageFiles;
        signal?.throwIfAborted();
      } catch (error) {
        if (!signal?.aborted) {
          if (warm?.files === pageFiles) warm.files = undefined;
          pageFiles = undefined;
        }
        if (ownsBrowser) await browsers.discard(launched);
        throw error;
      }
      stats.browserLaunched = true;
      const kept = warm?.launched === launched ? warm.pages : undefined;
      // A kept page has already taken the tab the browser started with.
      const blankTab = kept ? undefined : (await launched.browser.pages())[0];
      const started: Session = { launched, files, pages: kept ?? [], blankTab };
      if (warm) {
        warm.launched = launched;
        warm.pages = started.pages;
        await dropDeadPages(started.pages);
      }
      // The first page starts loading mermaid (the slowest step) at once.
      pageOf(started, 0).catch(() => undefined);
      return started;
    })();
    // Callers that only warm up must not see an unhandled rejection.
    session.catch(() => undefined);
    return session;
  }

  /** Kept pages that crashed or closed since the last build: opened again when asked for. */
  async function dropDeadPages(pages: (Promise<RenderPage> | undefined)[]): Promise<void> {
    for (const [index, page] of pages.entries()) {
      const open = await page?.catch(() => undefined);
      if (page && !open?.usable) {
        pages[index] = undefined;
        void open?.close();
      }
    }
  }

  function pageOf(current: Session, index: number): Promise<RenderPage> {
    let page = current.pages[index];
    if (!page) {
      page = openRenderPage(current.launched.browser, current.files, current.blankTab);
      current.blankTab = undefined;
      current.pages[index] = page;
      if (warm) warm.opened += 1;
    }
    return page;
  }

  // Browsers being closed, so that close() waits for the last of them.
  const closing = new Set<Promise<void>>();

  /**
   * Forget the session. `discard`: its browser crashed or must stop (an
   * abort), so it is closed even when shared; otherwise a shared browser
   * only loses the render pages (unless its session keeps them for the next
   * build), and the renderer's own is closed.
   */
  async function endSession(discard: boolean): Promise<void> {
    const ending = session;
    session = undefined;
    if (!ending) return;
    const closed = ending
      .catch(() => undefined)
      .then((current) => {
        if (!current) return;
        if (discard || ownsBrowser) return browsers.discard(current.launched);
        if (warm) return;
        return Promise.all(
          current.pages.map((page) => page?.then((open) => open.close()).catch(() => undefined)),
        ).then(() => undefined);
      })
      .catch(() => undefined);
    closing.add(closed);
    await closed;
    closing.delete(closed);
  }

  // An abort closes the browser at once, whatever is rendering.
  const onAbort = () => void endSession(true);
  signal?.addEventListener("abort", onAbort, { once: true });

  async function close(): Promise<void> {
    signal?.removeEventListener("abort", onAbort);
    // Files the session keeps are the session's to remove.
    const files = pageFiles === warm?.files ? undefined : pageFiles;
    pageFiles = undefined;
    await Promise.all([
      endSession(false),
      ...closing,
      files?.then(removeRenderPageFiles).catch(() => undefined),
      leftovers,
    ]);
    if (ownsBrowser) await browsers.close();
  }

  async function replacePage(current: Session, index: number): Promise<RenderPage> {
    const old = current.pages[index];
    current.pages[index] = undefined;
    // A page stuck in a runaway diagram may not answer; do not wait for it.
    if (old) void old.then((page) => page.close()).catch(() => undefined);
    return pageOf(current, index);
  }

  /**
   * Render the queued variants on every page of the session; throws
   * BrowserCrashed if the browser died, and the signal's reason if it aborted.
   * Each page keeps to one colour variant (page 0 light, page 1 dark…), so
   * that mermaid is initialized once per page, and takes the other variant's
   * work when its own queue is empty.
   */
  async function drain(
    current: Session,
    queues: Record<ColourVariant, RenderTask[]>,
    finish: (task: RenderTask, outcome: PageRenderResult | Failure) => void,
  ): Promise<void> {
    const browser = current.launched.browser;
    const nextTask = (order: readonly ColourVariant[]): RenderTask | undefined => {
      if (signal?.aborted) return undefined;
      for (const variant of order) {
        const queue = queues[variant];
        for (let task = queue.shift(); task; task = queue.shift()) {
          if (!task.diagram.settled) return task;
        }
      }
      return undefined;
    };
    const worker = async (index: number) => {
      const preferred = colourVariants[index % colourVariants.length] ?? "light";
      const order = [preferred, ...colourVariants.filter((other) => other !== preferred)];
      let page: RenderPage;
      try {
        page = (await settle(pageOf(current, index), signal)) as RenderPage;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (!browser.connected) throw new BrowserCrashed(current.launched);
        throw error;
      }
      for (let task = nextTask(order); task; task = nextTask(order)) {
        const { diagram, variant } = task;
        let outcome: PageRenderResult | typeof timedOut;
        try {
          outcome = await settle(
            page.render(diagram.source, renderConfigs[variant]),
            signal,
            timeoutMs,
          );
        } catch (error) {
          if (signal?.aborted) throw signal.reason;
          if (!browser.connected) {
            queues[variant].unshift(task);
            throw new BrowserCrashed(current.launched);
          }
          task.pageFailures += 1;
          if (task.pageFailures > 1) {
            finish(task, {
              error: `The browser's page crashed twice on this diagram (${errorText(error)}); simplify the diagram, or rerun the build if the crash was the machine's (out of memory)`,
              kind: "page-crash",
            });
          } else {
            queues[variant].unshift(task);
          }
          page = await replacePage(current, index);
          continue;
        }
        if (outcome === timedOut) {
          finish(task, {
            error: `Expected the diagram to render within ${timeoutMs} ms, but it took longer and was stopped; simplify the diagram, or raise \`mermaid.timeout\` in the site config`,
            kind: "timeout",
          });
          page = await replacePage(current, index);
          continue;
        }
        finish(task, outcome);
      }
    };
    const tasks = colourVariants.reduce((count, variant) => count + queues[variant].length, 0);
    const workers = Math.min(pageCount, tasks);
    const results = await Promise.allSettled(
      Array.from({ length: workers }, (_, index) => worker(index)),
    );
    if (signal?.aborted) throw signal.reason;
    const crash = results.find(
      (result): result is PromiseRejectedResult =>
        result.status === "rejected" && result.reason instanceof BrowserCrashed,
    );
    if (crash) throw crash.reason;
    const failure = results.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
  }

  async function renderAll(requests: readonly MermaidRequest[]): Promise<RenderReport> {
    signal?.throwIfAborted();
    const started = performance.now();
    leftovers ??= sweepLeftovers().catch(() => undefined);
    const results = new Map<string, DiagramResult>();
    const requestsBySource = new Map<string, MermaidRequest[]>();
    for (const request of requests) {
      const list = requestsBySource.get(request.source);
      if (list) list.push(request);
      else requestsBySource.set(request.source, [request]);
    }
    const sources = [...requestsBySource.keys()];
    const progress: RenderProgress = { rendered: 0, cached: 0, total: sources.length };

    const lookups = await Promise.all(
      sources.map(async (source) => {
        const key = diagramCacheKey({ source, mermaidVersion: version, config, variants });
        const entry = await cache.get(key, source);
        if (!entry) startSession();
        return { source, key, entry };
      }),
    );
    const misses: PendingDiagram[] = [];
    for (const { source, key, entry } of lookups) {
      if (!entry) {
        misses.push({ key, source, svgs: {}, settled: false });
        continue;
      }
      progress.cached += 1;
      stats.cached += 1;
      if (entry.status === "failed") stats.failed += 1;
      results.set(
        source,
        entry.status === "rendered"
          ? { status: "rendered", key, source, svg: entry.svg, fromCache: true }
          : {
              status: "failed",
              key,
              source,
              message: entry.message,
              kind: "mermaid",
              fromCache: true,
            },
      );
    }
    options.onProgress?.({ ...progress });

    if (misses.length > 0) {
      // Each write reports its own failure at once: one that fails while other
      // diagrams render must not be an unhandled rejection.
      const writes: Promise<void>[] = [];
      const store = (key: string, source: string, entry: CachedDiagram) => {
        writes.push(
          cache.set(key, source, entry).catch((error: unknown) => {
            sayOnce(
              "cache-write",
              `Could not write the mermaid cache in ${cache.dir}: ${errorText(error)}; diagrams are rendered but not cached (check that the folder is writable, or set \`mermaid.cacheDir\`)`,
            );
          }),
        );
      };
      const settleDiagram = (diagram: PendingDiagram, outcome: DiagramOutcome) => {
        const { key, source } = diagram;
        diagram.settled = true;
        if ("svg" in outcome) {
          const { svg } = outcome;
          stats.rendered += 1;
          results.set(source, { status: "rendered", key, source, svg, fromCache: false });
          store(key, source, { status: "rendered", svg });
        } else {
          stats.failed += 1;
          const { error: message, kind } = outcome;
          results.set(source, { status: "failed", key, source, message, kind, fromCache: false });
          // mermaid's verdict on a source is as stable as its SVG; the rest are not its verdict.
          if (kind === "mermaid") store(key, source, { status: "failed", message });
        }
        progress.rendered += 1;
        options.onProgress?.({ ...progress });
      };
      // A diagram is done when every variant has rendered, or at its first error.
      const finish = (task: RenderTask, outcome: PageRenderResult | Failure) => {
        const { diagram } = task;
        if (diagram.settled) return;
        if ("error" in outcome) {
          settleDiagram(diagram, outcome);
          return;
        }
        diagram.svgs[task.variant] = outcome.svg;
        const { light, dark } = diagram.svgs;
        if (light !== undefined && dark !== undefined)
          settleDiagram(diagram, { svg: { light, dark } });
      };

      const queues = Object.fromEntries(
        colourVariants.map((variant) => [
          variant,
          misses.map((diagram): RenderTask => ({ diagram, variant, pageFailures: 0 })),
        ]),
      ) as Record<ColourVariant, RenderTask[]>;
      try {
        await renderMisses(queues, finish, (reason) => {
          for (const diagram of misses) {
            if (!diagram.settled) settleDiagram(diagram, { error: reason, kind: "browser-crash" });
          }
        });
      } finally {
        await Promise.all(writes);
      }
    }
    await leftovers;

    const errors: DiagramError[] = [];
    for (const source of sources) {
      const result = results.get(source);
      if (result?.status === "failed") {
        errors.push({
          key: result.key,
          source,
          message: result.message,
          kind: result.kind,
          requests: requestsBySource.get(source) ?? [],
        });
      }
    }
    stats.ms += performance.now() - started;
    return { results, errors, warnings: pendingWarnings.splice(0) };
  }

  /**
   * Drain the queues in a browser, starting one if needed. A browser that dies
   * is relaunched once; if it dies again, `giveUp` settles what is left. No
   * browser at all is an error with `requireBrowser`, else a warning, and the
   * diagrams are left to the reader's browser.
   */
  async function renderMisses(
    queues: Record<ColourVariant, RenderTask[]>,
    finish: (task: RenderTask, outcome: PageRenderResult | Failure) => void,
    giveUp: (reason: string) => void,
  ): Promise<void> {
    for (let crashes = 0; ; ) {
      let current: Session;
      try {
        current = await startSession();
      } catch (error) {
        session = undefined;
        if (signal?.aborted) throw signal.reason;
        const reason =
          error instanceof BrowserNotFoundError
            ? error.message
            : `Expected to start the browser to render mermaid diagrams, but it failed: ${errorText(error)}`;
        if (options.requireBrowser) throw new BrowserUnavailableError(reason, { cause: error });
        sayOnce(
          "browser-missing",
          `${reason}; diagrams will be rendered in the reader's browser instead`,
        );
        return;
      }
      try {
        await drain(current, queues, finish);
        return;
      } catch (error) {
        if (!(error instanceof BrowserCrashed)) throw error;
        await endSession(true);
        crashes += 1;
        if (crashes > 1) {
          giveUp(
            `The browser crashed twice while rendering; this is not the diagram's fault: ${exitReason(error.launched)}; rerun the build`,
          );
          return;
        }
      }
    }
  }

  async function warmUp(): Promise<void> {
    let current: Session;
    try {
      current = await startSession();
    } catch {
      session = undefined;
      return;
    }
    await Promise.all(
      Array.from({ length: pageCount }, (_, index) =>
        pageOf(current, index).catch(() => undefined),
      ),
    );
  }

  return {
    renderAll,
    warmUp,
    close,
    stats,
  };
}
