import path from "node:path";
import { PassThrough } from "node:stream";
import { setImmediate as yieldToOthers } from "node:timers/promises";
import {
  type IndexedDocument,
  indexedDocument,
  readCachedIndex,
  searchCacheFile,
  writeCachedIndex,
} from "../../search/cache.js";
import {
  type BundleFile,
  indexDocuments,
  pagefindVersion,
  type SearchDocument,
} from "../../search/pagefind.js";
import type { Emitter } from "./types.js";
import { writeEach } from "./write-each.js";

/** The folder of the search bundle in the output, which the theme's search box loads. */
export const searchFolder = "pagefind";

/** Pages rendered between two looks at the stop signal (and chances for the pages emitter to write). */
const batch = 16;

const sameDocument = (a: IndexedDocument | undefined, b: IndexedDocument) =>
  a !== undefined && a.url === b.url && a.sha256 === b.sha256;

/**
 * Pagefind's index of every writeup's page, into `pagefind/`. It runs
 * before the pages emitter, alongside it: each page goes to Pagefind (which
 * indexes in a process of its own) as soon as it is rendered, while the main
 * thread renders the next. The index made from the same pages, in the same
 * order, is taken from `.designpress-cache/search/` instead: Pagefind starts
 * only at the first page that differs from it. If Pagefind cannot run, the
 * site goes out without search (the box hides itself when the index does not
 * load) and the build says why.
 */
export const searchEmitter: Emitter = {
  name: "search",
  // Pagefind indexes in its own process, alongside the emitters after this one.
  overlaps: true,
  claims: ({ site }) =>
    site.config.search ? [{ path: searchFolder, source: "the search index", folder: true }] : [],
  async emit({ root, site, signal, warn, renderPage }, out) {
    if (!site.config.search || site.pages.length === 0) return;
    const cacheFile = path.join(root, searchCacheFile);
    const pagefind = pagefindVersion();
    const cached = await readCachedIndex(cacheFile, pagefind);
    const documents: SearchDocument[] = [];
    const indexed: IndexedDocument[] = [];
    // Stops Pagefind when this build stops, or when rendering a page fails.
    const stop = new AbortController();
    const stopped = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    let feed: PassThrough | undefined;
    let indexing: Promise<BundleFile[]> | undefined;
    const startIndexing = (pages: Iterable<SearchDocument> | PassThrough) => {
      indexing = indexDocuments(pages, stopped);
      // Awaited below; not left unhandled if rendering fails first.
      indexing.catch(() => undefined);
    };
    try {
      for (const [number, page] of site.pages.entries()) {
        if (number % batch === batch - 1) {
          await yieldToOthers();
          signal?.throwIfAborted();
        }
        // URLs below the base: Pagefind's script prefixes the folder it is served from.
        const document = { url: `/${page.slug}/`, html: renderPage(page) };
        const made = indexedDocument(document);
        documents.push(document);
        indexed.push(made);
        if (feed) feed.write(document);
        else if (!sameDocument(cached?.documents[number], made)) {
          feed = new PassThrough({ objectMode: true });
          // Should indexing fail midway, what is written after is dropped, not thrown.
          feed.on("error", () => undefined);
          startIndexing(feed);
          for (const earlier of documents) feed.write(earlier);
        }
      }
    } catch (error) {
      stop.abort(error);
      throw error;
    } finally {
      feed?.end();
    }
    let files: BundleFile[] | undefined;
    if (!indexing && cached?.documents.length === indexed.length) files = cached.files;
    else {
      // The cached index had more pages than there are now: made afresh all the same.
      if (!indexing) startIndexing(documents);
      try {
        files = await (indexing as Promise<BundleFile[]>);
      } catch (error) {
        if (signal?.aborted) throw error;
        warn(
          `Expected Pagefind to index the pages for search, but it failed (${(error as Error).message}); the site is built without search (reinstall designpress with its optional dependencies, or set \`search: false\`)`,
        );
        return;
      }
      await writeCachedIndex(cacheFile, { pagefind, documents: indexed, files }).catch(
        (error: Error) =>
          warn(
            `Could not write the search index cache ${searchCacheFile} (${error.message}); search works, but is indexed again on every build`,
          ),
      );
    }
    await writeEach(
      out,
      files.map((file) => ({ path: `${searchFolder}/${file.path}`, data: file.data })),
    );
  },
};
