import path from "node:path";
import type { Page } from "puppeteer";
import {
  BrowserNotFoundError,
  findBrowser,
  type LaunchedBrowser,
  launchBrowser,
} from "./browser.js";
import { readMermaidBundle } from "./bundle.js";
import { createDiagramCache, defaultCacheDir, diagramCacheKey } from "./cache.js";
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
  openRenderPage,
  type PageRenderResult,
  type RenderPage,
  type RenderPageFiles,
  removeRenderPageFiles,
  writeRenderPageFiles,
} from "./page.js";

/** One ```mermaid block of one page. */
export interface MermaidRequest {
  source: string;
  /** The page it comes from, for the caller's messages. */
  file?: string;
  /** Line of the opening fence. */
  line?: number;
}

/** What one distinct diagram source became. */
export type DiagramResult =
  | {
      status: "rendered";
      key: string;
      source: string;
      /** mermaid's SVG per colour variant, as mermaid wrote it (ids not yet made unique). */
      svg: Record<ColourVariant, string>;
      fromCache: boolean;
    }
  | {
      status: "failed";
      key: string;
      source: string;
      /** mermaid's own message, or why rendering stopped (timeout, crashed browser). */
      message: string;
      fromCache: boolean;
    };

/** A diagram that did not render, with every request (file, line) that asked for it. */
export interface DiagramError {
  key: string;
  source: string;
  message: string;
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
  /** Things the build should print once: a missing browser, an unwritable cache. */
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
  /** mermaid config for every diagram, merged over {@link defaultMermaidConfig}. */
  config?: MermaidConfig;
  /** Config of each colour variant. Default `{light: {theme: "default"}, dark: {theme: "dark"}}`. */
  variants?: Partial<Record<ColourVariant, MermaidConfig>>;
  /** Browser executable; default: found by {@link findBrowser}. */
  executablePath?: string;
  /** Environment to look for the browser in. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Make a missing browser an error instead of a fallback to client-side rendering. */
  requireBrowser?: boolean;
  /** Longest time one rendering of a diagram (one colour variant) may take, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Browser pages rendering at once. Default 2. */
  pages?: number;
  onProgress?: (progress: RenderProgress) => void;
}

