import type { ComponentName, PageKind } from "./load.js";

/**
 * The slots each template may use (besides `assets/<file>` for every asset),
 * checked when the theme loads so that a mistake fails the build before any
 * page is written. The README's theme section documents each.
 */
const site = ["base", "siteTitle", "author", "footer", "nav"];
const document = [...site, "title", "documentTitle", "description", "head", "kind", "search"];

export const pageSlots: Record<PageKind, readonly string[]> = {
  page: [
    ...document,
    "summary",
    "meta",
    "steps",
    "toc",
    "tocCollapsible",
    "content",
    "pagination",
    "scripts",
  ],
  index: [...document, "bio", "intro", "explore", "cards", "tags"],
  tag: [...document, "tag", "count", "cards"],
  tagIndex: [...document, "count", "tags"],
  compare: [...document, "count", "table", "charts"],
  notFound: document,
};

/**
 * The social card (`social-card.html`), a whole document drawn at 1200×630:
 * `address` is the site's host and base, `byline` the author, `kind` `page` or
 * `index`; `figures` and `steps` are the design's (empty on the index).
 */
export const socialCardSlots: readonly string[] = [
  ...site,
  "kind",
  "title",
  "summary",
  "address",
  "figures",
  "steps",
  "byline",
];

/** The layout has the slots every page has, and `main`: the page's template, filled. */
export const layoutSlots: readonly string[] = [...document, "main"];

export const componentSlots: Record<ComponentName, readonly string[]> = {
  card: [...site, "href", "title", "date", "summary", "figures", "steps", "tags"],
  steps: [...site, "covered", "total", "steps"],
  toc: [...site, "label", "list"],
  meta: [...site, "date", "readingTime", "updated", "edit", "tags"],
  pagination: [...site, "previous", "next"],
  search: site,
};
