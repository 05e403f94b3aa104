import { findBrowser, type LaunchedBrowser, launchBrowser } from "./browser.js";

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
  /** Close the browser, if one is running. Waits for every browser being closed. */
  close(): Promise<void>;
}

export interface BrowserSessionOptions {
  /** Browser executable; default: found by `findBrowser` in `env`. */
  executablePath?: string;
  /** Environment to look for the browser in. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Aborting closes the browser at once, and no other is launched. */
  signal?: AbortSignal;
}

export function createBrowserSession(options: BrowserSessionOptions = {}): BrowserSession {
  const { signal } = options;
  let current: Promise<LaunchedBrowser> | undefined;
  /** `current` once it has launched. */
  let running: LaunchedBrowser | undefined;
  let warning: string | undefined;
  let launches = 0;
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
    async close() {
      signal?.removeEventListener("abort", onAbort);
      const ending = current;
      current = undefined;
      running = undefined;
      const browser = await ending?.catch(() => undefined);
      await Promise.all([browser && closeOne(browser), ...closing.values()]);
    },
  };
  const onAbort = () => void session.close();
  signal?.addEventListener("abort", onAbort, { once: true });
  return session;
}
