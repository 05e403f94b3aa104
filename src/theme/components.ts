import type { Element, ElementContent, Root } from "hast";
import { toString as hastToString } from "hast-util-to-string";
import { h, s } from "hastscript";
import type { SiteConfig } from "../config/index.js";
import { plural } from "../pipeline/messages.js";
import { renderToc } from "../toc/render.js";
import type { PageModel, TagModel } from "./model.js";
import { tagSlug } from "./tags.js";

function tagList(tags: readonly string[], base: string): Element | undefined {
  if (tags.length === 0) return undefined;
  return h(
    "ul.tags",
    tags.map((tag) => h("li", [h("a.tag", { href: `${base}tags/${tagSlug(tag)}/` }, tag)])),
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

/** Minutes to read a page at 220 words a minute, at least 1. */
function readingMinutes(content: Root): number {
  const words = hastToString(content).split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 220));
}

/** The line under a page title: date, reading time and tags. */
export function pageMeta(page: PageModel, base: string): Element {
  const children: ElementContent[] = [];
  const date = dateElement(page.meta.date);
  if (date) children.push(date);
  children.push(h("span.reading-time", `${readingMinutes(page.content)} min read`));
  const tags = tagList(page.meta.tags, base);
  if (tags) children.push(tags);
  return h("div.writeup-meta", children);
}

/** The page's summary as its lede, or nothing. */
export function lede(summary: string | undefined): Element | undefined {
  return summary ? h("p.lede", summary) : undefined;
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

/** Which of the nine steps the writeup covers, linked to them. */
export function stepsPanel(page: PageModel): Element | undefined {
  if (page.steps.length === 0) return undefined;
  const covered = page.steps.filter((step) => step.present).length;
  return h("nav.steps-panel", { ariaLabel: "Nine-step coverage" }, [
    h("h2.steps-title", [
      "The nine steps",
      h("span.steps-count", `${covered} of ${page.steps.length} covered`),
    ]),
    h(
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
    ),
  ]);
}

/** A card on the portfolio index or a tag page; its title link covers the whole card. */
function card(page: PageModel, base: string): Element {
  const children: ElementContent[] = [];
  const date = dateElement(page.meta.date);
  if (date) children.push(h("p.card-date", [date]));
  children.push(h("h2.card-title", [h("a", { href: `${base}${page.slug}/` }, page.title)]));
  if (page.meta.summary) children.push(h("p.card-summary", page.meta.summary));
  if (page.figures.length > 0) {
    children.push(
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
  if (page.steps.length > 0) {
    const covered = page.steps.filter((step) => step.present).length;
    children.push(
      h("p.card-steps", [stepPips(page), h("span", `${covered} of ${page.steps.length} steps`)]),
    );
  }
  const tags = tagList(page.meta.tags, base);
  if (tags) children.push(tags);
  return h("article.card", children);
}

export function cards(pages: readonly PageModel[], base: string): Element {
  return h(
    "div.cards",
    pages.map((page) => card(page, base)),
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

/** The author's name and bio on the index, whichever the config has. */
export function intro(config: SiteConfig, designCount: number): Element {
  const children: ElementContent[] = [];
  if (config.author) children.push(h("p.author", ["by ", h("strong", config.author)]));
  if (config.bio) children.push(h("p.bio", config.bio));
  children.push(h("p.design-count", plural(designCount, "design")));
  return h("div.intro", children);
}

/**
 * The table of contents twice: a sticky list beside the text on wide screens
 * (`sidebar`), and a collapsed `<details>` above the text on narrow ones
 * (`collapsible`). The stylesheet shows one; neither needs a script.
 */
export function tablesOfContents(page: PageModel): {
  sidebar: Element | undefined;
  collapsible: Element | undefined;
} {
  const inline = renderToc(page.toc, "Contents");
  return {
    sidebar: renderToc(page.toc, "On this page"),
    collapsible: inline
      ? h("details.toc-collapsible", [h("summary", "Contents"), inline])
      : undefined,
  };
}

/** A sun and a moon; the stylesheet shows the one for the scheme the button switches to. */
function toggleIcons(): Element[] {
  const icon = (className: string, children: Element[]) =>
    s(
      "svg",
      {
        className: [className],
        viewBox: "0 0 24 24",
        width: 20,
        height: 20,
        fill: "none",
        stroke: "currentColor",
        strokeWidth: 2,
        strokeLinecap: "round",
        ariaHidden: "true",
        focusable: "false",
      },
      children,
    );
  return [
    icon("icon-sun", [
      s("circle", { cx: 12, cy: 12, r: 4 }),
      s("path", {
        d: "M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4",
      }),
    ]),
    icon("icon-moon", [s("path", { d: "M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" })]),
  ];
}

/**
 * The colour-scheme switch: hidden in the markup, shown by `theme.js` once it
 * can work. With scripts off the page follows `prefers-color-scheme` and shows
 * no button that would do nothing.
 */
export function themeToggle(base: string): Element[] {
  return [
    h(
      "button.theme-toggle",
      {
        type: "button",
        hidden: true,
        ariaLabel: "Switch colour scheme",
        title: "Switch colour scheme",
      },
      toggleIcons(),
    ),
    h("script", { src: `${base}assets/theme.js`, defer: true }),
  ];
}

/**
 * Set before the first paint, so a reader who chose a scheme never sees the
 * other one flash: `data-theme` on `<html>` from localStorage (absent or
 * unreadable storage leaves the reader's preference in charge).
 */
export const schemeScript =
  'try{var t=localStorage.getItem("designpress-theme");if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}';
