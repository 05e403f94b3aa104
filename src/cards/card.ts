import { createHash } from "node:crypto";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import { coveredSteps } from "../theme/components.js";
import type { Theme } from "../theme/load.js";
import type { CardImage, Figure, PageModel, SiteModel } from "../theme/model.js";
import { fillTemplate } from "../theme/template.js";

export const cardWidth = 1200;
export const cardHeight = 630;
/** A card's file name, beside the page it stands for. */
export const cardFile = "social-card.png";

/** Bumped when the way a card is drawn changes, so that cached cards are drawn again. */
const cardFormat = 1;

/** A social card to draw: the page it stands for, the file it becomes, and its document. */
export interface SocialCard extends Omit<CardImage, "png"> {
  /** The page's path below the base: `""` for the index, `url-shortener/`. */
  page: string;
  /** The theme's `social-card.html`, filled. */
  html: string;
  /** The content address of what it shows (its document and size). */
  key: string;
}

/** Short labels for the headline figures, which the card has little room for. */
const shortLabels: Record<string, string> = {
  peak_reads_per_second: "Peak reads",
  peak_writes_per_second: "Peak writes",
  storage_bytes: "Storage",
  bandwidth_out_bytes_per_second: "Bandwidth out",
};

const labelOf = (figure: Figure) => (figure.key && shortLabels[figure.key]) || figure.label;

function figuresHtml(figures: readonly Figure[]): string {
  if (figures.length === 0) return "";
  return toHtml(
    h(
      "dl.figures",
      figures.map((figure) => h("div.figure", [h("dt", labelOf(figure)), h("dd", figure.value)])),
    ),
  );
}

function stepsHtml(page: PageModel): string {
  if (page.steps.length === 0) return "";
  const covered = coveredSteps(page);
  return toHtml(
    h("div.progress", [
      h(
        "ol.steps",
        page.steps.map((step) =>
          h(`li${step.present ? ".present" : ""}`, { title: step.title }, String(step.number)),
        ),
      ),
      h("span.coverage", [h("strong", `${covered} of ${page.steps.length}`), " steps"]),
    ]),
  );
}

/** What a reader of the card learns, as a sentence: the image's alt text. */
function altText(
  title: string,
  summary: string,
  figures: readonly Figure[],
  steps: string,
): string {
  const figureText = figures.map((figure) => `${labelOf(figure)} ${figure.value}`).join(", ");
  return [title, summary, figureText, steps]
    .filter((part) => part !== "")
    .map((part) => part.replace(/[.\s]+$/, ""))
    .join(". ")
    .concat(".");
}

function card(
  theme: Theme,
  site: SiteModel,
  page: string,
  values: {
    kind: "page" | "index";
    title: string;
    summary: string;
    figures: Figure[];
    /** The figures' markup (see `figuresHtml`). */
    figuresHtml: string;
    steps: string;
    stepsText: string;
  },
): SocialCard {
  const { config } = site;
  const template = theme.socialCard;
  const html = fillTemplate(template.name, template.text, {
    base: config.base,
    siteTitle: config.title,
    author: config.author ?? "",
    footer: "",
    kind: values.kind,
    title: values.title,
    summary: values.summary,
    // Where the site is, as a reader would type it; nothing without `url`.
    address: config.url
      ? `${config.url.replace(/^https?:\/\//, "")}${config.base}`.replace(/\/$/, "")
      : "",
    figures: values.figuresHtml,
    steps: values.steps,
    byline: config.author ? toHtml(h("span.author", ["by ", h("strong", config.author)])) : "",
  });
  const key = createHash("sha256")
    .update(`${cardFormat}\0${cardWidth}x${cardHeight}\0${html}`)
    .digest("hex");
  return {
    page,
    path: `${page}${cardFile}`,
    width: cardWidth,
    height: cardHeight,
    alt: altText(values.title, values.summary, values.figures, values.stepsText),
    html,
    key,
  };
}

/**
 * A card per writeup (its title, summary, author, headline figures and
 * nine-step coverage) and one for the index (the site's title, bio and
 * counts), each filled into the theme's `social-card.html`.
 */
export function socialCards(theme: Theme, site: SiteModel): SocialCard[] {
  const { config, pages } = site;
  // Most pages share their steps' markup (all nine present) and many their figures':
  // each made once (1,000 writeups: 90 ms of the cards stage, made 1,000 times each).
  const stepsOf = memo((page: PageModel) => JSON.stringify(page.steps), stepsHtml);
  const figuresOf = memo(
    (figures: readonly Figure[]) =>
      JSON.stringify(figures.map((figure) => [labelOf(figure), figure.value])),
    figuresHtml,
  );
  const covered = pages.reduce((sum, page) => sum + coveredSteps(page), 0);
  const total = pages.reduce((sum, page) => sum + page.steps.length, 0);
  const siteFigures = [
    { label: "Designs", value: String(pages.length) },
    { label: "Tags", value: String(site.tags.size) },
    ...(total > 0 ? [{ label: "Steps covered", value: `${covered} of ${total}` }] : []),
  ];
  const index = card(theme, site, "", {
    kind: "index",
    title: config.title,
    summary: config.bio ?? `System designs${config.author ? ` by ${config.author}` : ""}`,
    figures: siteFigures,
    figuresHtml: figuresHtml(siteFigures),
    steps: "",
    stepsText: "",
  });
  return [
    index,
    ...pages.map((page) => {
      const present = coveredSteps(page);
      return card(theme, site, `${page.slug}/`, {
        kind: "page",
        title: page.title,
        summary: page.meta.summary ?? "",
        figures: page.figures,
        figuresHtml: figuresOf(page.figures),
        steps: stepsOf(page),
        stepsText: page.steps.length > 0 ? `${present} of ${page.steps.length} steps covered` : "",
      });
    }),
  ];
}

/** `make`, made once per key of its argument. */
function memo<Input>(keyOf: (input: Input) => string, make: (input: Input) => string) {
  const made = new Map<string, string>();
  return (input: Input): string => {
    const key = keyOf(input);
    let result = made.get(key);
    if (result === undefined) {
      result = make(input);
      made.set(key, result);
    }
    return result;
  };
}
