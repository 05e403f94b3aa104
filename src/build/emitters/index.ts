import { cardsEmitter } from "./cards.js";
import { contentFilesEmitter } from "./content-files.js";
import { feedEmitter } from "./feed.js";
import { mermaidClientEmitter } from "./mermaid-client.js";
import { pagesEmitter } from "./pages.js";
import { searchEmitter } from "./search.js";
import {
  compareEmitter,
  indexEmitter,
  noJekyllEmitter,
  notFoundEmitter,
  tagIndexEmitter,
  tagPagesEmitter,
} from "./site-pages.js";
import { sitemapEmitter } from "./sitemap.js";
import { themeAssetsEmitter } from "./theme-assets.js";
import type { Emitter } from "./types.js";
import { whatIfEmitter } from "./whatif.js";

export type { Claim, Emitter, EmitterSite, OutputFolder } from "./types.js";

/**
 * designpress's own outputs, in the order the write stage runs them (the
 * mermaid client and the what-if add their scripts to the pages before they are
 * rendered; the search index takes each page as it is rendered, alongside the
 * pages emitter).
 */
export const defaultEmitters: readonly Emitter[] = [
  themeAssetsEmitter,
  mermaidClientEmitter,
  whatIfEmitter,
  searchEmitter,
  pagesEmitter,
  indexEmitter,
  tagPagesEmitter,
  tagIndexEmitter,
  compareEmitter,
  notFoundEmitter,
  noJekyllEmitter,
  sitemapEmitter,
  feedEmitter,
  cardsEmitter,
  contentFilesEmitter,
];
