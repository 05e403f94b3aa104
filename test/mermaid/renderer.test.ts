// The renderer's results and its behaviour when things go wrong, in real Chromium:
// mermaid's pictures that are not diagrams, a browser that crashes, an abort,
// a cache that cannot be written, a browser variable that names nothing, and
// the site's mermaid settings.
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Root } from "hast";
import type { Position } from "unist";
import { VFile } from "vfile";
import { afterAll, describe, expect, it } from "vitest";
import { diagramCacheKey } from "../../src/mermaid/cache.js";
import {
  collectMermaid,
  createMermaidRenderer,
  inlineMermaidBlocks,
} from "../../src/mermaid/index.js";
import {
  defaultMermaidConfig,
  defaultVariantConfigs,
  mermaidVersion,
} from "../../src/mermaid/mermaid-package.js";
import type { MermaidRendererOptions, RenderReport } from "../../src/mermaid/renderer.js";
import { temporaryFolder } from "../helpers.js";
import { browsersWithProfile, foldersOwnedBy } from "./leftovers.js";

const cleanups: (() => Promise<void>)[] = [];
async function temporaryDir(): Promise<string> {
  const { dir, cleanup } = await temporaryFolder("designpress-renderer-test-");
  cleanups.push(cleanup);
  return dir;
}
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

async function renderOnce(
  sources: readonly string[],
  options: MermaidRendererOptions,
): Promise<{ report: RenderReport; stats: { rendered: number; cached: number; failed: number } }> {
  const renderer = createMermaidRenderer({ requireBrowser: true, ...options });
  try {
    const report = await renderer.renderAll(sources.map((source) => ({ source })));
    const { rendered, cached, failed } = renderer.stats;
    return { report, stats: { rendered, cached, failed } };
  } finally {
    await renderer.close();
  }
}

/** `count` small distinct flowcharts. */
const flowcharts = (count: number, tag = "") =>
  Array.from({ length: count }, (_, index) => `flowchart LR\n  A${tag}${index} --> B${index}`);

/** A page (hast) holding one mermaid fence, as remark-rehype writes it. */
function pageWith(source: string, position?: Position): Root {
  return {
    type: "root",
    children: [
      {
        type: "element",
        tagName: "pre",
        properties: {},
        position,
        children: [
          {
            type: "element",
            tagName: "code",
            properties: { className: ["language-mermaid"] },
            children: [{ type: "text", value: `${source}\n` }],
          },
        ],
      },
    ],
  };
}

/**
 * The browser this process started (its child, on one of its profiles), found
 * synchronously in /proc, so that a progress callback can kill it at once.
 */
function ourBrowserNow(): number | undefined {
  const flag = `--user-data-dir=${ourProfiles()}`;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent !== process.pid) continue;
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (commandLine.some((arg) => arg.startsWith(flag))) return Number(entry);
    } catch {
      // Gone while we looked.
    }
  }
  return undefined;
}

const ourProfiles = () => path.join(tmpdir(), `designpress-chromium-${process.pid}-`);

