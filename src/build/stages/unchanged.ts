import path from "node:path";
import { reallyInside } from "../../files/within.js";
import { readHistory } from "../../history/git.js";
import { buildCacheDir } from "../cache/folder.js";
import { configKey, designpressVersion } from "../cache/keys.js";
import { rememberRenderedPages, writtenSitePages } from "../cache/rendered.js";
import { keptFiles, rememberSite, replayFiles, siteKey, unchangedSite } from "../cache/site.js";
import { unwritableCache } from "../cache/store.js";
import { type BuildContext, ready, type Stage } from "../context.js";

/**
 * The build cache's folder, and the key of the whole site, when this build may
 * be one that changed nothing: a CLI build with a cache on disk (not `dev`,
 * which keeps its own, nor one with emitters of its caller's, which are code
 * no key can stand for).
 */
async function siteCache(context: BuildContext) {
  const { root, outDir, contentDir, options } = context;
  if (options.cacheDir === false || options.cache || options.emitters?.length) return undefined;
  const dir = path.resolve(root, options.cacheDir ?? buildCacheDir);
  // The page cache says so once when the folder leads out of the project.
  if (!(await reallyInside(root, dir))) return undefined;
  const { config, read, theme, contentFiles } = ready(
    context,
    "config",
    "read",
    "theme",
    "contentFiles",
  );
  context.history ??=
    config.lastUpdated || config.repo ? await readHistory(contentDir, options.signal) : undefined;
  const key = await siteKey({
    version: options.cacheVersion ?? (await designpressVersion()),
    config: configKey(config, read),
    theme,
    options: JSON.stringify([
      root,
      outDir,
      contentDir,
      options.strict ?? false,
      options.requireBrowser ?? false,
    ]),
    contentFiles,
    history: context.history,
  });
  return { dir, key };
}

/**
 * A site whose every input is as it was for the build that left the output
 * folder as it is now: that build's messages again, and nothing written.
 */
export const unchangedStage: Stage = {
  name: "unchanged",
  async run(context: BuildContext) {
    const cache = await siteCache(context);
    if (!cache) return;
    context.siteKey = cache.key;
    context.siteCacheDir = cache.dir;
    const outcome = await unchangedSite(cache.dir, context.outDir, cache.key);
    if (!outcome) return;
    const { result, root } = context;
    // In place of what the config and discover stages found: the kept files hold theirs too.
    result.files.splice(0, result.files.length, ...replayFiles(outcome, root));
    result.pages = outcome.pages;
    result.warnings.push(...outcome.warnings);
    if (outcome.diagrams > 0) {
      result.diagrams = {
        rendered: 0,
        cached: outcome.diagrams,
        failed: outcome.failedDiagrams,
        browserLaunched: false,
        ms: 0,
        warnings: [],
      };
    }
    if (outcome.cards > 0) result.cards = { drawn: 0, cached: outcome.cards };
    result.cache = { reused: outcome.pages, transformed: [] };
    result.unchanged = true;
    context.finished = true;
  },
};

/**
 * After writing: keep what this build printed and the folder it left, for the
 * next build with the same inputs — unless it fell back on something the
 * inputs do not say (no browser for the diagrams or the cards).
 */
export const rememberStage: Stage = {
  name: "remember",
  needsValidPages: true,
  async run(context: BuildContext) {
    const { result, siteKey: key, siteCacheDir: dir } = ready(context, "site", "config");
    if (key === undefined || dir === undefined) return;
    // Side by side: the pages' record, and the output folder listed for the site's.
    const pagesRemembered = rememberPages(context, dir);
    const siteRemembered = remembersSite(context)
      ? rememberSite(dir, context.outDir, key, {
          files: keptFiles(result.files),
          pages: result.pages,
          diagrams: (result.diagrams?.rendered ?? 0) + (result.diagrams?.cached ?? 0),
          failedDiagrams: result.diagrams?.failed ?? 0,
          cards: (result.cards?.drawn ?? 0) + (result.cards?.cached ?? 0),
          warnings: result.warnings,
        })
      : undefined;
    for (const failure of [await pagesRemembered, await siteRemembered])
      if (failure) warnUnwritable(context, dir, failure);
  },
};

/**
 * Whether this build's outcome stands for its inputs: not when it fell back on
 * something they do not say (no browser for the diagrams or the cards).
 */
function remembersSite(context: BuildContext): boolean {
  const { result, site, config } = ready(context, "site", "config");
  if ((result.diagrams?.warnings.length ?? 0) > 0) return false;
  return !config.cards || (site.cards?.size ?? 0) >= site.pages.length + 1;
}

/** How each page now in the output folder was rendered (see the carry stage). */
function rememberPages(context: BuildContext, dir: string): Promise<string | undefined> {
  const { renderedKeys: keys, emitterSite } = context;
  if (!keys || !emitterSite) return Promise.resolve(undefined);
  const pages = [...keys.pages].map(([page, key]) => ({
    slug: page.slug,
    key,
    html: emitterSite.pageBytes(page),
  }));
  const sitePages = writtenSitePages(emitterSite.site);
  return rememberRenderedPages(dir, context.outDir, keys, pages, sitePages, context.carried);
}

function warnUnwritable(context: BuildContext, dir: string, reason: string): void {
  const warning = unwritableCache(context.root, dir, reason);
  if (!context.result.warnings.includes(warning)) context.result.warnings.push(warning);
}
