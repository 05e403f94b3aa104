import {
  appendFile,
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { startDev } from "../../src/dev/index.js";
import { shardCacheFile } from "../../src/search/cache.js";
import { pagesPerShard, shardOf } from "../../src/search/shards.js";
import { hashTree, projectOf, temporaryFolder, writeup } from "../helpers.js";
import { launchChromium } from "./chromium.js";
import { buildDemo, serveSite } from "./demo.js";
import { applyScheme, axeViolations, type ColourScheme, sidewaysOverflow } from "./reading.js";

interface Site {
  base: string;
  root: string;
  outDir: string;
  origin: string;
  close: () => Promise<void>;
}

/** Type `query` into the search box of `url` and wait for the list to answer; the links it lists. */
async function searchFor(page: Page, url: string, query: string, tag = ""): Promise<string[]> {
  return (await searchWithStatus(page, url, query, tag)).links;
}

/** {@link searchFor}, with the line that says how many designs were found. */
async function searchWithStatus(
  page: Page,
  url: string,
  query: string,
  tag = "",
): Promise<{ links: string[]; status: string }> {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector(".site-search:not([hidden])");
  if (tag) {
    await page.focus(".site-search-input");
    await page.waitForSelector(".site-search-tag:not([hidden])");
    await page.select(".site-search-tag", tag);
  }
  await page.type(".site-search-input", query);
  await page.waitForFunction(
    () => !document.querySelector<HTMLElement>(".site-search-results")?.hidden,
  );
  const links = await page.$$eval(".site-search-hit", (hits) =>
    hits.map((hit) => hit.getAttribute("href") ?? ""),
  );
  const status = await page.$eval(".site-search-status", (line) => line.textContent ?? "");
  return { links, status };
}

// Two builds of the demo (at / and under /portfolio/), each searched in the one browser.
describe("search", { timeout: 600_000 }, () => {
  const sites: Site[] = [];
  let browser: Browser;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  let cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    for (const base of ["/", "/portfolio/"]) {
      const demo = await buildDemo(base);
      cleanups.push(demo.cleanup);
      const server = await serveSite(demo.outDir, base);
      sites.push({ base, root: demo.root, outDir: demo.outDir, ...server });
    }
    ({ browser, close: closeBrowser } = await launchChromium());
    page = await browser.newPage();
  });

  afterAll(async () => {
    await closeBrowser?.();
    for (const site of sites) await site.close();
    for (const cleanup of cleanups) await cleanup();
    cleanups = [];
  });

  it("lists the writeup a word comes from, at / and under --base /portfolio/", async () => {
    const [root, portfolio] = sites as [Site, Site];
    // "celebrity" is only in the news feed; "websocket" only in the chat service.
    expect(await searchFor(page, `${root.origin}/`, "celebrity")).toEqual(["/news-feed/"]);
    expect(
      await searchFor(page, `${portfolio.origin}/portfolio/url-shortener/`, "websocket"),
    ).toEqual(["/portfolio/chat-service/"]);
    // The result leads to the page.
    await Promise.all([page.waitForNavigation(), page.click(".site-search-hit")]);
    expect(page.url()).toBe(`${portfolio.origin}/portfolio/chat-service/`);
  });

  it("works in designpress dev, under its base", async () => {
    const [, portfolio] = sites as [Site, Site];
    const dev = await startDev({
      root: portfolio.root,
      port: 0,
      base: "/portfolio/",
      log: { info: () => undefined, error: () => undefined },
    });
    try {
      expect(await searchFor(page, dev.url, "celebrity")).toEqual(["/portfolio/news-feed/"]);
    } finally {
      await dev.close();
    }
  });

  it("filters by tag", async () => {
    const [root] = sites as [Site];
    const everywhere = await searchFor(page, `${root.origin}/`, "cache");
    expect(everywhere.length).toBeGreaterThan(1);
    expect(await searchFor(page, `${root.origin}/`, "cache", "messaging")).toEqual([
      "/chat-service/",
    ]);
  });

  it("reads at 390 px and passes axe-core with its results open, light and dark", async () => {
    const [, portfolio] = sites as [Site, Site];
    const failures: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewport({ width, height: 800 });
      await searchFor(page, `${portfolio.origin}/portfolio/`, "cache");
      const { overflow, culprits } = await sidewaysOverflow(page);
      if (overflow > 0)
        failures.push(`${width}px: ${overflow}px sideways (${culprits.join(", ")})`);
      const box = await page.$eval(".site-search-results", (panel) => {
        const { left, right } = panel.getBoundingClientRect();
        return { left, right, width: document.documentElement.clientWidth };
      });
      if (box.left < 0 || box.right > box.width)
        failures.push(`${width}px: results at ${box.left}–${box.right} of ${box.width}`);
      for (const scheme of ["light", "dark"] as ColourScheme[]) {
        await applyScheme(page, scheme, "media");
        for (const violation of await axeViolations(page)) {
          if (violation.impact === "serious" || violation.impact === "critical")
            failures.push(`${width}px ${scheme}: ${violation.id} ${violation.examples.join("; ")}`);
        }
      }
    }
    await page.setViewport({ width: 1280, height: 800 });
    expect(failures).toEqual([]);
  });

  it("shows no search box without JavaScript", async () => {
    const [root] = sites as [Site];
    await page.setJavaScriptEnabled(false);
    try {
      await page.goto(`${root.origin}/news-feed/`, { waitUntil: "load" });
      expect(await page.$eval(".site-search", (box) => box.checkVisibility())).toBe(false);
    } finally {
      await page.setJavaScriptEnabled(true);
    }
  });

  it("makes the same index byte for byte, from its cache and afresh", async () => {
    const [root] = sites as [Site];
    const bundle = path.join(root.outDir, "pagefind");
    const first = await hashTree(bundle);
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(["pagefind.js", "pagefind-entry.json"]),
    );
    // Pagefind's own interfaces are left out: the theme uses its JS API.
    expect(Object.keys(first).filter((name) => name.includes("-ui"))).toEqual([]);
    const cache = path.join(root.root, ".designpress-cache", "search");
    const cached = (await stat(path.join(cache, shardCacheFile(0, 1)))).mtimeMs;
    for (const fresh of [false, true]) {
      if (fresh) await rm(cache, { recursive: true });
      const again = await build({ root: root.root, base: root.base });
      expect(again.ok).toBe(true);
      expect(await hashTree(bundle)).toEqual(first);
      // Unchanged pages: the index was read from the cache, not made and stored again.
      if (!fresh) expect((await stat(path.join(cache, shardCacheFile(0, 1)))).mtimeMs).toBe(cached);
    }
  });

  it("makes after an edit, from the pages its cache still holds, the index a build without the cache makes", async () => {
    const [, site] = sites as [Site, Site];
    // A writeup in the middle of the site's order: the pages before it match the cached index.
    const order = [
      ...(await readFile(path.join(site.outDir, "index.html"), "utf8")).matchAll(
        /<h2[^>]*><a href="\/portfolio\/([\w-]+)\//g,
      ),
    ].map((match) => match[1]);
    expect(order).toHaveLength(4);
    await appendFile(
      path.join(site.root, "content", `${order[2]}.md`),
      "\nA sentence with the word zanzibarish in it.\n",
    );
    const edited = await build({ root: site.root, base: site.base });
    expect(edited.ok, edited.error?.message).toBe(true);
    await rm(path.join(site.root, ".designpress-cache", "search"), { recursive: true });
    const freshDir = path.join(site.root, "fresh");
    const fresh = await build({ root: site.root, base: site.base, outDir: freshDir });
    expect(fresh.ok, fresh.error?.message).toBe(true);
    const bundle = await hashTree(path.join(site.outDir, "pagefind"));
    expect(bundle).toEqual(await hashTree(path.join(freshDir, "pagefind")));
    expect(await searchFor(page, `${site.origin}/portfolio/`, "zanzibarish")).toEqual([
      `/portfolio/${order[2]}/`,
    ]);
  });
});

