import type { Root } from "hast";
import type { SiteConfig } from "../config/index.js";
import type { PageMeta } from "../pipeline/data.js";
import type { TocEntry } from "../toc/index.js";

/** A headline figure for a card, such as peak reads per second. */
export interface Figure {
  /** What it measures (`peak_reads_per_second`…), for a capacity estimate. */
  key?: string;
  label: string;
  value: string;
  derivation?: string;
}

/** One writeup as the theme sees it: everything a page is a pure function of. */
export interface PageModel {
  slug: string;
  title: string;
  meta: PageMeta;
  /** The writeup's body, every plugin applied. */
  content: Root;
  toc: TocEntry[];
  /** Headline figures for cards (from the capacity estimates, when present). */
  figures: Figure[];
  /** Which of the nine steps are present, in method order. */
  steps: { number: number; title: string; present: boolean; anchor?: string }[];
}

export interface SiteModel {
  config: SiteConfig;
  /** Newest first (by `date`, then title). */
  pages: PageModel[];
  /**
   * The social cards drawn for this build, by the path of the page they stand
   * for below the base (`""` for the index, `url-shortener/`): the pages name
   * them as their `og:image`. None with `cards: false`, nor without a
   * browser (unless cached).
   */
  cards?: ReadonlyMap<string, CardImage>;
}

/** A social card as a page names it. */
export interface CardImage {
  /** Relative to the output folder: `url-shortener/social-card.png`. */
  path: string;
  width: number;
  height: number;
  /** What the card says, for `og:image:alt`. */
  alt: string;
  /** The image itself, which the cards emitter writes. */
  png: Uint8Array;
}

/** A tag as its pages spell it, with the pages that carry it (in site order). */
export interface TagModel {
  name: string;
  pages: PageModel[];
}
