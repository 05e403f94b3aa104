import { cardFile } from "../../cards/card.js";
import type { Emitter } from "./types.js";
import { writeEach } from "./write-each.js";

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
    await writeEach(
      out,
      [...(site.cards?.values() ?? [])].map((card) => ({ path: card.path, data: card.png })),
    );
  },
};