describe("pictures mermaid draws instead of a diagram", () => {
  // One label of 60,000 characters: over mermaid's maxTextSize (50,000).
  const tooLarge = `flowchart LR\n  A["${"x".repeat(60_000)}"]`;

  it("are errors, not renders, and are never cached", async () => {
    const cacheDir = await temporaryDir();
    const sources = [tooLarge, "error", 'pie\n  "a": 1'];
    for (const run of [1, 2]) {
      const { report, stats } = await renderOnce(sources, { cacheDir });
      expect(report.results.get(tooLarge), `run ${run}`).toEqual({
        status: "failed",
        key: expect.any(String),
        source: tooLarge,
        kind: "too-large",
        message: `Expected a diagram of at most 50000 characters (mermaid's maxTextSize), found ${tooLarge.length}; split it into smaller diagrams`,
        fromCache: false,
      });
      expect(report.results.get("error")).toMatchObject({
        status: "failed",
        kind: "error-picture",
        fromCache: false,
      });
      const picture = report.results.get("error");
      expect(picture?.status === "failed" && picture.message).toMatch(
        /^Expected a diagram, found mermaid's error picture \(“Syntax error in text”\) drawn instead; /,
      );
      // Only the pie is cached.
      expect(stats).toEqual(
        run === 1 ? { rendered: 1, cached: 0, failed: 2 } : { rendered: 0, cached: 1, failed: 2 },
      );
    }
  });

  it("fail the page with the message as it is, under mermaid/render", async () => {
    const cacheDir = await temporaryDir();
    const { report } = await renderOnce([tooLarge], { cacheDir });
    const file = new VFile({ path: "big.md" });
    const tree = pageWith(tooLarge, { start: { line: 3, column: 1 }, end: { line: 5, column: 4 } });
    inlineMermaidBlocks(collectMermaid(tree), file, report.results);
    expect(file.messages.map((message) => [message.line, message.ruleId, message.fatal])).toEqual([
      [3, "mermaid/render", true],
    ]);
    expect(file.messages[0]?.reason).toMatch(/^Expected a diagram of at most 50000 characters/);
  });

  it("while mermaid's own syntax error is cached, as before", async () => {
    const cacheDir = await temporaryDir();
    const broken = "flowchart TD\n  A --> B\n  B -- C";
    await renderOnce([broken], { cacheDir });
    const { report, stats } = await renderOnce([broken], { cacheDir });
    expect(report.results.get(broken)).toMatchObject({ kind: "mermaid", fromCache: true });
    expect(stats).toMatchObject({ rendered: 0, cached: 1 });
  });
});

describe("a browser that crashes twice", () => {
  it("is reported as the browser's fault, not the diagrams', and nothing is cached", async () => {
    const cacheDir = await temporaryDir();
    const sources = flowcharts(40, "crash");
    const killed: number[] = [];
    // Kill the browser at its first finished diagram, then the relaunched one at
    // its first: synchronously, in the progress callback, while 38 remain.
    let renderedAtKill = -1;
    const { report, stats } = await renderOnce(sources, {
      cacheDir,
      pages: 1,
      onProgress: ({ rendered }) => {
        if (rendered === 0 || rendered === renderedAtKill || killed.length === 2) return;
        renderedAtKill = rendered;
        const browser = ourBrowserNow();
        if (browser === undefined) return;
        process.kill(browser, "SIGKILL");
        killed.push(browser);
      },
    });
    expect(killed).toHaveLength(2);
    const crashed = report.errors.filter((error) => error.kind === "browser-crash");
    expect(crashed.length).toBeGreaterThan(0);
    expect(report.errors).toEqual(crashed);
    for (const error of crashed) {
      expect(error.message).toMatch(
        /^The browser crashed twice while rendering; this is not the diagram's fault: the browser process was killed by SIGKILL; rerun the build$/,
      );
    }
    expect(stats.rendered + crashed.length).toBe(sources.length);
    // A rerun renders them: a crash is never cached.
    const rerun = await renderOnce(sources, { cacheDir });
    expect(rerun.report.errors).toEqual([]);
    expect(rerun.stats).toMatchObject({ rendered: crashed.length, cached: stats.rendered });
  });

  it("fails the page under its own rule, with the browser named, not the syntax", () => {
    const file = new VFile({ path: "a.md" });
    const source = "flowchart LR\n  A --> B";
    const tree = pageWith(source);
    const message =
      "The browser crashed twice while rendering; this is not the diagram's fault: the browser process was killed by SIGKILL; rerun the build";
    inlineMermaidBlocks(
      collectMermaid(tree),
      file,
      new Map([
        [
          source,
          { status: "failed", key: "k", source, message, kind: "browser-crash", fromCache: false },
        ],
      ]),
    );
    expect(file.messages.map((entry) => [entry.reason, entry.ruleId, entry.fatal])).toEqual([
      [message, "mermaid/browser-crash", true],
    ]);
  });
});

