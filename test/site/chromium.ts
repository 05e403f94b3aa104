import type { Browser } from "puppeteer";
import { findBrowser, launchBrowser } from "../../src/mermaid/browser.js";

/**
 * The Chromium the build itself would use, with the same flags and a fresh
 * profile. Throws when there is none: these tests need a real browser and must
 * fail, not skip, without one.
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const found = findBrowser();
  if ("error" in found) throw found.error;
  return launchBrowser(found.executablePath);
}
