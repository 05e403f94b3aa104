import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import puppeteer, { type Browser } from "puppeteer";

/**
 * The system Chromium (or `PUPPETEER_EXECUTABLE_PATH`) with a fresh profile and
 * nothing that phones home. Throws when there is none: these tests need a real
 * browser and must fail, not skip, without one.
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const executablePath = process.env.PUPPETEER_EXECUTABLE_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at \`${executablePath}\`; install it (\`sudo apt-get install -y chromium\`) or set PUPPETEER_EXECUTABLE_PATH`,
    );
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), "designpress-chromium-"));
  const browser = await puppeteer.launch({
    executablePath,
    userDataDir,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