// A site of more pages than one shard holds: two shards, merged in the reader's browser.
describe("search over a site in shards", { timeout: 600_000 }, () => {
  const pages = pagesPerShard + 12;
  const slugs = Array.from({ length: pages }, (_, number) => `design-${number}`);
  // A word of each page's own, none the start of another (Pagefind matches the last word as a
  // prefix) nor the same once stemmed (the final "x" keeps the stemmer off the letters).
  const wordOf = (number: number) =>
    `kiwi${[676, 26, 1].map((unit) => String.fromCharCode(97 + (Math.floor(number / unit) % 26))).join("")}x`;
  // Each page's tag names its shard, so that a tag from either shard must reach the menu.
  const files = Object.fromEntries(
    slugs.map((slug, number) => [
      `content/${slug}.md`,
      writeup(
        `Design ${number}`,
        `## Requirements\n\nEvery design holds a ledger. This one alone holds the word ${wordOf(number)}.\n`,
        `date: 2026-01-01\ntags: [${shardOf(slug, 2) === 0 ? "first" : "second"}]\n`,
      ),
    ]),
  );
  let root: string;
  let cleanup: () => Promise<void>;
  let server: { origin: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    ({ root, cleanup } = await projectOf(files));
    const built = await build({ root });
    expect(built.ok, built.error?.message).toBe(true);
    server = await serveSite(path.join(root, "dist"), "/");
    ({ browser, close: closeBrowser } = await launchChromium());
    page = await browser.newPage();
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    await cleanup?.();
  });

  it("writes the second shard beside the first, without a second copy of Pagefind's script", async () => {
    const bundle = path.join(root, "dist", "pagefind");
    expect(
      JSON.parse(await readFile(path.join(bundle, "designpress-shards.json"), "utf8")),
    ).toEqual({ shards: ["shard-1/"] });
    const second = Object.keys(await hashTree(path.join(bundle, "shard-1")));
    expect(second).toEqual(expect.arrayContaining(["pagefind-entry.json"]));
    expect(second.filter((name) => /pagefind\.js|wasm/.test(name))).toEqual([]);
  });

  it("finds a page of either shard, counts the pages of both, and filters by a tag of either", async () => {
    const inShard = (shard: number) => slugs.findIndex((slug) => shardOf(slug, 2) === shard);
    for (const number of [inShard(0), inShard(1)]) {
      expect(await searchFor(page, `${server.origin}/`, wordOf(number))).toEqual([
        `/design-${number}/`,
      ]);
    }
    const everywhere = await searchWithStatus(page, `${server.origin}/`, "ledger");
    expect(everywhere.status).toBe(`${pages} designs, the first 8`);
    // The excerpt is the writeup's text: not the label of its collapsed contents.
    expect(await page.$eval(".site-search-excerpt", (excerpt) => excerpt.textContent)).toMatch(
      /^Design \d+\. Requirements\. Every design holds a ledger/,
    );
    const seconds = slugs.filter((slug) => shardOf(slug, 2) === 1).length;
    const second = await searchWithStatus(page, `${server.origin}/`, "ledger", "second");
    expect(second.status).toBe(`${seconds} designs, the first 8`);
    expect(second.links.every((link) => shardOf(link.slice(1, -1), 2) === 1)).toBe(true);
  });

  it("indexes again only the shard of an edited page, as a build without the cache would make it", async () => {
    const cache = path.join(root, ".designpress-cache", "search");
    const stamps = async () =>
      Promise.all(
        [0, 1].map(
          async (shard) => (await stat(path.join(cache, shardCacheFile(shard, 2)))).mtimeMs,
        ),
      );
    const before = await stamps();
    const edited = slugs.find((slug) => shardOf(slug, 2) === 1) as string;
    await appendFile(path.join(root, "content", `${edited}.md`), "\nNow also zanzibarish.\n");
    const again = await build({ root });
    expect(again.ok, again.error?.message).toBe(true);
    const after = await stamps();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    await rm(cache, { recursive: true });
    const fresh = await build({ root, outDir: path.join(root, "fresh") });
    expect(fresh.ok, fresh.error?.message).toBe(true);
    expect(await hashTree(path.join(root, "dist", "pagefind"))).toEqual(
      await hashTree(path.join(root, "fresh", "pagefind")),
    );
    expect(await searchFor(page, `${server.origin}/`, "zanzibarish")).toEqual([`/${edited}/`]);
  });
});

