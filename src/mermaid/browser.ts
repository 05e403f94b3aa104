import type { ChildProcess } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import type { Browser } from "puppeteer-core";
import { makeOwnedTemporaryDir, removeOwnedTemporaryDir } from "./leftovers.js";

/** Environment variables read, in order, before the usual install paths. */
export const browserEnvironmentVariables = ["PUPPETEER_EXECUTABLE_PATH", "CHROME_PATH"] as const;

/** Where Chromium or Chrome usually lives on Linux and macOS, tried in order. */
export const systemBrowserPaths: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/**
 * The flags Chromium needs on this kind of machine: no sandbox (containers
 * lack the namespaces), no GPU, and none of the background traffic a fresh
 * profile would start.
 */
export const requiredBrowserFlags: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * What designpress launches with: the required flags, and no address-bar popup.
 * Headless Chromium builds that popup (a WebUI page in a renderer of its own)
 * at start-up, about 0.5 s of CPU that competes with loading mermaid, and
 * nothing here ever shows it.
 */
export const browserFlags: readonly string[] = [
  ...requiredBrowserFlags,
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
];

/** Thrown (or reported) when no browser executable can be found. */
export class BrowserNotFoundError extends Error {
  override name = "BrowserNotFoundError";
  readonly tried: readonly string[];
  constructor(tried: readonly string[]) {
    super(
      `Expected a Chromium or Chrome executable to render mermaid diagrams, found none (tried ${tried.join(", ")}); install one (Debian or Ubuntu: \`sudo apt-get install chromium\`; macOS: \`brew install --cask chromium\`, or Google Chrome), or set PUPPETEER_EXECUTABLE_PATH to its path`,
    );
    this.tried = tried;
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export type FoundBrowser =
  | {
      executablePath: string;
      /** Set when an environment variable named something that is not an executable: say so once. */
      warning?: string;
    }
  | { error: BrowserNotFoundError };

/**
 * The browser to drive: the first of `PUPPETEER_EXECUTABLE_PATH`, `CHROME_PATH`
 * and the usual system paths that is an executable file. A variable that is
 * set but names no executable is passed over with a warning, not silently.
 */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = systemBrowserPaths,
): FoundBrowser {
  const tried: string[] = [];
  const skipped: string[] = [];
  const found = (executablePath: string): FoundBrowser =>
    skipped.length === 0
      ? { executablePath }
      : {
          executablePath,
          warning: `${skipped.join(" and ")} ${skipped.length === 1 ? "is" : "are"} not an executable; using ${executablePath} instead`,
        };
  for (const name of browserEnvironmentVariables) {
    const value = env[name];
    if (!value) continue;
    if (isExecutable(value)) return found(value);
    tried.push(`${name}=${value}`);
    skipped.push(`\`${name}=${value}\``);
  }
  for (const candidate of candidates) {
    if (isExecutable(candidate)) return found(candidate);
    tried.push(candidate);
  }
  return { error: new BrowserNotFoundError(tried) };
}

export interface LaunchedBrowser {
  browser: Browser;
  /** The browser's temporary profile folder, removed at close. */
  profile: string;
  /** Close the browser (kill it if it does not answer) and remove its profile. */
  close(): Promise<void>;
}

/** How long a browser may take to close when asked before it is killed. */
const closeTimeoutMs = 5000;

async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kill a browser still running, with its helper processes (it leads a process group of its own). */
function killProcessGroup(child: ChildProcess | null): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/**
 * Launch headless with {@link browserFlags} and a fresh profile, owned by this
 * process (see `leftovers.ts`) and removed at close. The browser is driven
 * through a pipe, not a socket: when this process dies, even by `kill -9`, the
 * pipe closes and the browser exits with it. Puppeteer's own signal handlers
 * are off: a signal is the caller's to handle (it aborts the renderer), and
 * puppeteer's would close the browser under a build that then goes on.
 */
export async function launchBrowser(
  executablePath: string,
  signal?: AbortSignal,
): Promise<LaunchedBrowser> {
  // Loaded here so that a build whose diagrams are all cached never loads puppeteer.
  const { default: puppeteer } = await import("puppeteer-core");
  const profile = await makeOwnedTemporaryDir("chromium");
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      pipe: true,
      userDataDir: profile,
      args: [...browserFlags],
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      signal,
    });
  } catch (error) {
    await removeOwnedTemporaryDir(profile);
    throw error;
  }
  return {
    browser,
    profile,
    async close() {
      try {
        if (browser.connected) await settleWithin(browser.close(), closeTimeoutMs);
      } catch {
        // Not answering: killed below.
      } finally {
        killProcessGroup(browser.process());
        await removeOwnedTemporaryDir(profile);
      }
    },
  };
}
