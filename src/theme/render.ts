import type { Element, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import { walkContent } from "../core/walk.js";
import { plural } from "../core/words.js";
import { tocList } from "../toc/render.js";
import { assetUrls } from "./assets.js";
import { type CompareColumn, compareCharts, comparedPages, compareTableHtml } from "./compare.js";
import {
  cardStepsHtml,
  coveredSteps,
  dateHtml,
  editHtml,
  explore,
  figuresHtml,
  intro,
  lede,
  navLinks,
  neighbourHtml,
  readingTime,
  stepList,
  tagIndex,
  tagListing,
  tagsHtml,
  updatedHtml,
} from "./components.js";
import type { ComponentName, PageKind, Theme } from "./load.js";
import type { PageModel, SiteModel, TagModel } from "./model.js";
import { fillTemplate } from "./template.js";

const html = (nodes: Element | Root | undefined): string =>
  nodes === undefined ? "" : toHtml(nodes);

interface HeadOptions {
  title: string;
  description: string;
  /** Open Graph type. */
  type: "website" | "article";
  /** Path below the base, such as `url-shortener/` (empty for the index). */
  path?: string;
}

/**
 * What goes in every `<head>` besides the title, icon, stylesheet and scripts
 * the layout names: description, author, Open Graph and, with config `url`,
 * the canonical address and the page's social card.
 */
function head(site: SiteModel, options: HeadOptions): string {
  const { config } = site;
  const nodes: Element[] = [
    h("meta", { name: "description", content: options.description }),
    h("meta", { name: "color-scheme", content: "light dark" }),
  ];
  if (config.author) nodes.push(h("meta", { name: "author", content: config.author }));
  nodes.push(
    h("meta", { property: "og:title", content: options.title }),
    h("meta", { property: "og:description", content: options.description }),
    h("meta", { property: "og:type", content: options.type }),
    h("meta", { property: "og:site_name", content: config.title }),
  );
  // Open Graph wants an absolute address: without `url`, the card's address from the site's root.
  const card = options.path === undefined ? undefined : site.cards?.get(options.path);
  if (card) {
    nodes.push(
      h("meta", { property: "og:image", content: `${config.url ?? ""}${config.base}${card.path}` }),
      h("meta", { property: "og:image:width", content: String(card.width) }),
      h("meta", { property: "og:image:height", content: String(card.height) }),
      h("meta", { property: "og:image:alt", content: card.alt }),
      h("meta", { name: "twitter:card", content: "summary_large_image" }),
    );
  } else nodes.push(h("meta", { name: "twitter:card", content: "summary" }));
  // The feed is written only with `url` (its links are absolute).
  if (config.feed && config.url) {
    nodes.push(
      h("link", {
        rel: "alternate",
        type: "application/atom+xml",
        href: `${config.base}feed.xml`,
        title: config.title,
      }),
    );
  }
  if (config.url && options.path !== undefined) {
    const url = `${config.url}${config.base}${options.path}`;
    nodes.push(
      h("meta", { property: "og:url", content: url }),
      h("link", { rel: "canonical", href: url }),
    );
  }
  return nodes.map((node) => toHtml(node)).join("\n");
}

const siteValuesOf = new WeakMap<SiteModel, Map<Theme, Record<string, string>>>();

/** Slots every template has (the search box among them); the same for every page of a site, so made once. */
function siteValues(theme: Theme, site: SiteModel): Record<string, string> {
  const byTheme = siteValuesOf.get(site) ?? new Map<Theme, Record<string, string>>();
  siteValuesOf.set(site, byTheme);
  let values = byTheme.get(theme);
  if (!values) {
    const { config } = site;
    values = {
      ...assetUrls(theme.assets, config.base),
      base: config.base,
      siteTitle: config.title,
      author: config.author ?? "",
      nav: navLinks(config),
      footer: config.author
        ? `${config.author} · Built with designpress`
        : "Built with designpress",
    };
    byTheme.set(theme, values);
    // After the set: the search box is a component, which reads these values.
    values.search = searchBox(theme, site);
  }
  return values;
}

/** A template that is a whole document is used as it is; any other goes in the layout's `{{{main}}}`. */
const wholeDocument = /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype|html[\s>])/i;

