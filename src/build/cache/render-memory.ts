import { dropUnused } from "../../core/drop-unused.js";
import { type Theme, themeKey } from "../../theme/load.js";
import type { PageModel, SiteModel } from "../../theme/model.js";
import { renderPage } from "../../theme/render.js";
import { hash } from "./keys.js";

/**
 * The writeup pages that the builds of one process (`designpress dev`)
 * rendered, by everything {@link renderPage} reads: the page's model, the
 * config, its social card and the theme. A text edit then renders the edited
 * page alone.
 */
export interface RenderMemory {
  pages: Map<string, string>;
  /** The keys the last two builds used, the latest first: kept one build more (an edit undone finds them). */
  used: [Set<string>, Set<string>];
  /**
   * The site's own pages (index, tags, compare, 404) the last build wrote, by
   * path, and the key of what they were rendered from (see `renderedKeys`).
   */
  sitePages?: { key: string; pages: ReadonlyMap<string, string> };
}

export function createRenderMemory(): RenderMemory {
  return { pages: new Map(), used: [new Set(), new Set()] };
}

const configTexts = new WeakMap<SiteModel["config"], string>();

function configText(config: SiteModel["config"]): string {
  let text = configTexts.get(config);
  if (text === undefined) {
    text = JSON.stringify(config);
    configTexts.set(config, text);
  }
  return text;
}

/**
 * A page's key when the build gives none: its model (content tree included)
 * and what else it is a pure function of. Serializing the model costs about
 * half of rendering it (7 ms against 12–15 ms a page of the demo).
 */
function renderKey(theme: Theme, site: SiteModel, page: PageModel): string {
  return hash(
    themeKey(theme),
    configText(site.config),
    cardText(site, `${page.slug}/`),
    JSON.stringify(page),
  );
}

/** What a page renders of the social card at `pagePath` (its image's path, size and text), for a key. */
export function cardText(site: SiteModel, pagePath: string): string {
  const card = site.cards?.get(pagePath);
  return card ? JSON.stringify([card.path, card.width, card.height, card.alt]) : "";
}

/**
 * {@link renderPage} for one build, remembered in `memory` when there is one
 * (without, every page is rendered), under the key `keyOf` gives a page (the
 * one `build` carries pages over by, see `renderedKeys`: its tree stands in
 * it by its content key, neither parsed nor serialized), else
 * {@link renderKey}. Made once per build: it lets go of the pages neither of
 * the last two builds asked for.
 */
export function rememberRenders(
  memory: RenderMemory | undefined,
  keyOf: (page: PageModel) => string | undefined = () => undefined,
): (theme: Theme, site: SiteModel, page: PageModel) => string {
  if (!memory) return renderPage;
  const [last, beforeLast] = memory.used;
  dropUnused(memory.pages, last, beforeLast);
  const used = new Set<string>();
  memory.used = [used, last];
  return (theme, site, page) => {
    const key = keyOf(page) ?? renderKey(theme, site, page);
    used.add(key);
    let html = memory.pages.get(key);
    if (html === undefined) {
      html = renderPage(theme, site, page);
      memory.pages.set(key, html);
    }
    return html;
  };
}
