import { cardFile } from "../../cards/card.js";
import type { Emitter } from "./types.js";

/** The social cards the cards stage drew or found in the cache, beside the pages they stand for. */
export const cardsEmitter: Emitter = {
  name: "social cards",
  claims: ({ site }) =>
    site.config.cards
      ? ["", ...site.pages.map((page) => `${page.slug}/`)].map((page) => ({
          path: `${page}${cardFile}`,
          source: page === "" ? "the index's social card" : `the social card of \`${page}\``,
        }))
      : [],
  async emit({ site }, out) {
    for (const card of site.cards?.values() ?? []) await out.write(card.path, card.png);
  },
};