/**
 * One page: its template filled, inside the layout (head, header, footer)
 * unless the template is a whole document itself.
 */
function renderDocument(
  theme: Theme,
  site: SiteModel,
  kind: PageKind,
  values: Record<string, string> & { title: string; documentTitle: string },
): string {
  const template = theme.templates[kind];
  const filled = { ...siteValues(theme, site), kind, ...values };
  if (wholeDocument.test(template.text)) return fillTemplate(template.name, template.text, filled);
  const main = fillTemplate(template.name, template.text, filled);
  return fillTemplate(theme.layout.name, theme.layout.text, { ...filled, main });
}

/** A component of the theme (`components/<name>.html`) filled with its slots and the site's. */
function component(
  theme: Theme,
  site: SiteModel,
  name: ComponentName,
  values: Record<string, string>,
): string {
  const template = theme.components[name];
  return fillTemplate(template.name, template.text, { ...siteValues(theme, site), ...values });
}

/** The search box (`components/search.html`), when the site has search. */
function searchBox(theme: Theme, site: SiteModel): string {
  return site.config.search ? component(theme, site, "search", {}) : "";
}

function card(theme: Theme, site: SiteModel, page: PageModel): string {
  const { base } = site.config;
  return component(theme, site, "card", {
    href: `${base}${page.slug}/`,
    title: page.title,
    date: dateHtml(page.meta.date),
    summary: page.meta.summary ?? "",
    figures: figuresHtml(page),
    steps: cardStepsHtml(page),
    tags: tagsHtml(page.meta.tags, base),
  });
}

function cards(theme: Theme, site: SiteModel, pages: readonly PageModel[]): string {
  return `<div class="cards">\n${pages.map((page) => card(theme, site, page)).join("\n")}\n</div>`;
}

/**
 * The table of contents twice: beside the text on wide screens (`toc`), and
 * in a collapsed `<details id="contents">` above the text on narrow ones
 * (`tocCollapsible`). The stylesheet shows one; neither needs a script.
 */
function tablesOfContents(
  theme: Theme,
  site: SiteModel,
  page: PageModel,
): { toc: string; tocCollapsible: string } {
  const list = tocList(page.toc);
  if (!list) return { toc: "", tocCollapsible: "" };
  const listHtml = toHtml(list);
  const inline = component(theme, site, "toc", { label: "Contents", list: listHtml });
  return {
    toc: component(theme, site, "toc", { label: "On this page", list: listHtml }),
    tocCollapsible: `<details class="toc-collapsible" id="contents" data-pagefind-ignore><summary>Contents</summary>${inline}</details>`,
  };
}

/** A rendered diagram holds no code block: not walked (most of a page's nodes may be its diagrams'). */
const diagrams: ReadonlySet<string> = new Set(["svg"]);

/** Whether a page has a code block (a diagram left to the reader's browser is not one). */
function hasCode(page: PageModel): boolean {
  let found = false;
  walkContent(page.content, diagrams, (node) => {
    if (found) return false;
    if (node.type !== "element" || node.tagName !== "pre") return;
    const classes = node.properties.className;
    found = !(Array.isArray(classes) && classes.includes("mermaid"));
    return false;
  });
  return found;
}

/**
 * A page's scripts as `<script defer>` tags: the copy buttons where there is code
 * (when the config keeps them), then the page's own (the what-if, mermaid's client).
 */
function pageScripts(theme: Theme, site: SiteModel, page: PageModel): string {
  const copy = siteValues(theme, site)["assets/copy.js"];
  const withCopy = site.config.copyButtons && copy !== undefined && hasCode(page);
  const sources = [
    ...(withCopy ? [copy] : []),
    ...page.scripts.map((script) => `${site.config.base}${script}`),
  ];
  return sources.map((src) => toHtml(h("script", { src, defer: true }))).join("\n");
}

