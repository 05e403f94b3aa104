import type { Element, ElementContent, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import type { SiteConfig } from "../config/index.js";
import { walkContent } from "../core/walk.js";
import { plural } from "../core/words.js";
import type { PageLink, PageModel, TagModel } from "./model.js";
import { tagSlug } from "./tags.js";

function tagList(tags: readonly string[], base: string): Element | undefined {
  if (tags.length === 0) return undefined;
  return h(
    "ul.tags",
    tags.map((tag) =>
      h("li", [
        // Each tag is a search filter (Pagefind reads the link's text).
        h("a.tag", { href: `${base}tags/${tagSlug(tag)}/`, dataPagefindFilter: "tag" }, tag),
      ]),
    ),
  );
}

function dateElement(date: string | undefined): Element | undefined {
  return date ? h("time", { dateTime: date }, formatDate(date)) : undefined;
}

/** `2026-03-14` → `14 March 2026`, the same on every machine (no locale, no time zone). */
function formatDate(date: string): string {
  const [year, month, day] = date.split("-").map(Number);
  const months = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ];
  return `${day} ${months[(month ?? 1) - 1]} ${year}`;
}

/**
 * Elements whose text is not read as prose: a diagram's SVG (its labels, and
 * mermaid's style sheet, a few hundred “words” of CSS per diagram), and any
 * script or style sheet a plugin added.
 */
const notProse: ReadonlySet<string> = new Set(["svg", "script", "style", "template"]);

/** The text of a page's prose, in document order (as `hast-util-to-string`'s, less {@link notProse}). */
function proseText(content: Root): string[] {
  const text: string[] = [];
  walkContent(content, notProse, (node) => {
    if (node.type === "text") text.push(node.value);
  });
  return text;
}

function readingMinutes(content: Root): number {
  // Counted without splitting the text into an array of its words (every page of every cold build).
  const word = /\S+/g;
  const text = proseText(content).join("");
  let words = 0;
  while (word.test(text)) words++;
  return Math.max(1, Math.round(words / 220));
}

/** Minutes to read a page's prose at 220 words a minute, at least 1 (diagrams are not counted). */
export function readingTime(page: PageModel): string {
  return `${readingMinutes(page.content)} min read`;
}

/** The page's date as a `<time>` (empty without one). */
export function dateHtml(date: string | undefined): string {
  const element = dateElement(date);
  return element ? toHtml(element) : "";
}

/** “Updated 14 March 2026” from the file's last commit (empty without one). */
export function updatedHtml(updated: string | undefined): string {
  if (!updated) return "";
  // The committer's own calendar day: the date as the commit records it, on any machine.
  return toHtml(
    h("span.updated", [
      "Updated ",
      h("time", { dateTime: updated }, formatDate(updated.slice(0, 10))),
    ]),
  );
}

/** “Edit this page”, to the source on GitHub (empty without a configured repository). */
export function editHtml(editUrl: string | undefined): string {
  return editUrl ? toHtml(h("a.edit-link", { href: editUrl }, "Edit this page")) : "";
}

/** The page's tags as `<ul class="tags">` of links (empty without tags). */
export function tagsHtml(tags: readonly string[], base: string): string {
  const list = tagList(tags, base);
  return list ? toHtml(list) : "";
}

/** The page's summary as its lede, or nothing. */
export function lede(summary: string | undefined): Element | undefined {
  // The summary counts for search almost as much as a heading (Pagefind's h2 is 6, text 1).
  return summary ? h("p.lede", { dataPagefindWeight: "5" }, summary) : undefined;
}

/** Nine small bars, one per step, filled when the writeup covers it (decoration; the text says it). */
function stepPips(page: PageModel): Element {
  return h(
    "span.step-pips",
    { ariaHidden: "true" },
    page.steps.map((step) =>
      h("span", {
        className: ["step-pip", step.present ? "step-pip-present" : "step-pip-missing"],
      }),
    ),
  );
}

/** How many of the nine steps a page covers. */
export function coveredSteps(page: PageModel): number {
  return page.steps.filter((step) => step.present).length;
}

