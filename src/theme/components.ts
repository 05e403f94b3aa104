import type { Element, ElementContent } from "hast";
import { h } from "hastscript";
import { slug as githubSlug } from "github-slugger";
import type { PageModel } from "./model.js";

/** `dist/tags/<tag>/` folder name of a tag. */
export function tagSlug(tag: string): string {
  return githubSlug(tag) || "tag";
}

export function tagList(tags: readonly string[], base: string): Element | undefined {
  if (tags.length === 0) return undefined;
  return h(
    "ul.tags",
    { ariaLabel: "Tags" },
    tags.map((tag) => h("li", [h("a.tag", { href: `${base}tags/${tagSlug(tag)}/` }, tag)])),
  );
}

function dateElement(date: string | undefined): Element | undefined {
  return date ? h("time", { dateTime: date }, formatDate(date)) : undefined;
}

/** `2026-03-14` → `14 March 2026`, the same on every machine (no locale, no time zone). */
export function formatDate(date: string): string {
  const [year, month, day] = date.split("-").map(Number);
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return `${day} ${months[(month ?? 1) - 1]} ${year}`;
}

/** The line under a page title: date and tags. */
export function pageMeta(page: PageModel, base: string): Element {
  const children: ElementContent[] = [];
  const date = dateElement(page.meta.date);
  if (date) children.push(date);
  const tags = tagList(page.meta.tags, base);
  if (tags) children.push(tags);
  return h("div.writeup-meta", children);
}

/** Which of the nine steps the writeup covers, linked to them. */
export function stepsPanel(page: PageModel): Element | undefined {
  if (page.steps.length === 0) return undefined;
  const covered = page.steps.filter((step) => step.present).length;
  return h("nav.steps-panel", { ariaLabel: "Nine-step coverage" }, [
    h("h2.steps-title", `Nine steps: ${covered} of ${page.steps.length}`),
    h(
      "ol.steps",
      page.steps.map((step) =>
        h(
          "li",
          { className: [step.present ? "step-present" : "step-missing"] },
          step.present && step.anchor
            ? h("a", { href: `#${step.anchor}` }, step.title)
            : [h("span", step.title), h("span.visually-hidden", " (missing)")],
        ),
      ),
    ),
  ]);
}

/** A card on the portfolio index or a tag page. */
export function card(page: PageModel, base: string): Element {
  const children: ElementContent[] = [
    h("h2.card-title", [h("a", { href: `${base}${page.slug}/` }, page.title)]),
  ];
  const date = dateElement(page.meta.date);
  if (date) children.push(h("p.card-date", [date]));
  if (page.meta.summary) children.push(h("p.card-summary", page.meta.summary));
  if (page.figures.length > 0) {
    children.push(
      h(
        "dl.card-figures",
        page.figures.flatMap((figure) => [
          h("dt", figure.label),
          h("dd", figure.derivation ? { title: figure.derivation } : {}, figure.value),
        ]),
      ),
    );
  }
  if (page.steps.length > 0) {
    const covered = page.steps.filter((step) => step.present).length;
    children.push(h("p.card-steps", `${covered} of ${page.steps.length} steps`));
  }
  const tags = tagList(page.meta.tags, base);
  if (tags) children.push(tags);
  return h("article.card", children);
}
