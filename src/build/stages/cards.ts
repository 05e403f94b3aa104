import { cardCacheDir, createCardCache } from "../../cards/cache.js";
import { socialCards } from "../../cards/card.js";
import { drawCards } from "../../cards/draw.js";
import type { CardImage } from "../../theme/model.js";
import { type BuildContext, BuildError, ready, type Stage } from "../context.js";

/**
 * A social card per writeup and one for the index, drawn in the build's
 * browser (the one that drew the diagrams, if it is open) from the theme's
 * `social-card.html`. A card whose document has not changed is read from
 * the cache, so a build with nothing new launches no browser for them. Off
 * with config `cards: false`.
 */
export const cardsStage: Stage = {
  name: "cards",
  needsValidPages: true,
  async run(context: BuildContext) {
    const { root, config, theme, site, options, result, browser } = ready(
      context,
      "config",
      "theme",
      "site",
    );
    if (!config.cards) return;
    const cards = socialCards(theme, site);
    const cache = createCardCache(root);
    const pngs = new Map<string, Uint8Array>();
    await Promise.all(
      cards.map(async (card) => {
        const png = await cache.get(card.key, card.width, card.height);
        if (png) pngs.set(card.key, png);
      }),
    );
    const stats = { drawn: 0, cached: pngs.size };
    // Two pages whose cards say the same (same title and summary, no figures) share one drawing.
    const misses = [
      ...new Map(
        cards.filter((card) => !pngs.has(card.key)).map((card) => [card.key, card]),
      ).values(),
    ];
    if (misses.length > 0) {
      try {
        const launched = await browser.browser();
        const drawn = await drawCards(
          launched.browser,
          misses.map((card) => card.html),
          options.signal,
        );
        let unwritable: Error | undefined;
        for (const [index, card] of misses.entries()) {
          const png = drawn[index] as Uint8Array;
          pngs.set(card.key, png);
          stats.drawn += 1;
          if (!unwritable)
            await cache.set(card.key, png).catch((error: Error) => (unwritable = error));
        }
        if (unwritable) {
          result.warnings.push(
            `Could not write the social-card cache in ${cardCacheDir} (${unwritable.message}); the cards are drawn again on every build`,
          );
        }
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const reason = (error as Error).message;
        if (options.requireBrowser) throw new BuildError(reason, { cause: error });
        result.warnings.push(
          `${reason}; the site is built without social cards (no \`og:image\`) where none was cached`,
        );
      }
    }
    site.cards = new Map(
      cards.flatMap(({ page, path: file, width, height, alt, key }): [string, CardImage][] => {
        const png = pngs.get(key);
        return png ? [[page, { path: file, width, height, alt, png }]] : [];
      }),
    );
    result.cards = stats;
  },
};