export interface MermaidRenderer {
  renderAll(requests: readonly MermaidRequest[]): Promise<RenderReport>;
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

type DiagramOutcome = { svg: Record<ColourVariant, string> } | { error: string };

/** Why the browser could not be used; thrown by `renderAll` only with `requireBrowser`. */
export class BrowserUnavailableError extends Error {
  override name = "BrowserUnavailableError";
}

const timedOut = Symbol("timed out");

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof timedOut> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof timedOut>((resolve) => {
    timer = setTimeout(() => resolve(timedOut), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

class BrowserCrashed extends Error {}

/**
 * Renders every diagram of a site in one browser. Cached diagrams never start
 * the browser; the first miss starts it while the rest of the cache is read,
 * and a small pool of pages, each with mermaid loaded once, renders the misses.
 */
export function createMermaidRenderer(options: MermaidRendererOptions = {}): MermaidRenderer {
  const root = options.root ?? process.cwd();
  const cache = createDiagramCache(path.resolve(root, options.cacheDir ?? defaultCacheDir));
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
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pageCount = Math.max(1, options.pages ?? 2);
  const version = mermaidVersion();

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
  let browserMissingReported = false;

  function startSession(): Promise<Session> {
    session ??= (async () => {
      let executablePath = options.executablePath;
      if (!executablePath) {
        const found = findBrowser(options.env ?? process.env);
        if ("error" in found) throw found.error;
        executablePath = found.executablePath;
      }
      pageFiles ??= readMermaidBundle().then(writeRenderPageFiles);
      pageFiles.catch(() => undefined);
      const launched = await launchBrowser(executablePath);
      let files: RenderPageFiles;
      try {
        files = await pageFiles;
      } catch (error) {
        pageFiles = undefined;
        await launched.close();
        throw error;
      }
      stats.browserLaunched = true;
      const [blankTab] = await launched.browser.pages();
      const started: Session = { launched, files, pages: [], blankTab };
      // The first page starts loading mermaid (the slowest step) at once.
      pageOf(started, 0).catch(() => undefined);
      return started;
    })();
    // Callers that only warm up must not see an unhandled rejection.
    session.catch(() => undefined);
    return session;
  }

  function pageOf(current: Session, index: number): Promise<RenderPage> {
    let page = current.pages[index];
    if (!page) {
      page = openRenderPage(current.launched.browser, current.files, current.blankTab);
      current.blankTab = undefined;
      current.pages[index] = page;
    }
    return page;
  }

  async function endSession(): Promise<void> {
    const ending = session;
    session = undefined;
    if (!ending) return;
    const current = await ending.catch(() => undefined);
    await current?.launched.close().catch(() => undefined);
  }

  async function close(): Promise<void> {
    const files = pageFiles;
    pageFiles = undefined;
    await Promise.all([endSession(), files?.then(removeRenderPageFiles).catch(() => undefined)]);
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
   * BrowserCrashed if the browser died. Each page keeps to one colour variant
   * (page 0 light, page 1 dark…), so that mermaid is initialized once per page,
   * and takes the other variant's work when its own queue is empty.
   */
  async function drain(
    current: Session,
    queues: Record<ColourVariant, RenderTask[]>,
    finish: (task: RenderTask, outcome: PageRenderResult, cacheable: boolean) => void,
  ): Promise<void> {
    const browser = current.launched.browser;
    const nextTask = (order: readonly ColourVariant[]): RenderTask | undefined => {
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
        page = await pageOf(current, index);
      } catch (error) {
        if (!browser.connected) throw new BrowserCrashed();
        throw error;
      }
      for (let task = nextTask(order); task; task = nextTask(order)) {
        const { diagram, variant } = task;
        let outcome: PageRenderResult | typeof timedOut;
        try {
          outcome = await withTimeout(
            page.render(diagram.source, renderConfigs[variant]),
            timeoutMs,
          );
        } catch (error) {
          if (!browser.connected) {
            queues[variant].unshift(task);
            throw new BrowserCrashed();
          }
          task.pageFailures += 1;
          if (task.pageFailures > 1) {
            const reason = error instanceof Error ? error.message : String(error);
            finish(
              task,
              { error: `The browser page failed twice on this diagram: ${reason}` },
              false,
            );
          } else {
            queues[variant].unshift(task);
          }
          page = await replacePage(current, index);
          continue;
        }
        if (outcome === timedOut) {
          finish(
            task,
            {
              error: `Rendering took longer than ${timeoutMs} ms and was stopped; simplify the diagram or raise the mermaid timeout`,
            },
            false,
          );
          page = await replacePage(current, index);
          continue;
        }
        finish(task, outcome, true);
      }
    };
    const tasks = colourVariants.reduce((count, variant) => count + queues[variant].length, 0);
    const workers = Math.min(pageCount, tasks);
    const results = await Promise.allSettled(
      Array.from({ length: workers }, (_, index) => worker(index)),
    );
    const crashed = results.some(
      (result) => result.status === "rejected" && result.reason instanceof BrowserCrashed,
    );
    if (crashed) throw new BrowserCrashed();
    const failure = results.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
  }

  async function renderAll(requests: readonly MermaidRequest[]): Promise<RenderReport> {
    const started = performance.now();
    const results = new Map<string, DiagramResult>();
    const warnings: string[] = [];
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
        const entry = await cache.get(key);
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
          : { status: "failed", key, source, message: entry.message, fromCache: true },
      );
    }
    options.onProgress?.({ ...progress });

    if (misses.length > 0) {
      const writes: Promise<void>[] = [];
      const settle = (diagram: PendingDiagram, outcome: DiagramOutcome, cacheable: boolean) => {
        const { key, source } = diagram;
        diagram.settled = true;
        if ("svg" in outcome) {
          const { svg } = outcome;
          stats.rendered += 1;
          results.set(source, { status: "rendered", key, source, svg, fromCache: false });
          writes.push(cache.set(key, { status: "rendered", svg }));
        } else {
          stats.failed += 1;
          results.set(source, {
            status: "failed",
            key,
            source,
            message: outcome.error,
            fromCache: false,
          });
          // mermaid's verdict on a source is as stable as its SVG; a timeout is not.
          if (cacheable) writes.push(cache.set(key, { status: "failed", message: outcome.error }));
        }
        progress.rendered += 1;
        options.onProgress?.({ ...progress });
      };
      // A diagram is done when every variant has rendered, or at its first error.
      const finish = (task: RenderTask, outcome: PageRenderResult, cacheable: boolean) => {
        const { diagram } = task;
        if (diagram.settled) return;
        if ("error" in outcome) {
          settle(diagram, outcome, cacheable);
          return;
        }
        diagram.svgs[task.variant] = outcome.svg;
        const { light, dark } = diagram.svgs;
        if (light !== undefined && dark !== undefined)
          settle(diagram, { svg: { light, dark } }, true);
      };

      const queues = Object.fromEntries(
        colourVariants.map((variant) => [
          variant,
          misses.map((diagram): RenderTask => ({ diagram, variant, pageFailures: 0 })),
        ]),
      ) as Record<ColourVariant, RenderTask[]>;
      let relaunched = false;
      for (;;) {
        let current: Session;
        try {
          current = await startSession();
        } catch (error) {
          session = undefined;
          const reason =
            error instanceof BrowserNotFoundError
              ? error.message
              : `Expected to start the browser to render mermaid diagrams, but it failed: ${error instanceof Error ? error.message : String(error)}`;
          if (options.requireBrowser) throw new BrowserUnavailableError(reason, { cause: error });
          if (!browserMissingReported) {
            warnings.push(`${reason}; diagrams will be rendered in the reader's browser instead`);
            browserMissingReported = true;
          }
          break;
        }
        try {
          await drain(current, queues, finish);
          break;
        } catch (error) {
          if (!(error instanceof BrowserCrashed)) throw error;
          await endSession();
          if (relaunched) {
            for (const diagram of misses) {
              if (diagram.settled) continue;
              settle(
                diagram,
                { error: "The browser crashed twice while rendering; diagram not rendered" },
                false,
              );
            }
            break;
          }
          relaunched = true;
        }
      }
      for (const outcome of await Promise.allSettled(writes)) {
        if (outcome.status === "rejected") {
          const reason =
            outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
          warnings.push(`Could not write the mermaid cache in ${cache.dir}: ${reason}`);
          break;
        }
      }
    }

    const errors: DiagramError[] = [];
    for (const source of sources) {
      const result = results.get(source);
      if (result?.status === "failed") {
        errors.push({
          key: result.key,
          source,
          message: result.message,
          requests: requestsBySource.get(source) ?? [],
        });
      }
    }
    stats.ms += performance.now() - started;
    return { results, errors, warnings };
  }

  return {
    renderAll,
    close,
    stats,
  };
}
