import { close, createIndex } from "pagefind";
import { installedPackage } from "../core/installed-package.js";

/** A page to index: the URL Pagefind's results link to (below the site's base) and its HTML. */
export interface SearchDocument {
  url: string;
  html: string;
}

/** A file of Pagefind's bundle, by its path inside the bundle folder (`pagefind/`). */
export interface BundleFile {
  path: string;
  data: Uint8Array;
}

let version: string | undefined;

/** Pagefind's version, part of the index's cache key. */
export function pagefindVersion(): string {
  version ??= installedPackage("pagefind", import.meta.url)?.version ?? "unknown";
  return version;
}

/**
 * Pagefind's ready-made interfaces (its default, modular and component UIs,
 * and its highlighter): the theme's search box uses its JS API alone.
 */
const unusedInterfaces = /^pagefind-(ui|modular-ui|component-ui|highlight)\.(js|css)$/;

/** A plain relative path, with `/`, that stays inside the bundle folder. */
export const isBundlePath = (name: string): boolean =>
  /^[\w.-]+(\/[\w.-]+)*$/.test(name) && !name.split("/").includes("..");

// Pagefind runs one backend process per Node process, and `close()` stops
// it for every caller: indexes are built one at a time.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Pagefind's index of `documents`, in their order, as files in memory; the
 * backend is stopped afterwards, and at once when `signal` aborts (then this
 * rejects with the signal's reason). Same documents, same bytes. The
 * documents may come as they are made (an async iterable): each is sent to
 * Pagefind, which indexes in a process of its own, as soon as it comes.
 */
export function indexDocuments(
  documents: Iterable<SearchDocument> | AsyncIterable<SearchDocument>,
  signal?: AbortSignal,
): Promise<BundleFile[]> {
  const run = queue.then(() => indexNow(documents, signal));
  queue = run.catch(() => undefined);
  return run;
}

async function indexNow(
  documents: Iterable<SearchDocument> | AsyncIterable<SearchDocument>,
  signal?: AbortSignal,
): Promise<BundleFile[]> {
  signal?.throwIfAborted();
  const onAbort = () => void close();
  signal?.addEventListener("abort", onAbort, { once: true });
  const adding: Promise<string[]>[] = [];
  try {
    const { index, errors } = await createIndex({});
    if (!index) throw new Error(errors.join("; ") || "Pagefind made no index");
    // Sent in order without waiting for each answer: Pagefind takes its messages
    // in the order they were written, and numbers the pages in that order.
    for await (const document of documents) {
      // After a stop, what still comes is drained unsent: sending would start a new backend.
      if (signal?.aborted) continue;
      const answer = index
        .addHTMLFile({ url: document.url, content: document.html })
        .then(({ errors }) => errors);
      // Awaited below; not left unhandled if the documents stop coming first.
      answer.catch(() => undefined);
      adding.push(answer);
    }
    const failures = (await Promise.all(adding)).flat();
    if (failures.length > 0) throw new Error(failures.join("; "));
    const { files, errors: writeErrors } = await index.getFiles();
    if (writeErrors.length > 0) throw new Error(writeErrors.join("; "));
    return files
      .filter((file) => !unusedInterfaces.test(file.path))
      .map((file) => {
        if (!isBundlePath(file.path))
          throw new Error(`Pagefind wrote an unexpected path \`${file.path}\``);
        return { path: file.path, data: file.content };
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await close();
  }
}
