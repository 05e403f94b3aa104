// A poisoned diagram cache (as restored from a shared Actions cache) through a
// real build into real Chromium: each entry holds one attack from
// fixtures/poisoned/. No script runs when the page loads, when its animations
// run, or when any element of a diagram is clicked, hovered or focused.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { toHtml } from "hast-util-to-html";
import type { Browser } from "puppeteer-core";
import { reporter } from "vfile-reporter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { sourceHash } from "../../src/mermaid/cache.js";
import { parseSvg } from "../../src/mermaid/index.js";
import { temporaryFolder } from "../helpers.js";
import { launchChromium } from "../site/chromium.js";
import { poisonedSvgs } from "./poisoned.js";

let root: string;
let cleanup: () => Promise<void>;
let chromium: { browser: Browser; close: () => Promise<void> };

const sourceOf = (index: number) => `flowchart LR\n  P${index} --> Q${index}`;

beforeAll(async () => {
  ({ dir: root, cleanup } = await temporaryFolder("designpress-poisoned-cache-"));
  await mkdir(path.join(root, "content"));
  const fences = poisonedSvgs.map(
    ([name], index) => `## ${name}\n\n\`\`\`mermaid\n${sourceOf(index)}\n\`\`\``,
  );
  await writeFile(
    path.join(root, "content", "poisoned.md"),
    `# Poisoned\n\n${fences.join("\n\n")}\n`,
  );
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await cleanup?.();
});

/**
 * The scripts a page runs (each payload calls `alert`) and the requests it
 * makes beyond its own files, after poking at every diagram element. `alert`
 * is replaced by a recorder, so that a payload that alerts in a loop (focus,
 * alert, focus…) cannot hold the page up; a frame the recorder does not reach
 * still opens a dialog, which is recorded too.
 */
async function attacksOn(url: string): Promise<{ scripts: string[]; requests: string[] }> {
  const page = await chromium.browser.newPage();
  const scripts: string[] = [];
  const requests: string[] = [];
  page.on("dialog", (dialog) => {
    scripts.push(dialog.message());
    dialog.dismiss().catch(() => undefined);
  });
  await page.evaluateOnNewDocument(() => {
    const recorder = window as unknown as { __ran?: string[] };
    window.alert = (message?: unknown) => {
      recorder.__ran ??= [];
      recorder.__ran.push(String(message));
    };
  });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const target = request.url();
    if (target === url || (target.startsWith("file:") && !request.isNavigationRequest())) {
      void request.continue();
    } else {
      requests.push(target);
      // A navigation answered 204 No Content leaves the page where it is.
      if (request.isNavigationRequest()) void request.respond({ status: 204 });
      else void request.abort();
    }
  });
  try {
    await page.goto(url, { waitUntil: "load" });
    // Let SMIL animations (`begin="0s"`) and refreshes run before clicking.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await page.evaluate(async () => {
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      for (const element of Array.from(document.querySelectorAll("figure.diagram *"))) {
        for (const type of ["mouseover", "mousedown", "mouseup", "click", "focus", "focusin"]) {
          element.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true }));
        }
        if (element instanceof HTMLElement || element instanceof SVGElement) element.focus();
        // A click that navigates (a link, a form) is let through before the next
        // click, which would cancel it.
        if (element.closest("a, form, button")) await pause(100);
      }
      await pause(500);
    });
    // Still the same page (an in-page #fragment link may have been followed).
    expect(page.url().replace(/#.*$/, "")).toBe(url);
    scripts.push(
      ...(await page.evaluate(() => (window as unknown as { __ran?: string[] }).__ran ?? [])),
    );
  } finally {
    await page.close();
  }
  return { scripts, requests };
}

describe("a poisoned cache", () => {
  let html: string;
  let pageUrl: string;

  beforeAll(async () => {
    const first = await build({ root, requireBrowser: true });
    expect(first.ok, reporter(first.files)).toBe(true);
    // Replace each entry's drawings with an attack, keeping what makes it match
    // (format, key, source hash): what a crafted entry in a shared cache would be.
    const cacheDir = path.join(root, ".designpress-cache/mermaid");
    const entries = await entriesBySource(cacheDir);
    for (const [index, [, svg]] of poisonedSvgs.entries()) {
      const file = entries.get(sourceOf(index));
      if (!file) throw new Error(`no cache entry for diagram ${index}`);
      const entry = JSON.parse(await readFile(file, "utf8"));
      entry.svg = { light: svg, dark: svg };
      await writeFile(file, JSON.stringify(entry));
    }
    // Without the build cache, which would take the site as the first build left it.
    const second = await build({ root, requireBrowser: true, cacheDir: false });
    expect(second.ok, reporter(second.files)).toBe(true);
    expect(second.diagrams).toMatchObject({ rendered: 0, cached: poisonedSvgs.length });
    const pagePath = path.join(root, "dist", "poisoned", "index.html");
    html = await readFile(pagePath, "utf8");
    pageUrl = pathToFileURL(pagePath).href;
  });

  it("is inlined (so the test exercises the sanitizer), with every figure", () => {
    expect(html.match(/<figure class="diagram">/g)).toHaveLength(poisonedSvgs.length);
    expect(html).toContain('<span class="nodeLabel"><p>label</p></span>');
  });

  it("runs no script in Chromium on load, animation or any click, and loads nothing from elsewhere", async () => {
    const { scripts, requests } = await attacksOn(pageUrl);
    expect(scripts).toEqual([]);
    expect(requests.filter((request) => request.includes("evil.example"))).toEqual([]);
  });

  it("would have run script without the sanitizer (the check can fail)", async () => {
    // Each attack alone, parsed and written back as the page would be, unsanitized.
    const active: string[] = [];
    for (const [name, svg] of poisonedSvgs) {
      const raw = path.join(root, `raw-${name}.html`);
      await writeFile(
        raw,
        `<!doctype html><html><body><figure class="diagram">${toHtml(parseSvg(svg))}</figure></body></html>`,
      );
      const { scripts, requests } = await attacksOn(pathToFileURL(raw).href);
      if (scripts.length > 0 || requests.some((request) => request.includes("evil.example")))
        active.push(name);
    }
    expect(active).toEqual(
      poisonedSvgs.map(([name]) => name).filter((name) => name !== "data-images.svg"),
    );
  });
});

/** The cache's entry files by the diagram source they hold (each entry carries its source's hash). */
async function entriesBySource(cacheDir: string): Promise<Map<string, string>> {
  const bySourceHash = new Map<string, string>();
  for (const bucket of await readdir(cacheDir)) {
    for (const name of await readdir(path.join(cacheDir, bucket))) {
      const file = path.join(cacheDir, bucket, name);
      const entry = JSON.parse(await readFile(file, "utf8")) as { source: string };
      bySourceHash.set(entry.source, file);
    }
  }
  const result = new Map<string, string>();
  for (const index of poisonedSvgs.keys()) {
    const file = bySourceHash.get(sourceHash(sourceOf(index)));
    if (file) result.set(sourceOf(index), file);
  }
  return result;
}
