// `npm run screenshots`: the README's pictures of the demo, made in the system Chromium.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findBrowser, launchBrowser } from "../lib/mermaid/browser.js";
import { serveDemo } from "./site.js";

const docs = fileURLToPath(new URL("../docs/", import.meta.url));
const found = findBrowser();
if ("error" in found) throw found.error;
const site = await serveDemo();
const chromium = await launchBrowser(found.executablePath);
try {
  const page = await chromium.browser.newPage();
  const shots = [
    ["screenshot.png", "/", 1280, 900, "light"],
    ["screenshot-writeup.png", site.writeup, 1280, 900, "light"],
    ["screenshot-writeup-dark.png", site.writeup, 1280, 900, "dark"],
    ["screenshot-phone.png", site.writeup, 390, 844, "light"],
  ] as const;
  for (const [file, pathname, width, height, scheme] of shots) {
    await page.setViewport({ width, height, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    await page.goto(`${site.origin}${pathname}`, { waitUntil: "load" });
    // The writeup's diagram in view on a desktop: step 5.
    if (pathname !== "/" && width > 1000) {
      await page.evaluate(() => document.querySelector("figure.diagram")?.scrollIntoView());
      await page.evaluate(() => window.scrollBy(0, -120));
    }
    await page.screenshot({ path: path.join(docs, file) as `${string}.png` });
  }
} finally {
  await chromium.close();
  await site.close();
}
