import { designpressVersion } from "../cache/keys.js";
import { carriedPages, renderedKeys, startSitePages, writtenSitePages } from "../cache/rendered.js";
import { type BuildContext, ready, type Stage } from "../context.js";

/**
 * The pages whose every input is as it was for the build that left the
 * output folder: their HTML is read back from it instead of rendered again (a
 * rebuild after one edit to a writeup's text renders that page alone). The
 * keys, for the next build, are worked out here, once the social cards are known.
 * `dev` keeps the site's own pages in its render memory instead.
 */
export const carryStage: Stage = {
  name: "carry",
  needsValidPages: true,
  async run(context: BuildContext) {
    const { site, theme, pageContentKeys, siteCacheDir, outDir, options, result } = ready(
      context,
      "site",
      "theme",
    );
    const memory = options.renderMemory;
    if (!pageContentKeys || (siteCacheDir === undefined && !memory)) return;
    const version = options.cacheVersion ?? (await designpressVersion());
    const keys = renderedKeys(version, theme, site, pageContentKeys);
    if (siteCacheDir === undefined) {
      // dev: the site's own pages as the last build wrote them, kept in memory, while
      // nothing they show changed (a text edit); its writeups' pages are remembered apart.
      const kept = memory?.sitePages?.key === keys.sitePages ? memory.sitePages.pages : undefined;
      startSitePages(site, kept ?? new Map());
      if (memory) memory.sitePages = { key: keys.sitePages, pages: writtenSitePages(site) };
      return;
    }
    context.renderedKeys = keys;
    const carried = await carriedPages(siteCacheDir, outDir, keys);
    context.carried = carried;
    startSitePages(site, carried.sitePages);
    if (result.cache)
      result.cache.carried = { pages: carried.pages.size, sitePages: carried.sitePages.size };
  },
};
