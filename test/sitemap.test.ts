import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { reporter } from "vfile-reporter";
import { describe, expect, it } from "vitest";
import type { Element, Root } from "xast";
import { fromXml } from "xast-util-from-xml";
import { build } from "../src/build/index.js";
import { sitemap } from "../src/build/sitemap.js";
import { defaultConfig } from "../src/config/index.js";
import type { SiteModel } from "../src/theme/model.js";
import { temporaryFolder } from "./helpers.js";

/** The `<loc>`s of a sitemap, read with a real XML parser (which throws on malformed XML). */
function locations(xml: string): string[] {
  const tree: Root = fromXml(xml);
  const urlset = tree.children.find((node): node is Element => node.type === "element");
  expect(urlset?.name).toBe("urlset");
  expect(urlset?.attributes.xmlns).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
  return (urlset?.children ?? [])
    .filter((node): node is Element => node.type === "element" && node.name === "url")
    .map((url) => {
      const loc = url.children.find((node): node is Element => node.type === "element");
      return loc?.children.map((node) => ("value" in node ? node.value : "")).join("") ?? "";
    });
}

function site(url: string, slugs: string[]): SiteModel {
  return {
    config: { ...defaultConfig("/p"), url },
    // Undated pages: no `<lastmod>` (history.test.ts checks the dated ones).
    pages: slugs.map(
      (slug) => ({ slug, meta: { tags: [] as string[] } }) as SiteModel["pages"][number],
    ),
    tags: new Map(),
  };
}

describe("sitemap.xml", () => {
  it("escapes the configured URL: `https://example.com/a&b` parses as XML with the right locations", () => {
    const xml = sitemap(site("https://example.com/a&b<c>\"d'", ["url-shortener", "notes/chat"]));
    expect(xml).toContain("<loc>https://example.com/a&#x26;b&#x3C;c>\"d'/</loc>");
    expect(locations(xml)).toEqual([
      "https://example.com/a&b<c>\"d'/",
      "https://example.com/a&b<c>\"d'/url-shortener/",
      "https://example.com/a&b<c>\"d'/notes/chat/",
    ]);
  });

  it("is written as before for a plain URL", () => {
    expect(sitemap(site("https://ada.github.io", ["a", "b/c"]))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n  <url><loc>https://ada.github.io/</loc></url>\n  <url><loc>https://ada.github.io/a/</loc></url>\n  <url><loc>https://ada.github.io/b/c/</loc></url>\n</urlset>\n',
    );
  });

  it("is valid XML in a built site whose `url` holds an ampersand", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await mkdir(path.join(dir, "content"));
      await writeFile(
        path.join(dir, "designpress.config.yaml"),
        "url: https://example.com/a&b\nbase: /designs/\n",
      );
      await writeFile(path.join(dir, "content", "one.md"), "---\ntitle: One\n---\n\nText.\n");
      const result = await build({ root: dir });
      expect(result.ok, reporter(result.files)).toBe(true);
      const xml = await readFile(path.join(dir, "dist", "sitemap.xml"), "utf8");
      expect(locations(xml)).toEqual([
        "https://example.com/a&b/designs/",
        "https://example.com/a&b/designs/one/",
      ]);
    } finally {
      await cleanup();
    }
  });
});
