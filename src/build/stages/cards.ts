import { cardCacheDir, createCardCache } from "../../cards/cache.js";
import { type SocialCard, socialCards } from "../../cards/card.js";
import { drawCards } from "../../cards/draw.js";
import type { LaunchedBrowser } from "../../mermaid/browser.js";
import type { CardImage } from "../../theme/model.js";
import { type BuildContext, BuildError, keepHouse, ready, type Stage } from "../context.js";

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
    const { root, config, theme, site, result } = ready(context, "config", "theme", "site");
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
      const drawn = await draw(
        context,
        misses.map((card) => card.html),
      );
      let unwritable: Error | undefined;
      for (const [index, png] of (drawn ?? []).entries()) {
        const { key } = misses[index] as SocialCard;
        pngs.set(key, png);
        stats.drawn += 1;
        if (!unwritable) await cache.set(key, png).catch((error: Error) => (unwritable = error));
      }
      if (unwritable) {
        result.warnings.push(
          `Could not write the social-card cache in ${cardCacheDir} (${unwritable.message}); the cards are drawn again on every build`,
        );
      }
    }
    // While the build goes on (see `housekeeping`).
    keepHouse(context, cache.prune(cards.map((card) => card.key)));
    site.cards = new Map(
      cards.flatMap(({ page, path: file, width, height, alt, key }): [string, CardImage][] => {
        const png = pngs.get(key);
        return png ? [[page, { path: file, width, height, alt, png }]] : [];
      }),
    );
    result.cards = stats;
  },
};

/**
 * The documents drawn in the build's browser, or undefined when that cannot
 * be done: no browser (an error with `--require-browser`) or a card that does
 * not draw (the theme's template) is said once, and the site goes without.
 */
async function draw(
  context: BuildContext,
  documents: readonly string[],
): Promise<Uint8Array[] | undefined> {
  const { browser, options, result } = context;
  let launched: LaunchedBrowser;
  try {
    launched = await browser.browser();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const reason = (error as Error).message;
    if (options.requireBrowser) throw new BuildError(reason, { cause: error });
    result.warnings.push(
      `${reason}; the site is built without social cards (no \`og:image\`) where none was cached`,
    );
    return undefined;
  }
  try {
    return await drawCards(launched.browser, documents, options.signal);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    result.warnings.push(
      `Expected the theme's social-card.html to load and draw in the browser, but it failed: ${(error as Error).message}; the site is built without social cards where none was cached (fix the template, or set \`cards: false\`)`,
    );
    return undefined;
  }
}