describe("an abort while rendering", () => {
  it("stops at once, closes the browser without relaunching it, and leaves no folder", async () => {
    const cacheDir = await temporaryDir();
    const controller = new AbortController();
    const reason = new Error("stopped by SIGTERM");
    const renderer = createMermaidRenderer({
      cacheDir,
      requireBrowser: true,
      signal: controller.signal,
      onProgress: ({ rendered }) => {
        if (rendered === 1) controller.abort(reason);
      },
    });
    const rendering = renderer.renderAll(flowcharts(40, "abort").map((source) => ({ source })));
    await expect(rendering).rejects.toBe(reason);
    // Rejected before the browser could finish the rest, and nothing was relaunched.
    expect(renderer.stats.rendered).toBeLessThan(40);
    expect(renderer.stats.browserLaunched).toBe(true);
    await renderer.close();
    expect(await browsersWithProfile(ourProfiles())).toEqual([]);
    expect(await foldersOwnedBy(process.pid)).toEqual([]);
    await expect(renderer.renderAll([{ source: 'pie\n  "a": 1' }])).rejects.toBe(reason);
  });
});

describe("a cache that cannot be written", () => {
  const sources = flowcharts(4, "unwritable");
  const warning = (dir: string) =>
    new RegExp(
      `^Could not write the mermaid cache in ${dir.replaceAll("/", "\\/")}: .+; diagrams are rendered but not cached`,
    );

  it("whose entries are folders: one warning, every diagram rendered, nothing left", async () => {
    const cacheDir = await temporaryDir();
    const config = { ...defaultMermaidConfig };
    for (const source of sources) {
      const key = diagramCacheKey({
        source,
        mermaidVersion: mermaidVersion(),
        config,
        variants: defaultVariantConfigs,
      });
      await mkdir(path.join(cacheDir, key.slice(0, 2), `${key}.json`), { recursive: true });
    }
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const { report, stats } = await renderOnce(sources, { cacheDir });
      expect(stats).toMatchObject({ rendered: 4, failed: 0 });
      expect(report.warnings).toHaveLength(1);
      expect(report.warnings[0]).toMatch(warning(cacheDir));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
    const buckets = await readdir(cacheDir, { recursive: true });
    expect(buckets.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(await foldersOwnedBy(process.pid)).toEqual([]);
  });

  it("that is a file: one warning, every diagram rendered", async () => {
    const cacheDir = path.join(await temporaryDir(), "cache");
    await writeFile(cacheDir, "not a folder");
    const { report, stats } = await renderOnce(sources, { cacheDir });
    expect(stats).toMatchObject({ rendered: 4, failed: 0 });
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(warning(cacheDir));
    expect(await foldersOwnedBy(process.pid)).toEqual([]);
  });
});

describe("a browser variable that names no executable", () => {
  it("is said once, with the browser used instead", async () => {
    const renderer = createMermaidRenderer({
      cacheDir: await temporaryDir(),
      requireBrowser: true,
      env: { PUPPETEER_EXECUTABLE_PATH: "/x" },
    });
    try {
      const first = await renderer.renderAll([{ source: 'pie\n  "a": 1' }]);
      expect(first.warnings).toEqual([
        "`PUPPETEER_EXECUTABLE_PATH=/x` is not an executable; using /usr/bin/chromium instead",
      ]);
      const second = await renderer.renderAll([{ source: 'pie\n  "b": 1' }]);
      expect(second.warnings).toEqual([]);
      expect(renderer.stats.rendered).toBe(2);
    } finally {
      await renderer.close();
    }
  });
});

describe("the site's mermaid settings", () => {
  const source = "flowchart LR\n  A --> B";

  it("theme each colour scheme, apply to every diagram, and are part of the cache key", async () => {
    const cacheDir = await temporaryDir();
    const plain = await renderOnce([source], { cacheDir });
    const themed = await renderOnce([source], {
      cacheDir,
      config: { flowchart: { curve: "step" } },
      variants: { light: { theme: "forest" } },
    });
    const svgOf = (report: RenderReport) => {
      const result = report.results.get(source);
      if (result?.status !== "rendered") throw new Error("not rendered");
      return result.svg;
    };
    expect(themed.stats).toMatchObject({ rendered: 1, cached: 0 });
    // forest's node colour, and mermaid's default dark theme still for the dark variant.
    expect(svgOf(themed.report).light).toContain("#cde498");
    expect(svgOf(plain.report).light).not.toContain("#cde498");
    expect(svgOf(themed.report).dark).not.toContain("#cde498");
    // The step curve draws the edge with right angles only.
    expect(svgOf(themed.report).light).not.toBe(svgOf(plain.report).light);
    await rm(cacheDir, { recursive: true, force: true });
  });
});
