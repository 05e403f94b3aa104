// Lighthouse 12 on the demo site's index and one writeup, desktop and mobile,
// in the system Chromium (launched as the build launches it). Targets:
// accessibility, best practices and SEO 100; performance at least 95 on mobile.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import puppeteer from "puppeteer-core";
import { browserFlags, findBrowser } from "../lib/mermaid/browser.js";
import { serveDemo } from "./site.js";
import { printTable } from "./util.js";

const categories = ["performance", "accessibility", "best-practices", "seo"] as const;

export async function benchLighthouse(): Promise<void> {
  console.log("\nlighthouse: the demo's index and a writeup, desktop and mobile");
  const found = findBrowser();
  if ("error" in found) throw found.error;
  const site = await serveDemo();
  // Lighthouse drives the browser through its debugging port, which the build's
  // pipe-driven launch does not open.
  const profile = await mkdtemp(path.join(tmpdir(), "designpress-lighthouse-"));
  const browser = await puppeteer.launch({
    executablePath: found.executablePath,
    headless: true,
    userDataDir: profile,
    args: [...browserFlags],
  });
  try {
    const port = Number(new URL(browser.wsEndpoint()).port);
    const rows: string[][] = [["page", "form", ...categories]];
    for (const [name, pathname] of [
      ["index", "/"],
      ["writeup", site.writeup],
    ] as const) {
      for (const form of ["desktop", "mobile"] as const) {
        const result = await lighthouse(
          `${site.origin}${pathname}`,
          { port, logLevel: "error", output: "json", onlyCategories: [...categories] },
          form === "desktop" ? desktopConfig : undefined,
        );
        const scores = result?.lhr.categories ?? {};
        rows.push([
          name,
          form,
          ...categories.map((category) => String(Math.round((scores[category]?.score ?? 0) * 100))),
        ]);
      }
    }
    printTable(rows);
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
    await site.close();
  }
}
