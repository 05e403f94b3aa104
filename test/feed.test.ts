import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseFeed } from "feedsmith";
import { fromHtml } from "hast-util-from-html";
import { selectAll } from "hast-util-select";
import { reporter } from "vfile-reporter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/index.js";
import { messagesOf, projectOf, writeup } from "./helpers.js";
import { demoProject, htmlFiles } from "./site/demo.js";

const url = "https://ada.github.io";
const base = "/designs/";

describe("feed.xml of the demo", () => {
  let project: { root: string; cleanup: () => Promise<void> };
  let outDir: string;

  beforeAll(async () => {
    project = await demoProject();
    outDir = path.join(project.root, "dist");
    const config = path.join(project.root, "designpress.config.yaml");
    await writeFile(config, `${await readFile(config, "utf8")}url: ${url}\n`);
    const result = await build({ root: project.root, base });
    expect(result.ok, reporter(result.files)).toBe(true);
    expect(result.warnings).toEqual([]);
  });
  afterAll(() => project.cleanup());

  it("parses as Atom and lists every writeup, newest first, with its summary, dates and tags", async () => {
    const parsed = parseFeed(await readFile(path.join(outDir, "feed.xml"), "utf8"));
    expect(parsed.format).toBe("atom");
    if (parsed.format !== "atom") return;
    const { feed } = parsed;
    expect(feed.id).toBe(`${url}${base}`);
    expect(feed.title).toMatchObject({ value: "System design portfolio" });
    expect(feed.authors).toEqual([{ name: "The designpress authors" }]);
    expect(feed.links).toContainEqual({
      href: `${url}${base}feed.xml`,
      rel: "self",
      type: "application/atom+xml",
    });

    // The index's cards, in its order: every writeup.
    const index = fromHtml(await readFile(path.join(outDir, "index.html"), "utf8"));
    const cards = selectAll(".card", index).map((card) => ({
      href: String(selectAll(".card-title a", card)[0]?.properties.href),
      tags: selectAll(".tag", card).map((tag) =>
        tag.children.map((child) => ("value" in child ? child.value : "")).join(""),
      ),
    }));
    expect(cards.length).toBeGreaterThanOrEqual(4);
    const entries = feed.entries ?? [];
    expect(entries.map((entry) => entry.id)).toEqual(cards.map((card) => `${url}${card.href}`));
    for (const [position, entry] of entries.entries()) {
      const card = cards[position];
      expect(entry.links?.[0]?.href).toBe(`${url}${card?.href}`);
      expect(
        existsSync(path.join(outDir, (card?.href ?? "").slice(base.length), "index.html")),
      ).toBe(true);
      expect(entry.summary?.value?.length, entry.id).toBeGreaterThan(20);
      expect(entry.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
      expect(entry.published).toMatch(/^\d{4}-\d\d-\d\dT00:00:00Z$/);
      expect(entry.categories?.map((category) => category.term)).toEqual(card?.tags);
    }
    const published = entries.map((entry) => entry.published ?? "");
    expect([...published].sort().reverse()).toEqual(published);
    expect(feed.updated).toBe(published[0]);
  });

  it("is announced in the head of every page", async () => {
    for (const file of await htmlFiles(outDir)) {
      const head = fromHtml(await readFile(file, "utf8"));
      const links = selectAll('link[rel=alternate][type="application/atom+xml"]', head);
      expect(
        links.map((link) => link.properties.href),
        file,
      ).toEqual([`${base}feed.xml`]);
    }
  });
});

describe("feed.xml", () => {
  it("escapes what it carries, leaves out an undated writeup with a warning on it, and needs `url`", async () => {
    const project = await projectOf({
      "designpress.config.yaml": `url: ${url}\n`,
      "content/a.md": writeup(
        '"A & <B>"',
        "Text.\n",
        "date: 2026-01-01\nsummary: 'x < y & z]]>'\ntags: ['<t>']\n",
      ),
      "content/b.md": writeup("B"),
    });
    try {
      const result = await build({ root: project.root });
      expect(result.ok, reporter(result.files)).toBe(true);
      const parsed = parseFeed(await readFile(path.join(project.root, "dist", "feed.xml"), "utf8"));
      if (parsed.format !== "atom") throw new Error(`expected Atom, found ${parsed.format}`);
      expect(
        parsed.feed.entries?.map((entry) => [
          entry.title?.value,
          entry.summary?.value,
          entry.categories?.[0]?.term,
        ]),
      ).toEqual([["A & <B>", "x < y & z]]>", "<t>"]]);
      expect(parsed.feed.authors).toEqual([{ name: "Design portfolio" }]);
      expect(messagesOf(result).filter((text) => text.includes("feed/"))).toEqual([
        "content/b.md:1 feed/undated: Expected a `date` for the writeup's entry in the Atom feed, found none (and no git commit); it is left out of feed.xml — add `date: YYYY-MM-DD`",
      ]);

      await writeFile(path.join(project.root, "designpress.config.yaml"), "title: T\n");
      const withoutUrl = await build({ root: project.root });
      expect(withoutUrl.ok).toBe(true);
      expect(withoutUrl.warnings).toEqual([
        "Expected `url` in the config for the Atom feed (its links are absolute), found none; no feed.xml is written — set `url`, or `feed: false`",
      ]);
      expect(existsSync(path.join(project.root, "dist", "feed.xml"))).toBe(false);
      expect(await readFile(path.join(project.root, "dist", "index.html"), "utf8")).not.toContain(
        "atom+xml",
      );

      await writeFile(
        path.join(project.root, "designpress.config.yaml"),
        `url: ${url}\nfeed: false\n`,
      );
      const off = await build({ root: project.root });
      expect(off.ok).toBe(true);
      expect(off.warnings).toEqual([]);
      expect(existsSync(path.join(project.root, "dist", "feed.xml"))).toBe(false);
    } finally {
      await project.cleanup();
    }
  });
});
