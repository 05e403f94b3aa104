import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "puppeteer";

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
      `Expected a Chromium or Chrome executable to render mermaid diagrams, found none (tried ${tried.join(", ")}); install Chromium or set PUPPETEER_EXECUTABLE_PATH or CHROME_PATH to its path`,
    );
    this.tried = tried;
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to drive: the first of `PUPPETEER_EXECUTABLE_PATH`, `CHROME_PATH`
 * and the usual system paths that is an executable file.
 */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = systemBrowserPaths,
): { executablePath: string } | { error: BrowserNotFoundError } {
  const tried: string[] = [];
  for (const name of browserEnvironmentVariables) {
    const value = env[name];
    if (!value) continue;
    if (isExecutable(value)) return { executablePath: value };
    tried.push(`${name}=${value}`);
  }
  for (const candidate of candidates) {
    if (isExecutable(candidate)) return { executablePath: candidate };
    tried.push(candidate);
  }
  return { error: new BrowserNotFoundError(tried) };
}

export interface LaunchedBrowser {
  browser: Browser;
  /** Close the browser and remove its temporary profile. */
  close(): Promise<void>;
}

/** Launch headless with {@link browserFlags} and a fresh profile removed at close. */
export async function launchBrowser(executablePath: string): Promise<LaunchedBrowser> {
  // Loaded here so that a build whose diagrams are all cached never loads puppeteer.
  const { default: puppeteer } = await import("puppeteer");
  const userDataDir = await mkdtemp(path.join(tmpdir(), "designpress-chromium-"));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir,
      args: [...browserFlags],
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    async close() {
      try {
        if (browser.connected) await browser.close();
        else browser.process()?.kill("SIGKILL");
      } finally {
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}
