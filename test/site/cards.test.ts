import {
  appendFile,
  copyFile,
  cp,
  mkdir,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import type { Element } from "hast";
import { fromHtml } from "hast-util-from-html";
import { select, selectAll } from "hast-util-select";
import { toString as textOf } from "hast-util-to-string";
import { reporter } from "vfile-reporter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildResult, build } from "../../src/build/index.js";
import { cardCacheDir } from "../../src/cards/cache.js";
import { hashTree, temporaryFolder } from "../helpers.js";
import { demoProject } from "./demo.js";

const origin = "https://jane.github.io";

/** The size a PNG's header (IHDR, right after the signature) gives. */
function pngHeader(bytes: Buffer): { signature: string; width: number; height: number } {
  return {
    signature: bytes.subarray(0, 8).toString("hex"),
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
  };
}
const pngSignature = "89504e470d0a1a0a";

/** Each `<meta>` of a page's head, `property` or `name` → `content`. */
async function metaOf(file: string): Promise<Record<string, string>> {
  const tree = fromHtml(await readFile(file, "utf8"));
  const meta: Record<string, string> = {};
  for (const node of selectAll("head meta", tree)) {
    const key = node.properties.property ?? node.properties.name;
    if (key) meta[String(key)] = String(node.properties.content);
  }
  return meta;
}

const twoDaysAgo = () => new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);

function built(result: BuildResult): BuildResult {
  expect(result.error?.message).toBeUndefined();
  expect(result.ok, reporter(result.files)).toBe(true);
  return result;
}

// The demo portfolio published at https://jane.github.io/portfolio/.
describe("social cards", () => {
  let project: { root: string; cleanup: () => Promise<void> };
  let outDir: string;
  let first: BuildResult;
  let slugs: string[];

  beforeAll(async () => {
    project = await demoProject();
    outDir = path.join(project.root, "dist");
    await appendFile(
      path.join(project.root, "designpress.config.yaml"),
      `\nurl: ${origin}\nbase: /portfolio/\n`,
    );
    slugs = (await readdir(path.join(project.root, "content")))
      .filter((name) => name.endsWith(".md"))
      .map((name) => name.replace(/\.md$/, ""));
    first = built(await build({ root: project.root }));
  });
  afterAll(() => project.cleanup());

  it("gives each writeup and the index an og:image of 1200×630, by its absolute address", async () => {
    for (const page of ["", ...slugs.map((slug) => `${slug}/`)]) {
      const meta = await metaOf(path.join(outDir, page, "index.html"));
      expect(meta, page).toMatchObject({
        "og:image": `${origin}/portfolio/${page}social-card.png`,
        "og:image:width": "1200",
        "og:image:height": "630",
        "twitter:card": "summary_large_image",
      });
      const png = await readFile(path.join(outDir, page, "social-card.png"));
      expect(pngHeader(png), page).toEqual({ signature: pngSignature, width: 1200, height: 630 });
    }
  });

  it("shows the writeup's title and headline figures, one card per writeup", async () => {
    const cards = new Set<string>();
    for (const slug of slugs) {
      const tree = fromHtml(await readFile(path.join(outDir, slug, "index.html"), "utf8"));
      const title = textOf(select("main h1", tree) as Element);
      const alt = (await metaOf(path.join(outDir, slug, "index.html")))["og:image:alt"] ?? "";
      expect(alt.startsWith(`${title}.`), `${slug}: ${alt}`).toBe(true);
      for (const label of ["Peak reads", "Peak writes", "Storage", "Bandwidth out"]) {
        expect(alt, slug).toMatch(new RegExp(`${label} \\d`));
      }
      cards.add((await readFile(path.join(outDir, slug, "social-card.png"))).toString("base64"));
    }
    expect(cards.size).toBe(slugs.length);
  });

  it("draws the cards in the diagrams' browser, and from the cache launches none", async () => {
    // The diagrams and the cards of the first build: one browser between them.
    expect(first.diagrams).toMatchObject({ rendered: 4, browserLaunched: true });
    expect(first.cards).toEqual({ drawn: slugs.length + 1, cached: 0 });
    expect(first.browserLaunches).toBe(1);
    const before = await hashTree(outDir);
    const again = built(await build({ root: project.root }));
    expect(again.cards).toEqual({ drawn: 0, cached: slugs.length + 1 });
    expect(again.browserLaunches).toBe(0);
    expect(await hashTree(outDir)).toEqual(before);
  });

  it("draws again only the card whose content changed", async () => {
    const file = path.join(project.root, "content", "rate-limiter.md");
    const source = await readFile(file, "utf8");
    await writeFile(file, source.replace(/^title: .*$/m, "title: Rate limiter, revised"));
    try {
      const changed = built(await build({ root: project.root }));
      expect(changed.cards).toEqual({ drawn: 1, cached: slugs.length });
      expect(changed.browserLaunches).toBe(1);
      const alt = (await metaOf(path.join(outDir, "rate-limiter", "index.html")))["og:image:alt"];
      expect(alt).toMatch(/^Rate limiter, revised\./);
    } finally {
      await writeFile(file, source);
    }
  });

  it("does not trust the cache: a truncated, resized, foreign or symlinked entry is drawn again", async () => {
    // The demo as it is (the test before changed a title and put it back).
    built(await build({ root: project.root }));
    const before = await hashTree(outDir);
    const cache = path.join(project.root, cardCacheDir);
    const entries = (await readdir(cache)).filter((name) => name.endsWith(".png")).sort();
    const cachedPngs = await Promise.all(entries.map((name) => readFile(path.join(cache, name))));
    // Only the entries of the current cards are looked up: spoil three of those.
    const live = await Promise.all(
      ["", ...slugs.map((slug) => `${slug}/`)].map((page) =>
        readFile(path.join(outDir, page, "social-card.png")),
      ),
    );
    const liveEntries = entries.filter((_, index) =>
      live.some((png) => png.equals(cachedPngs[index] as Buffer)),
    );
    expect(liveEntries).toHaveLength(slugs.length + 1);
    const [truncated, resized, foreign, linked] = liveEntries as [string, string, string, string];
    const truncatedBytes = cachedPngs[entries.indexOf(truncated)] as Buffer;
    await writeFile(path.join(cache, truncated), truncatedBytes.subarray(0, 100));
    const resizedBytes = Buffer.from(cachedPngs[entries.indexOf(resized)] as Buffer);
    resizedBytes.writeUInt32BE(630, 16);
    await writeFile(path.join(cache, resized), resizedBytes);
    await writeFile(path.join(cache, foreign), "<script>alert(1)</script>");
    // The right card, but outside the project, through a symlink: not read.
    const outside = await temporaryFolder();
    const planted = path.join(outside.dir, "card.png");
    await copyFile(path.join(cache, linked), planted);
    await rm(path.join(cache, linked));
    await symlink(planted, path.join(cache, linked));

    try {
      const rebuilt = built(await build({ root: project.root, cacheDir: false }));
      expect(rebuilt.cards).toEqual({ drawn: 4, cached: slugs.length - 3 });
    } finally {
      await outside.cleanup();
    }
    expect(await hashTree(outDir)).toEqual(before);
    // And the drawn cards replaced the spoilt entries.
    for (const name of [truncated, resized, foreign, linked]) {
      const png = await readFile(path.join(cache, name));
      expect(pngHeader(png)).toEqual({ signature: pngSignature, width: 1200, height: 630 });
    }
  });
});

