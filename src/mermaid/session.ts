import { findBrowser, type LaunchedBrowser, launchBrowser } from "./browser.js";
import { type RenderPage, type RenderPageFiles, removeRenderPageFiles } from "./page.js";

/**
 * Render pages a session keeps from one build to the next (`keepRenderPages`),
 * mermaid loaded in each: loading mermaid into a page takes longer than
 * rendering a diagram, so a dev rebuild that renders one diagram starts none.
 */
export interface WarmRenderPages {
  /** What the pages load (the render page and mermaid's bundle), written once for the session's life. */
  files?: Promise<RenderPageFiles>;
  /** The browser the pages are open in; pages of any other browser are gone. */
  launched?: LaunchedBrowser;
  /** By index, as the renderer opens them (page 0 renders light, page 1 dark…). */
  pages: (Promise<RenderPage> | undefined)[];
  /** How many render pages were opened in this session, for tests and the bench. */
  opened: number;
}

/**
 * One headless browser for a whole build, launched when a stage first needs
 * it (the diagrams, the social cards) and closed by the build at its end; a
 * build that needs none launches none. `designpress dev` keeps one session
 * for its whole life and hands it to every build (`BuildOptions.browser`).
 */
export interface BrowserSession {
  /**
   * The running browser, launched on the first call and shared by the later
   * ones; one that has died since (killed, crashed) is closed and another
   * launched. Rejects with `BrowserNotFoundError`, the launch's failure or the
   * signal's reason; a failed launch is not kept, so a later call tries again.
   */
  browser(): Promise<LaunchedBrowser>;
  /** A browser that died or must stop: close what is left of it; the next call launches another. */
  discard(launched: LaunchedBrowser): Promise<void>;
  /** Set once the browser is found through a variable that names no executable: say it once. */
  readonly warning: string | undefined;
  /** How many browsers this session launched: 0 for a build that needed none, 1 normally, more after a crash. */
  readonly launches: number;
  /**
   * With `keepRenderPages`: the render pages the last build left open, for the
   * next one to render in. Each renderer takes them and leaves them here.
   */
  readonly renderPages: WarmRenderPages | undefined;
  /** Close the browser, if one is running, and the kept render pages. Waits for every browser being closed. */
  close(): Promise<void>;
}

export interface BrowserSessionOptions {
  /** Browser executable; default: found by `findBrowser` in `env`. */
  executablePath?: string;
  /** Environment to look for the browser in. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Aborting closes the browser at once, and no other is launched. */
  signal?: AbortSignal;
  /**
   * Keep the diagrams' render pages open between builds (`designpress dev`)
   * instead of closing them when a build's renderer closes. Default false.
   */
  keepRenderPages?: boolean;
}

export function createBrowserSession(options: BrowserSessionOptions = {}): BrowserSession {
  const { signal } = options;
  let current: Promise<LaunchedBrowser> | undefined;
  /** `current` once it has launched. */
  let running: LaunchedBrowser | undefined;
  let warning: string | undefined;
  let launches = 0;
  const renderPages: WarmRenderPages | undefined = options.keepRenderPages
    ? { pages: [], opened: 0 }
    : undefined;
  /** A browser's pages die with it: the next renderer opens others. */
  const forgetPagesOf = (browser: LaunchedBrowser | undefined) => {
    if (renderPages && (browser === undefined || renderPages.launched === browser)) {
      renderPages.launched = undefined;
      renderPages.pages = [];
    }
  };
  // One close per browser, however many ask (an abort and a crash may both).
  const closing = new Map<LaunchedBrowser, Promise<void>>();

  const closeOne = (browser: LaunchedBrowser): Promise<void> => {
    let closed = closing.get(browser);
    if (!closed) {
      closed = browser.close().catch(() => undefined);
      closing.set(browser, closed);
    }
    return closed;
  };

  async function launch(): Promise<LaunchedBrowser> {
    signal?.throwIfAborted();
    let executablePath = options.executablePath;
    if (!executablePath) {
      const found = findBrowser(options.env ?? process.env);
      if ("error" in found) throw found.error;
      warning ??= found.warning;
      executablePath = found.executablePath;
    }
    const browser = await launchBrowser(executablePath, signal);
    launches += 1;
    return browser;
  }

  const session: BrowserSession = {
    browser() {
      // A browser that died between builds is replaced, not handed out dead.
      if (running && !running.browser.connected) {
        const dead = running;
        running = undefined;
        current = undefined;
        forgetPagesOf(dead);
        void closeOne(dead);
      }
      if (!current) {
        const starting = launch();
        current = starting;
        starting.then(
          (launched) => {
            if (current === starting) running = launched;
          },
          () => {
            if (current === starting) current = undefined;
          },
        );
      }
      return current;
    },
    async discard(browser) {
      forgetPagesOf(browser);
      if (current) {
        const launched = await current.catch(() => undefined);
        if (launched === browser) {
          current = undefined;
          running = undefined;
        }
      }
      await closeOne(browser);
    },
    get warning() {
      return warning;
    },
    get launches() {
      return launches;
    },
    get renderPages() {
      return renderPages;
    },
    async close() {
      signal?.removeEventListener("abort", onAbort);
      const ending = current;
      current = undefined;
      running = undefined;
      // The pages close with their browser; their files are the session's to remove.
      forgetPagesOf(undefined);
      const files = renderPages?.files;
      if (renderPages) renderPages.files = undefined;
      const browser = await ending?.catch(() => undefined);
      await Promise.all([
        browser && closeOne(browser),
        ...closing.values(),
        files?.then(removeRenderPageFiles).catch(() => undefined),
      ]);
    },
  };
  const onAbort = () => void session.close();
  signal?.addEventListener("abort", onAbort, { once: true });
  return session;
}
