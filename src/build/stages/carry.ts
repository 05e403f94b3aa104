import type { PageModel } from "../../theme/model.js";
import { designpressVersion } from "../cache/keys.js";
import { carriedPages, renderedPageKey } from "../cache/rendered.js";
import { type BuildContext, ready, type Stage } from "../context.js";

/**
 * The writeup pages whose every input is as it was for the build that left
 * the output folder: their HTML is read back from it instead of rendered
 * again (a rebuild after one edit renders one page). Each page's key, for the
 * next build, is worked out here, once its social card is known.
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
    if (!pageContentKeys || siteCacheDir === undefined) return;
    const version = options.cacheVersion ?? (await designpressVersion());
    const keys = new Map<PageModel, string>();
    for (const page of site.pages) {
      const contentKey = pageContentKeys.get(page);
      if (contentKey) keys.set(page, renderedPageKey(version, theme, site, page, contentKey));
    }
    context.renderedKeys = keys;
    const carried = await carriedPages(siteCacheDir, outDir, keys);
    context.carried = carried;
    if (result.cache) result.cache.carried = carried.size;
  },
};
