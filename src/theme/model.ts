import type { Root } from "hast";
import type { CapacityReport } from "../capacity/index.js";
import type { SiteConfig } from "../config/index.js";
import type { TocEntry } from "../toc/index.js";
import type { PageMeta } from "../writeup/data.js";

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
  /** The capacity estimates, in numbers (the compare page's table and charts). */
  estimates?: CapacityReport | undefined;
  /** Which of the nine steps are present, in method order. */
  steps: { number: number; title: string; present: boolean; anchor?: string }[];
  /** When its file last changed, from git (ISO 8601), when known. */
  updated?: string | undefined;
  /** Where to edit its source on GitHub, when the config names the repository. */
  editUrl?: string | undefined;
  /**
   * The page's own client scripts, each a path below the output folder
   * (`assets/estimates-whatif.3c10a8a689.js`): the what-if, mermaid's client. The
   * `{{{scripts}}}` slot loads them, deferred, in this order.
   */
  scripts: string[];
  /** The pages before and after it in the reading order (config `order`, else newest first). */
  previous?: PageLink | undefined;
  next?: PageLink | undefined;
}

/** Another page, as a link to it names it. */
export interface PageLink {
  slug: string;
  title: string;
}

export interface SiteModel {
  config: SiteConfig;
  /** Newest first (by `date`, then title). */
  pages: PageModel[];
  /** Every tag by slug, in alphabetical order, with its pages in site order (`tagsOf`). */
  tags: ReadonlyMap<string, TagModel>;
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
