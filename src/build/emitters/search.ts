import path from "node:path";
import { PassThrough } from "node:stream";
import { setImmediate as yieldToOthers } from "node:timers/promises";
import { reallyInside } from "../../files/within.js";
import {
  type CachedIndex,
  type IndexedDocument,
  indexedDocument,
  pruneSearchCache,
  readCachedIndex,
  searchCacheDir,
  shardCacheFile,
  writeCachedIndex,
} from "../../search/cache.js";
import {
  type BundleFile,
  type IndexingRun,
  isRuntimeFile,
  pagefindVersion,
  type SearchDocument,
  startIndexing,
} from "../../search/pagefind.js";
import { shardCount, shardFolder, shardOf, shardsManifest } from "../../search/shards.js";
import type { Emitter } from "./types.js";
import { writeEach } from "./write-each.js";

/** The folder of the search bundle in the output, which the theme's search box loads. */
export const searchFolder = "pagefind";

/** Pages rendered between two looks at the stop signal (and chances for the pages emitter to write). */
const batch = 16;

const sameDocument = (a: IndexedDocument | undefined, b: IndexedDocument) =>
  a !== undefined && a.url === b.url && a.sha256 === b.sha256;

/** A page for the index: its HTML is read (a carried page's decoded) only if Pagefind indexes its shard. */
interface Page {
  url: string;
  html: () => string;
}

/** A shard of the index as the build goes: its cached index, its pages so far, and Pagefind's work on them. */
interface Shard {
  cacheFile: string;
  cached: CachedIndex | undefined;
  pages: Page[];
  indexed: IndexedDocument[];
  /** The pages still to come, once Pagefind indexes this shard. */
  feed?: PassThrough;
  indexing?: Promise<BundleFile[]>;
}

/**
 * Pagefind's index of every writeup's page, into `pagefind/`: on a site of
 * more than 256 pages, in shards that the search box merges (each page's
 * shard by its slug; the others listed in `pagefind/designpress-shards.json`).
 * It runs before the pages emitter, which starts once every page is with
 * Pagefind: each page goes to Pagefind (which indexes in processes of its
 * own) as soon as it is rendered, while this thread renders the next, and
 * the other emitters then write while Pagefind indexes (they would otherwise
 * hold back its pages: a cold build of 1,000 pages sent the last one 2.7 s
 * into the write stage instead of 2.2 s). A shard made from the same pages,
 * in the same order, is taken from `.designpress-cache/search/` instead:
 * Pagefind indexes a shard only from its first page that differs from it. If
 * Pagefind cannot run, the site goes out without search (the box hides itself
 * when the index does not load) and the build says why.
 */