/** `<ol class="steps">`: each of the nine steps, linked to its section when present. */
export function stepList(page: PageModel): Element {
  return h(
    "ol.steps",
    page.steps.map((step) => {
      const label = [h("span.step-number", String(step.number)), h("span.step-name", step.title)];
      return h(
        "li",
        { className: ["step", step.present ? "step-present" : "step-missing"] },
        step.present && step.anchor
          ? h("a", { href: `#${step.anchor}` }, label)
          : [...label, h("span.visually-hidden", " (missing)")],
      );
    }),
  );
}

/** A card's headline figures as `<dl class="card-figures">` (empty without figures). */
export function figuresHtml(page: PageModel): string {
  if (page.figures.length === 0) return "";
  return toHtml(
    h(
      "dl.card-figures",
      page.figures.map((figure) =>
        h("div.card-figure", [
          h("dt", figure.label),
          h("dd", figure.derivation ? { title: figure.derivation } : {}, figure.value),
        ]),
      ),
    ),
  );
}

/** A card's step coverage: nine bars and `8 of 9 steps` (empty for a page without steps). */
export function cardStepsHtml(page: PageModel): string {
  if (page.steps.length === 0) return "";
  return toHtml(
    h("p.card-steps", [
      stepPips(page),
      h("span", `${coveredSteps(page)} of ${page.steps.length} steps`),
    ]),
  );
}

/** Every tag of the site with how many designs carry it. */
export function tagIndex(tags: ReadonlyMap<string, TagModel>, base: string): Element | undefined {
  if (tags.size === 0) return undefined;
  return h("nav.tag-index", { ariaLabel: "Tags" }, [
    h("h2.tag-index-title", "Browse by tag"),
    h(
      "ul.tags",
      [...tags].map(([slug, tag]) =>
        h("li", [
          h("a.tag", { href: `${base}tags/${slug}/` }, [
            tag.name,
            h("span.tag-count", String(tag.pages.length)),
          ]),
        ]),
      ),
    ),
  ]);
}

/** A link to the previous or next page of the reading order (empty at either end). */
export function neighbourHtml(
  which: "previous" | "next",
  page: PageLink | undefined,
  base: string,
): string {
  if (!page) return "";
  return toHtml(
    h(
      `a.pagination-${which}`,
      { href: `${base}${page.slug}/`, rel: which === "next" ? "next" : "prev" },
      [
        h("span.pagination-label", which === "next" ? "Next" : "Previous"),
        h("span.pagination-title", page.title),
      ],
    ),
  );
}

/** `/tags/`: every tag, linked to its page, with how many designs carry it (alphabetical). */
export function tagListing(tags: ReadonlyMap<string, TagModel>, base: string): Element {
  if (tags.size === 0) return h("p.tag-listing-empty", "No design has tags yet.");
  return h(
    "ul.tag-listing",
    [...tags].map(([slug, tag]) =>
      h("li", [
        h("a.tag", { href: `${base}tags/${slug}/` }, tag.name),
        " ",
        h("span.tag-listing-count", plural(tag.pages.length, "design")),
      ]),
    ),
  );
}

/** The site-wide pages besides the index that the config keeps, as `[label, path]`. */
export function sitePages(config: SiteConfig): [label: string, path: string][] {
  const pages: [string, string][] = [];
  if (config.tagIndex) pages.push(["Tags", "tags/"]);
  if (config.compare) pages.push(["Compare", "compare/"]);
  return pages;
}

/** The header's links to the site-wide pages, after “All designs”. */
export function navLinks(config: SiteConfig): string {
  return sitePages(config)
    .map(([label, path]) => toHtml(h("a", { href: `${config.base}${path}` }, label)))
    .join("");
}

/** The index's links to the site-wide pages (the header hides its links on a phone). */
export function explore(config: SiteConfig): Element | undefined {
  const pages = sitePages(config);
  if (pages.length === 0) return undefined;
  const labels: Record<string, string> = {
    "compare/": "Compare the designs",
    "tags/": "Every tag",
  };
  return h(
    "ul.explore",
    pages.map(([label, path]) =>
      h("li", [h("a", { href: `${config.base}${path}` }, labels[path] ?? label)]),
    ),
  );
}

/** The author's name and bio on the index, whichever the config has. */
export function intro(config: SiteConfig, designCount: number): Element {
  const children: ElementContent[] = [];
  if (config.author) children.push(h("p.author", ["by ", h("strong", config.author)]));
  if (config.bio) children.push(h("p.bio", config.bio));
  children.push(h("p.design-count", plural(designCount, "design")));
  return h("div.intro", children);
}