/** One writeup's page: a pure function of the page, the site config and the theme. */
export function renderPage(theme: Theme, site: SiteModel, page: PageModel): string {
  const description = page.meta.summary ?? `${page.title}: a system design`;
  const { base } = site.config;
  return renderDocument(theme, site, "page", {
    title: page.title,
    documentTitle: `${page.title} · ${site.config.title}`,
    description,
    head: head(site, { title: page.title, description, type: "article", path: `${page.slug}/` }),
    summary: html(lede(page.meta.summary)),
    meta: component(theme, site, "meta", {
      date: dateHtml(page.meta.date),
      readingTime: readingTime(page),
      updated: updatedHtml(page.updated),
      edit: editHtml(page.editUrl),
      tags: tagsHtml(page.meta.tags, base),
    }),
    steps:
      page.steps.length === 0
        ? ""
        : component(theme, site, "steps", {
            covered: String(coveredSteps(page)),
            total: String(page.steps.length),
            steps: toHtml(stepList(page)),
          }),
    ...tablesOfContents(theme, site, page),
    content: toHtml(page.content),
    pagination:
      page.previous || page.next
        ? component(theme, site, "pagination", {
            previous: neighbourHtml("previous", page.previous, base),
            next: neighbourHtml("next", page.next, base),
          })
        : "",
    scripts: pageScripts(theme, site, page),
  });
}

/** The portfolio: a card per writeup, newest first. */
export function renderIndex(theme: Theme, site: SiteModel): string {
  const { config } = site;
  const description =
    config.bio ?? `${config.title}: system designs${config.author ? ` by ${config.author}` : ""}`;
  return renderDocument(theme, site, "index", {
    title: config.title,
    documentTitle: config.title,
    description,
    head: head(site, { title: config.title, description, type: "website", path: "" }),
    bio: config.bio ?? "",
    intro: html(intro(config, site.pages.length)),
    explore: html(explore(config)),
    cards: cards(theme, site, site.pages),
    tags: html(tagIndex(site.tags, config.base)),
  });
}

export function renderTagPage(theme: Theme, site: SiteModel, slug: string, tag: TagModel): string {
  const title = `Tagged “${tag.name}”`;
  const description = `System designs tagged ${tag.name}`;
  return renderDocument(theme, site, "tag", {
    title,
    documentTitle: `${title} · ${site.config.title}`,
    tag: tag.name,
    description,
    head: head(site, { title, description, type: "website", path: `tags/${slug}/` }),
    count: plural(tag.pages.length, "design"),
    cards: cards(theme, site, tag.pages),
  });
}

/** `/tags/`: every tag with its count, linked to its page. */
export function renderTagIndex(theme: Theme, site: SiteModel): string {
  const title = "Tags";
  const tags = site.tags;
  const description = `Every tag of ${site.config.title}, with its designs`;
  return renderDocument(theme, site, "tagIndex", {
    title,
    documentTitle: `${title} · ${site.config.title}`,
    description,
    head: head(site, { title, description, type: "website", path: "tags/" }),
    count: plural(tags.size, "tag"),
    tags: toHtml(tagListing(tags, site.config.base)),
  });
}

/**
 * `/compare/`: every writeup's headline estimates in a table, and charts of
 * traffic and storage; `sortedBy` a column, the page of the table sorted by it.
 */
export function renderCompare(
  theme: Theme,
  site: SiteModel,
  sortedBy: CompareColumn | undefined,
): string {
  const title = "Compare the designs";
  const description = `The capacity estimates of every design of ${site.config.title}, side by side`;
  const pages = comparedPages(site.pages, sortedBy);
  const by = sortedBy ? ` by ${sortedBy.heading.toLowerCase()}` : "";
  return renderDocument(theme, site, "compare", {
    title,
    documentTitle: `${title}${by} · ${site.config.title}`,
    description,
    // Every sorted table is one page to a search engine: compare/.
    head: head(site, { title, description, type: "website", path: "compare/" }),
    count: plural(site.pages.length, "design"),
    table: compareTableHtml(pages, site.config.base, sortedBy),
    charts: toHtml(compareCharts(pages)),
  });
}

export function renderNotFound(theme: Theme, site: SiteModel): string {
  const title = "Page not found";
  const description = "This page does not exist.";
  return renderDocument(theme, site, "notFound", {
    title,
    documentTitle: `${title} · ${site.config.title}`,
    description,
    // No canonical address: the same 404 page answers for every missing URL.
    head: head(site, { title, description, type: "website" }),
  });
}
