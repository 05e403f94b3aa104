import type { Element, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import { renderToc } from "../toc/render.js";
import { card, pageMeta, stepsPanel, tagSlug } from "./components.js";
import type { Theme } from "./load.js";
import type { PageModel, SiteModel } from "./model.js";
import { fillTemplate } from "./template.js";

const html = (node: Element | Root | undefined): string => (node ? toHtml(node) : "");

/** Slots every template has. */
function siteValues(site: SiteModel) {
  const { config } = site;
  return {
    base: config.base,
    siteTitle: config.title,
    author: config.author ?? "",
  };
}

/** One writeup's page: a pure function of the page, the site config and the theme. */
export function renderPage(theme: Theme, site: SiteModel, page: PageModel): string {
  const description = page.meta.summary ?? `${page.title}: a system design`;
  return fillTemplate("page.html", theme.templates.page, {
    ...siteValues(site),
    title: page.title,
    description,
    head: html(h("meta", { property: "og:title", content: page.title })) +
      html(h("meta", { property: "og:description", content: description })) +
      html(h("meta", { property: "og:type", content: "article" })) +
      (site.config.url
        ? html(h("link", { rel: "canonical", href: `${site.config.url}${site.config.base}${page.slug}/` }))
        : ""),
    meta: html(pageMeta(page, site.config.base)),
    steps: html(stepsPanel(page)),
    toc: html(renderToc(page.toc)),
    content: toHtml(page.content),
  });
}

/** The portfolio: a card per writeup, newest first. */
export function renderIndex(theme: Theme, site: SiteModel): string {
  const { config } = site;
  return fillTemplate("index.html", theme.templates.index, {
    ...siteValues(site),
    title: config.title,
    description: config.bio ?? `${config.title}: system designs${config.author ? ` by ${config.author}` : ""}`,
    bio: config.bio ?? "",
    cards: html(h("div.cards", site.pages.map((page) => card(page, config.base)))),
  });
}

/** Every tag with the pages that carry it, tags in alphabetical order. */
export function tagsOf(site: SiteModel): Map<string, PageModel[]> {
  const byTag = new Map<string, PageModel[]>();
  for (const page of site.pages) {
    for (const tag of page.meta.tags) {
      const slug = tagSlug(tag);
      byTag.set(slug, [...(byTag.get(slug) ?? []), page]);
    }
  }
  return new Map([...byTag].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function renderTagPage(theme: Theme, site: SiteModel, tag: string, pages: PageModel[]): string {
  const name = pages[0]?.meta.tags.find((candidate) => tagSlug(candidate) === tag) ?? tag;
  return fillTemplate("tag.html", theme.templates.tag, {
    ...siteValues(site),
    title: `Tagged “${name}”`,
    description: `System designs tagged ${name}`,
    cards: html(h("div.cards", pages.map((page) => card(page, site.config.base)))),
  });
}

export function renderNotFound(theme: Theme, site: SiteModel): string {
  return fillTemplate("404.html", theme.templates.notFound, {
    ...siteValues(site),
    title: "Page not found",
    description: "This page does not exist.",
  });
}