describe("the search index cache", () => {
  const twoDaysAgo = () => new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
  let root: string;
  let cleanup: () => Promise<void>;
  const cacheDir = () => path.join(root, ".designpress-cache", "search");
  const bundle = () => hashTree(path.join(root, "dist", "pagefind"));
  // Without the build cache: a build whose inputs are unchanged would otherwise write nothing.

  beforeAll(async () => {
    ({ root, cleanup } = await projectOf({ "content/a.md": writeup("A design") }));
    const first = await build({ root, cacheDir: false });
    expect(first.ok, first.error?.message).toBe(true);
  });
  afterAll(async () => cleanup?.());

  it("removes another shard count's entries once no build has used them for a day", async () => {
    const [entry] = await readdir(cacheDir());
    const copy = (name: string) =>
      cp(path.join(cacheDir(), entry ?? ""), path.join(cacheDir(), name));
    await copy("shard-0-of-2.json");
    await copy("shard-1-of-2.json");
    await copy("index.json");
    for (const name of ["shard-0-of-2.json", "index.json"])
      await utimes(path.join(cacheDir(), name), twoDaysAgo(), twoDaysAgo());
    await writeFile(path.join(cacheDir(), "notes.txt"), "mine");
    await utimes(path.join(cacheDir(), "notes.txt"), twoDaysAgo(), twoDaysAgo());
    const again = await build({ root, cacheDir: false });
    expect(again.ok, again.error?.message).toBe(true);
    expect((await readdir(cacheDir())).sort()).toEqual([
      "notes.txt",
      shardCacheFile(0, 1),
      "shard-1-of-2.json",
    ]);
  });

  it("neither reads nor writes a cache folder or entry that leads out of the project", async () => {
    const expected = await bundle();
    const outside = await temporaryFolder();
    try {
      // The project's own entries, planted outside, and one no build uses, two days old.
      await cp(cacheDir(), outside.dir, { recursive: true });
      await cp(
        path.join(outside.dir, shardCacheFile(0, 1)),
        path.join(outside.dir, "shard-3-of-4.json"),
      );
      await utimes(path.join(outside.dir, "shard-3-of-4.json"), twoDaysAgo(), twoDaysAgo());
      const planted = await hashTree(outside.dir);
      const stamps = async () =>
        Promise.all(
          (await readdir(outside.dir))
            .sort()
            .map(async (name) => (await stat(path.join(outside.dir, name))).mtimeMs),
        );
      const before = await stamps();
      await rm(cacheDir(), { recursive: true });
      await symlink(outside.dir, cacheDir());
      try {
        const linked = await build({ root, cacheDir: false });
        expect(linked.ok, linked.error?.message).toBe(true);
        expect(linked.warnings).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/search index cache .* leads out of the project/),
          ]),
        );
        expect(await bundle()).toEqual(expected);
        expect(await hashTree(outside.dir)).toEqual(planted);
        expect(await stamps()).toEqual(before);
      } finally {
        await rm(cacheDir());
      }
      // An entry that is a symlink out: not read, so the shard is indexed again and kept in its place.
      await mkdir(cacheDir(), { recursive: true });
      await symlink(
        path.join(outside.dir, shardCacheFile(0, 1)),
        path.join(cacheDir(), shardCacheFile(0, 1)),
      );
      const again = await build({ root, cacheDir: false });
      expect(again.ok, again.error?.message).toBe(true);
      expect((await lstat(path.join(cacheDir(), shardCacheFile(0, 1)))).isSymbolicLink()).toBe(
        false,
      );
      expect(await bundle()).toEqual(expected);
      expect(await stamps()).toEqual(before);
    } finally {
      await outside.cleanup();
    }
  });
});

describe("search: false", () => {
  it("leaves out the search box and the index", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await mkdir(path.join(dir, "content"));
      await writeFile(path.join(dir, "content", "a.md"), "# A design\n\nSome text.\n");
      const on = await build({ root: dir });
      expect(on.ok).toBe(true);
      expect(await readdir(path.join(dir, "dist"))).toContain("pagefind");
      await appendFile(path.join(dir, "designpress.config.yaml"), "search: false\n");
      const off = await build({ root: dir });
      expect(off.ok).toBe(true);
      expect(await readdir(path.join(dir, "dist"))).not.toContain("pagefind");
      const html = await readFile(path.join(dir, "dist", "a", "index.html"), "utf8");
      expect(html).not.toContain("site-search");
    } finally {
      await cleanup();
    }
  });
});