describe("social cards, configured", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await temporaryFolder());
    await mkdir(path.join(dir, "content"));
    await writeFile(path.join(dir, "content", "a.md"), "# A design\n\nSome text.\n");
  });
  afterAll(async () => {
    for (const clean of [cleanup, ...cleanups]) await clean();
  });

  it("names the card from the site's root without `url`", async () => {
    await writeFile(path.join(dir, "designpress.config.yaml"), "title: T\nbase: /portfolio/\n");
    built(await build({ root: dir }));
    const meta = await metaOf(path.join(dir, "dist", "a", "index.html"));
    expect(meta["og:image"]).toBe("/portfolio/a/social-card.png");
    expect(meta["og:url"]).toBeUndefined();
    const png = await readFile(path.join(dir, "dist", "a", "social-card.png"));
    expect(pngHeader(png)).toEqual({ signature: pngSignature, width: 1200, height: 630 });
  });

  it("neither reads nor writes a card cache that leads out of the project", async () => {
    const outside = await temporaryFolder();
    cleanups.push(outside.cleanup);
    await writeFile(path.join(dir, "designpress.config.yaml"), "title: T\n");
    await rmCache(dir);
    built(await build({ root: dir }));
    // The project's own cards, planted outside, and the cache a symlink to them.
    const cache = path.join(dir, cardCacheDir);
    await cp(cache, outside.dir, { recursive: true });
    // And a card no build uses, old enough that a cache of the project's would lose it.
    const [own] = await readdir(outside.dir);
    const unused = path.join(outside.dir, `${"f".repeat(64)}.png`);
    await copyFile(path.join(outside.dir, own ?? ""), unused);
    await utimes(unused, twoDaysAgo(), twoDaysAgo());
    const planted = (await readdir(outside.dir)).sort();
    expect(planted).toHaveLength(3);
    await rmCache(dir);
    await symlink(outside.dir, cache);
    try {
      const result = built(await build({ root: dir, cacheDir: false }));
      expect(result.cards).toEqual({ drawn: 2, cached: 0 });
      const said = result.warnings.filter((warning) => warning.includes("social-card cache"));
      expect(said).toEqual([expect.stringMatching(/leads out of the project/)]);
      expect((await readdir(outside.dir)).sort()).toEqual(planted);
    } finally {
      await rm(cache);
    }
  });

  it("removes the cards no build has used for a day, and only those", async () => {
    await writeFile(path.join(dir, "designpress.config.yaml"), "title: T\n");
    await rmCache(dir);
    built(await build({ root: dir, cacheDir: false }));
    const cache = path.join(dir, cardCacheDir);
    const first = await readdir(cache);
    const page = path.join(dir, "content", "a.md");
    await writeFile(page, "# A design, revised\n\nSome text.\n");
    try {
      built(await build({ root: dir, cacheDir: false }));
      const second = await readdir(cache);
      expect(second).toHaveLength(3);
      // Everything two days old: the cards this build uses, the page's older card,
      // a killed build's temporary file and a file of another name.
      const leftover = `${second[0]}.4242.tmp`;
      await copyFile(path.join(cache, second[0] ?? ""), path.join(cache, leftover));
      await writeFile(path.join(cache, "notes.txt"), "mine");
      for (const name of await readdir(cache)) {
        await utimes(path.join(cache, name), twoDaysAgo(), twoDaysAgo());
      }
      const result = built(await build({ root: dir, cacheDir: false }));
      expect(result.cards).toEqual({ drawn: 0, cached: 2 });
      const kept = await readdir(cache);
      const stale = first.filter((name) => !kept.includes(name));
      expect(stale).toHaveLength(1);
      expect(kept.sort()).toEqual(
        [...second.filter((name) => !stale.includes(name)), "notes.txt"].sort(),
      );
    } finally {
      await writeFile(page, "# A design\n\nSome text.\n");
    }
  });

  it("draws once the card two pages share", async () => {
    await writeFile(path.join(dir, "designpress.config.yaml"), "title: T\n");
    const twin = path.join(dir, "content", "b.md");
    await writeFile(twin, "# A design\n\nOther text.\n");
    await rmCache(dir);
    try {
      const result = built(await build({ root: dir }));
      // The index's, and one for both pages.
      expect(result.cards).toEqual({ drawn: 2, cached: 0 });
      const [a, b] = await Promise.all(
        ["a", "b"].map((slug) => readFile(path.join(dir, "dist", slug, "social-card.png"))),
      );
      expect(a?.equals(b as Buffer)).toBe(true);
    } finally {
      await rm(twin);
    }
  });

  it("leaves them out with `cards: false`, and launches no browser for them", async () => {
    await writeFile(path.join(dir, "designpress.config.yaml"), "title: T\ncards: false\n");
    await rmCache(dir);
    const result = built(await build({ root: dir }));
    expect(result.cards).toBeUndefined();
    expect(result.browserLaunches).toBe(0);
    const meta = await metaOf(path.join(dir, "dist", "a", "index.html"));
    expect(meta["og:image"]).toBeUndefined();
    expect(meta["twitter:card"]).toBe("summary");
    const files = Object.keys(await hashTree(path.join(dir, "dist")));
    expect(files.filter((name) => name.endsWith(".png"))).toEqual([]);
  });

  it("builds without cards when the browser does not start, and says so once", async () => {
    await writeFile(path.join(dir, "designpress.config.yaml"), "title: T\n");
    await rmCache(dir);
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
    // An executable that exits at once: the launch fails.
    process.env.PUPPETEER_EXECUTABLE_PATH = "/bin/false";
    try {
      const result = built(await build({ root: dir }));
      expect(result.cards).toEqual({ drawn: 0, cached: 0 });
      const said = result.warnings.filter((warning) => warning.includes("social cards"));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/without social cards/);
      const meta = await metaOf(path.join(dir, "dist", "a", "index.html"));
      expect(meta["og:image"]).toBeUndefined();
      expect(await readdir(path.join(dir, "dist", "a"))).not.toContain("social-card.png");
    } finally {
      if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
      else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
    }
  });
});

async function rmCache(root: string): Promise<void> {
  await rm(path.join(root, cardCacheDir), { recursive: true, force: true });
}
