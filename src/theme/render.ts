import type { Element, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import { plural } from "../pipeline/messages.js";
import {
  cards,
  intro,
  lede,
  pageMeta,
  schemeScript,
  stepsPanel,
  tablesOfContents,
  tagIndex,
  themeToggle,
} from "./components.js";
import type { Theme } from "./load.js";
import type { PageModel, SiteModel, TagModel } from "./model.js";
import { tagsOf } from "./tags.js";
import { fillTemplate } from "./template.js";

const html = (nodes: Element | Root | readonly Element[] | undefined): string => {
  if (nodes === undefined) return "";
  return Array.isArray(nodes)
    ? nodes.map((node) => toHtml(node)).join("\n")
    : toHtml(nodes as Element | Root);
};

interface HeadOptions {
  title: string;
  description: string;
  /** Open Graph type. */
  type: "website" | "article";
  /** Path below the base, such as `url-shortener/` (empty for the index). */
  path?: string;
}

/**
 * What goes in every `<head>` besides the title, icon and stylesheet the
 * template names: description, author, Open Graph and, with config `url`, the
 * canonical address; then the script that applies a chosen colour scheme
 * before the first paint.
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
    h("meta", { name: "twitter:card", content: "summary" }),
  );
  if (config.url && options.path !== undefined) {
    const url = `${config.url}${config.base}${options.path}`;
    nodes.push(
      h("meta", { property: "og:url", content: url }),
      h("link", { rel: "canonical", href: url }),
    );
  }
  nodes.push(h("script", schemeScript));
  return html(nodes);
}

const siteValuesOf = new WeakMap<SiteModel, Record<string, string>>();

/** Slots every template has; the same for every page of a site, so made once. */
function siteValues(site: SiteModel): Record<string, string> {
  let values = siteValuesOf.get(site);
  if (!values) {
    const { config } = site;
    values = {
      base: config.base,
      siteTitle: config.title,
      author: config.author ?? "",
      footer: config.author
        ? `${config.author} · Built with designpress`
        : "Built with designpress",
      themeToggle: html(themeToggle(config.base)),
    };
    siteValuesOf.set(site, values);
  }
  return values;
}

/** One writeup's page: a pure function of the page, the site config and the theme. */
export function renderPage(theme: Theme, site: SiteModel, page: PageModel): string {
  const description = page.meta.summary ?? `${page.title}: a system design`;
  const toc = tablesOfContents(page);
  return fillTemplate("page.html", theme.templates.page, {
    ...siteValues(site),
    title: page.title,
    description,
    head: head(site, { title: page.title, description, type: "article", path: `${page.slug}/` }),
    summary: html(lede(page.meta.summary)),
    meta: html(pageMeta(page, site.config.base)),
    steps: html(stepsPanel(page)),
    toc: html(toc.sidebar),
    tocCollapsible: html(toc.collapsible),
    content: toHtml(page.content),
  });
}

/** The portfolio: a card per writeup, newest first. */
export function renderIndex(theme: Theme, site: SiteModel): string {
  const { config } = site;
  const description =
    config.bio ?? `${config.title}: system designs${config.author ? ` by ${config.author}` : ""}`;
  return fillTemplate("index.html", theme.templates.index, {
    ...siteValues(site),
    title: config.title,
    description,
    head: head(site, { title: config.title, description, type: "website", path: "" }),
    bio: config.bio ?? "",
    intro: html(intro(config, site.pages.length)),
    cards: html(cards(site.pages, config.base)),
    tags: html(tagIndex(tagsOf(site), config.base)),
  });
}

export function renderTagPage(theme: Theme, site: SiteModel, slug: string, tag: TagModel): string {
  const title = `Tagged “${tag.name}”`;
  const description = `System designs tagged ${tag.name}`;
  return fillTemplate("tag.html", theme.templates.tag, {
    ...siteValues(site),
    title,
    tag: tag.name,
    description,
    head: head(site, { title, description, type: "website", path: `tags/${slug}/` }),
    count: plural(tag.pages.length, "design"),
    cards: html(cards(tag.pages, site.config.base)),
  });
}

export function renderNotFound(theme: Theme, site: SiteModel): string {
  const title = "Page not found";
  const description = "This page does not exist.";
  return fillTemplate("404.html", theme.templates.notFound, {
    ...siteValues(site),
    title,
    description,
    // No canonical address: the same 404 page answers for every missing URL.
    head: head(site, { title, description, type: "website" }),
  });
}
