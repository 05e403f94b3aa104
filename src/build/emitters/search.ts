import path from "node:path";
import {
  readCachedIndex,
  searchCacheFile,
  searchIndexKey,
  writeCachedIndex,
} from "../../search/cache.js";
import { type BundleFile, indexDocuments, pagefindVersion } from "../../search/pagefind.js";
import { pageHtml } from "./pages.js";
import type { Emitter } from "./types.js";

/** The folder of the search bundle in the output, which the theme's search box loads. */
export const searchFolder = "pagefind";

/**
 * Pagefind's index of every writeup, from the HTML the pages emitter wrote
 * (so it runs after it), into `pagefind/`. An index made from the same pages
 * is taken from `.designpress-cache/search/` instead of being made again. If
 * Pagefind cannot run, the site goes out without search (the box hides
 * itself when the index does not load) and the build says why.
 */
export const searchEmitter: Emitter = {
  name: "search",
  // Pagefind indexes in its own process, alongside the emitters after this one.
  overlaps: true,
  claims: ({ site }) =>
    site.config.search ? [{ path: searchFolder, source: "the search index", folder: true }] : [],
  async emit({ root, theme, site, signal, warn }, out) {
    if (!site.config.search || site.pages.length === 0) return;
    // URLs below the base: Pagefind's script prefixes the folder it is served from.
    const documents = site.pages.map((page) => ({
      url: `/${page.slug}/`,
      html: pageHtml(theme, site, page),
    }));
    const cacheFile = path.join(root, searchCacheFile);
    const key = searchIndexKey(documents, pagefindVersion());
    let files: BundleFile[] | undefined = await readCachedIndex(cacheFile, key);
    if (!files) {
      try {
        files = await indexDocuments(documents, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        warn(
          `Expected Pagefind to index the pages for search, but it failed (${(error as Error).message}); the site is built without search (reinstall designpress with its optional dependencies, or set \`search: false\`)`,
        );
        return;
      }
      await writeCachedIndex(cacheFile, key, files).catch((error: Error) =>
        warn(
          `Could not write the search index cache ${searchCacheFile} (${error.message}); search works, but is indexed again on every build`,
        ),
      );
    }
    for (const file of files) await out.write(`${searchFolder}/${file.path}`, file.data);
  },
};
