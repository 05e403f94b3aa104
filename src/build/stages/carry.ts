import { realFolderChecker } from "../../files/within.js";
import { designpressVersion } from "../cache/keys.js";
import { carriedPages, renderedKeys, startSitePages, writtenSitePages } from "../cache/rendered.js";
import { type BuildContext, ready, type Stage } from "../context.js";

/**
 * The pages whose every input is as it was for the build that left the
 * output folder: their HTML is read back from it instead of rendered again (a
 * rebuild after one edit to a writeup's text renders that page alone). The
 * keys, for the next build, are worked out here, once the social cards are known.
 * `dev` keeps its pages in its render memory instead, by the same keys.
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
    context.renderedKeys = keys;
    if (siteCacheDir === undefined) {
      // dev: its writeups' pages remembered by these keys (see `rememberRenders`), and the
      // site's own pages as the last build wrote them while nothing they show changed.
      const last = memory?.sitePages;
      startSitePages(site, last?.key === keys.sitePages ? last.pages : new Map());
      if (memory) memory.sitePages = { key: keys.sitePages, pages: writtenSitePages(site) };
      return;
    }
    context.outputFolders = realFolderChecker(outDir);
    const carried = carriedPages(siteCacheDir, outDir, keys, context.outputFolders);
    context.carried = carried;
    startSitePages(site, carried.sitePages);
    if (result.cache)
      result.cache.carried = { pages: carried.pages.size, sitePages: carried.sitePages.size };
  },
};
