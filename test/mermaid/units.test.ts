// The pure parts: cache keys and entries, browser discovery, SVG rewriting.
import { chmod, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { toHtml } from "hast-util-to-html";
import { afterAll, describe, expect, it } from "vitest";
import {
  createDiagramCache,
  diagramCacheKey,
  findBrowser,
  parseSvg,
  renameIdsInCss,
  renumberIds,
  stripActiveContent,
} from "../../src/mermaid/index.js";

const dirs: string[] = [];
const temporaryDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "designpress-mermaid-unit-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("diagramCacheKey", () => {
  const base = {
    source: "flowchart LR\n  A --> B",
    mermaidVersion: "11.17.2",
    config: { securityLevel: "strict", flowchart: { curve: "basis" } },
    variants: { light: { theme: "default" }, dark: { theme: "dark" } },
  };
  it("is a sha256 that ignores key order", () => {
    const reordered = {
      ...base,
      config: { flowchart: { curve: "basis" }, securityLevel: "strict" },
    };
    expect(diagramCacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(diagramCacheKey(reordered)).toBe(diagramCacheKey(base));
  });
  it("changes with the source, mermaid's version, the config and the theme", () => {
    const keys = [
      base,
      { ...base, source: "flowchart LR\n  A --> C" },
      { ...base, mermaidVersion: "11.18.0" },
      { ...base, config: { ...base.config, flowchart: { curve: "linear" } } },
      { ...base, variants: { ...base.variants, dark: { theme: "forest" } } },
    ].map(diagramCacheKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("createDiagramCache", () => {
  const entry = {
    status: "rendered",
    svg: { light: "<svg>l</svg>", dark: "<svg>d</svg>" },
  } as const;
  const key = "ab".padEnd(64, "0");

  it("stores and reads an entry, leaving no temporary file", async () => {
    const dir = await temporaryDir();
    const cache = createDiagramCache(dir);
    expect(await cache.get(key)).toBeUndefined();
    await cache.set(key, entry);
    expect(await cache.get(key)).toEqual(entry);
    expect(await readdir(path.join(dir, "ab"))).toEqual([`${key}.json`]);
  });

  it("ignores entries that are truncated, not JSON, of another key or not SVG", async () => {
    const dir = await temporaryDir();
    const cache = createDiagramCache(dir);
    await cache.set(key, entry);
    const file = path.join(dir, "ab", `${key}.json`);
    for (const corrupt of [
      '{"key":',
      "not json",
      JSON.stringify({ ...entry, key: "other" }),
      JSON.stringify({ key, status: "rendered", svg: { light: "<p>", dark: "<svg></svg>" } }),
    ]) {
      await writeFile(file, corrupt);
      expect(await cache.get(key)).toBeUndefined();
    }
  });
});

describe("findBrowser", () => {
  it("prefers PUPPETEER_EXECUTABLE_PATH, then CHROME_PATH, then the system paths", async () => {
    const dir = await temporaryDir();
    const fake = path.join(dir, "chrome");
    await writeFile(fake, "#!/bin/sh\n");
    await chmod(fake, 0o755);
    expect(
      findBrowser({ PUPPETEER_EXECUTABLE_PATH: fake, CHROME_PATH: "/usr/bin/chromium" }),
    ).toEqual({
      executablePath: fake,
    });
    expect(findBrowser({ CHROME_PATH: fake })).toEqual({ executablePath: fake });
    expect(findBrowser({}, ["/nonexistent/chrome", fake])).toEqual({ executablePath: fake });
  });

  it("says what it tried when there is none", () => {
    const found = findBrowser({ CHROME_PATH: "/nonexistent/a" }, ["/nonexistent/b"]);
    expect("error" in found && found.error.message).toContain(
      "tried CHROME_PATH=/nonexistent/a, /nonexistent/b",
    );
  });
});

describe("SVG rewriting", () => {
  it("renames #id selectors and url(#id) in CSS, not colours", () => {
    const ids = new Map([
      ["m", "d-1"],
      ["fff", "d-2"],
    ]);
    expect(renameIdsInCss("#m .a{fill:#fff;stroke:url(#fff)}#m{color:#m}", ids)).toBe(
      "#d-1 .a{fill:#fff;stroke:url(#d-2)}#d-1{color:#m}",
    );
  });

  it("renumbers ids in document order and rewrites every reference", () => {
    const svg = parseSvg(
      '<svg id="mermaid" aria-labelledby="t-mermaid"><title id="t-mermaid">T</title>' +
        '<style>#mermaid .x{marker-end:url(#arrow-7)}</style><marker id="arrow-7"></marker>' +
        '<path marker-end="url(#arrow-7)"></path><use href="#arrow-7"></use><use href="#elsewhere"></use></svg>',
    );
    renumberIds(svg, "diagram-2-dark");
    expect(toHtml(svg)).toBe(
      '<svg id="diagram-2-dark" aria-labelledby="diagram-2-dark-1"><title id="diagram-2-dark-1">T</title>' +
        '<style>#diagram-2-dark .x{marker-end:url(#diagram-2-dark-2)}</style><marker id="diagram-2-dark-2"></marker>' +
        '<path marker-end="url(#diagram-2-dark-2)"></path><use href="#diagram-2-dark-2"></use><use href="#elsewhere"></use></svg>',
    );
  });

  it("strips script, event handlers and javascript: links", () => {
    const svg = parseSvg(
      '<svg onload="x()"><script>alert(1)</script><a href="java\nscript:alert(1)"><text onclick="y()">A</text></a>' +
        "<foreignObject><div><script>z()</script><b>B</b></div></foreignObject></svg>",
    );
    stripActiveContent(svg);
    expect(toHtml(svg)).toBe(
      "<svg><a><text>A</text></a><foreignObject><div><b>B</b></div></foreignObject></svg>",
    );
  });
});
