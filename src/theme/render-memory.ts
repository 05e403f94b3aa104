import { createHash } from "node:crypto";
import type { Theme } from "./load.js";
import type { PageModel, SiteModel } from "./model.js";
import { renderPage } from "./render.js";

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
}

export function createRenderMemory(): RenderMemory {
  return { pages: new Map(), used: [new Set(), new Set()] };
}

const themeKeys = new WeakMap<Theme, string>();

/** The theme as a page sees it: its templates' text and its assets' published names. */
function themeKey(theme: Theme): string {
  let key = themeKeys.get(theme);
  if (key === undefined) {
    key = JSON.stringify([
      theme.name,
      theme.layout,
      theme.templates,
      theme.components,
      [...theme.assets.files].map(([name, asset]) => [name, asset.output]),
    ]);
    themeKeys.set(theme, key);
  }
  return key;
}

const configKeys = new WeakMap<SiteModel["config"], string>();

function configKey(config: SiteModel["config"]): string {
  let key = configKeys.get(config);
  if (key === undefined) {
    key = JSON.stringify(config);
    configKeys.set(config, key);
  }
  return key;
}

/**
 * A page's key: its model (content tree included) and what else it is a pure
 * function of. Serializing the model costs a fraction of rendering it.
 */
function renderKey(theme: Theme, site: SiteModel, page: PageModel): string {
  const card = site.cards?.get(`${page.slug}/`);
  return createHash("sha256")
    .update(themeKey(theme))
    .update("\0")
    .update(configKey(site.config))
    .update("\0")
    .update(card ? JSON.stringify([card.path, card.width, card.height, card.alt]) : "")
    .update("\0")
    .update(JSON.stringify(page))
    .digest("hex");
}

/**
 * {@link renderPage} for one build, remembered in `memory` when there is one
 * (without, every page is rendered). Made once per build: it lets go of the
 * pages neither of the last two builds asked for.
 */
export function rememberRenders(
  memory: RenderMemory | undefined,
): (theme: Theme, site: SiteModel, page: PageModel) => string {
  if (!memory) return renderPage;
  const [last, beforeLast] = memory.used;
  for (const key of memory.pages.keys()) {
    if (!last.has(key) && !beforeLast.has(key)) memory.pages.delete(key);
  }
  const used = new Set<string>();
  memory.used = [used, last];
  return (theme, site, page) => {
    const key = renderKey(theme, site, page);
    used.add(key);
    let html = memory.pages.get(key);
    if (html === undefined) {
      html = renderPage(theme, site, page);
      memory.pages.set(key, html);
    }
    return html;
  };
}
