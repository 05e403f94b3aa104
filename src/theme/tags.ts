import { createHash } from "node:crypto";
import { slug as githubSlug } from "github-slugger";
import type { PageModel, TagModel } from "./model.js";

/** Symbols that tell tags apart (`C++`, `C#`, `C`) but that a GitHub slug drops. */
const spelledOut: Record<string, string> = {
  "+": "plus",
  "#": "sharp",
  "&": "and",
  "@": "at",
  "%": "percent",
};

/**
 * `dist/tags/<slug>/` folder name of a tag: its GitHub slug, with `+ # & @ %`
 * spelled out first (`C++` → `c-plus-plus`, `C#` → `c-sharp`, `R&D` →
 * `r-and-d`); a tag with no letter or digit left (`!!!`) gets `tag-` and 8 hex
 * digits of its SHA-256. A function of the tag alone, so its URL never moves.
 */
export function tagSlug(tag: string): string {
  const words = tag
    .replace(/[+#&@%]/g, (symbol) => ` ${spelledOut[symbol]} `)
    .trim()
    .split(/\s+/)
    .join(" ");
  return (
    githubSlug(words) || `tag-${createHash("sha256").update(tagKey(tag)).digest("hex").slice(0, 8)}`
  );
}

/**
 * What makes two spellings one tag: case, and spaces against hyphens (`API`
 * and `api`, `read heavy` and `read-heavy`), nothing else.
 */
export function tagKey(tag: string): string {
  return tag
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "-");
}

/**
 * Every tag by slug, named as the first page to carry it spells it, with its
 * pages in site order; slugs in alphabetical order.
 */
export function tagsOf(pages: readonly PageModel[]): Map<string, TagModel> {
  const bySlug = new Map<string, TagModel>();
  for (const page of pages) {
    for (const name of page.meta.tags) {
      const slug = tagSlug(name);
      const tag = bySlug.get(slug);
      if (!tag) bySlug.set(slug, { name, pages: [page] });
      // Two spellings of one tag on a page (`API`, `api`) list the page once.
      else if (tag.pages.at(-1) !== page) tag.pages.push(page);
    }
  }
  return new Map([...bySlug].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