export const searchEmitter: Emitter = {
  name: "search",
  // Pagefind indexes in its own processes, alongside the emitters after this one.
  overlaps: true,
  claims: ({ site }) =>
    site.config.search ? [{ path: searchFolder, source: "the search index", folder: true }] : [],
  async emit({ root, site, signal, warn, renderPage, pageBytes }, out, handOff) {
    if (!site.config.search || site.pages.length === 0) return;
    const cacheDir = path.join(root, searchCacheDir);
    const cacheInside = await reallyInside(root, cacheDir);
    if (!cacheInside)
      warn(
        `The search index cache \`${searchCacheDir}\` leads out of the project (a symlink), so it is neither read nor written; remove it`,
      );
    const pagefind = pagefindVersion();
    const count = shardCount(site.pages.map((page) => page.slug));
    const shards: Shard[] = await Promise.all(
      Array.from({ length: count }, async (_, number) => {
        const cacheFile = path.join(cacheDir, shardCacheFile(number, count));
        const cached = cacheInside ? await readCachedIndex(cacheFile, pagefind) : undefined;
        return { cacheFile, cached, pages: [], indexed: [] };
      }),
    );
    // Stops Pagefind when this build stops, or when rendering a page fails.
    const stop = new AbortController();
    const run = startIndexing(signal ? AbortSignal.any([signal, stop.signal]) : stop.signal);
    let bundles: BundleFile[][];
    try {
      try {
        for (const [position, page] of site.pages.entries()) {
          if (position % batch === batch - 1) {
            await yieldToOthers();
            signal?.throwIfAborted();
          }
          // URLs below the base: Pagefind's script prefixes the folder it is served from.
          const url = `/${page.slug}/`;
          const indexed = indexedDocument(url, pageBytes(page));
          add(
            shards[shardOf(page.slug, count)] as Shard,
            { url, html: () => renderPage(page) },
            indexed,
            run,
          );
        }
      } catch (error) {
        stop.abort(error);
        throw error;
      } finally {
        for (const shard of shards) shard.feed?.end();
      }
      // Every page is with Pagefind: the other emitters may take this thread.
      handOff?.();
      bundles = await Promise.all(shards.map((shard) => finish(shard, run)));
    } catch (error) {
      await run.end();
      if (signal?.aborted || stop.signal.aborted) throw error;
      warn(
        `Expected Pagefind to index the pages for search, but it failed (${(error as Error).message}); the site is built without search (reinstall designpress with its optional dependencies, or set \`search: false\`)`,
      );
      return;
    }
    const files = bundles.flatMap((bundle, number) =>
      bundle
        .filter((file) => number === 0 || !isRuntimeFile(file.path))
        .map((file) => ({
          path: `${searchFolder}/${shardFolder(number)}${file.path}`,
          data: file.data,
        })),
    );
    const manifest = { shards: bundles.slice(1).map((_, number) => shardFolder(number + 1)) };
    files.push({
      path: `${searchFolder}/${shardsManifest}`,
      data: new TextEncoder().encode(`${JSON.stringify(manifest)}\n`),
    });
    // Pagefind stopping, the cache kept and the files written side by side (each
    // waits on something else), every one ended before this returns or throws.
    const outcomes = await Promise.allSettled([
      run.end(),
      cacheInside &&
        keepIndexed(shards, bundles, pagefind, warn).then(() =>
          pruneSearchCache(cacheDir, root, count),
        ),
      writeEach(out, files),
    ]);
    const failed = outcomes.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
  },
};

/** A page as Pagefind takes it. */
const toDocument = ({ url, html }: Page): SearchDocument => ({ url, html: html() });

/** A page to its shard, and to Pagefind once the shard differs from its cached index. */
function add(shard: Shard, page: Page, made: IndexedDocument, run: IndexingRun): void {
  const position = shard.indexed.length;
  shard.pages.push(page);
  shard.indexed.push(made);
  if (shard.feed) shard.feed.write(toDocument(page));
  else if (!sameDocument(shard.cached?.documents[position], made)) {
    const feed = new PassThrough({ objectMode: true });
    // Should indexing fail midway, what is written after is dropped, not thrown.
    feed.on("error", () => undefined);
    shard.feed = feed;
    shard.indexing = run.index(feed);
    for (const earlier of shard.pages) feed.write(toDocument(earlier));
  }
}

/** A shard's files: its cached index when every page matched it, else what Pagefind makes. */
function finish(shard: Shard, run: IndexingRun): Promise<BundleFile[]> {
  if (!shard.indexing && shard.cached?.documents.length === shard.indexed.length)
    return Promise.resolve(shard.cached.files);
  // The cached index had more pages than there are now: made afresh all the same.
  shard.indexing ??= run.index(shard.pages.map(toDocument));
  return shard.indexing;
}

/** Each shard Pagefind made, kept for the next build in place of the one before. */
async function keepIndexed(
  shards: readonly Shard[],
  bundles: readonly BundleFile[][],
  pagefind: string,
  warn: (message: string) => void,
): Promise<void> {
  const outcomes = await Promise.allSettled(
    shards.map(async (shard, number) => {
      if (!shard.indexing) return;
      const files = bundles[number] ?? [];
      await writeCachedIndex(shard.cacheFile, { pagefind, documents: shard.indexed, files });
    }),
  );
  const failed = outcomes.find((outcome) => outcome.status === "rejected");
  if (failed)
    warn(
      `Could not write the search index cache ${searchCacheDir}/ (${(failed.reason as Error).message}); search works, but is indexed again on every build`,
    );
}
