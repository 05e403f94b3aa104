import { availableParallelism } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { installedPackage } from "../core/installed-package.js";
import { isPlainRelativePath } from "../files/within.js";

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

/** Pagefind's runtime: its script, its worker and its WebAssembly, which a merged index takes from the first. */
export const isRuntimeFile = (name: string): boolean =>
  /^(pagefind\.js|pagefind-worker\.js|wasm\.[\w-]+\.pagefind)$/.test(name);

type Documents = Iterable<SearchDocument> | AsyncIterable<SearchDocument>;

/** Indexes made in one run of Pagefind's backend. */
export interface IndexingRun {
  /**
   * Pagefind's index of `documents`, in their order, as files in memory. Same
   * documents, same bytes. The documents may come as they are made (an async
   * iterable): each is sent to Pagefind, which indexes in a process of its
   * own, as soon as it comes. Rejects with the signal's reason once it aborts.
   */
  index(documents: Documents): Promise<BundleFile[]>;
  /** No more indexes come: the backend stops once every index asked for is made or has failed. */
  end(): Promise<void>;
}

type Pagefind = typeof import("pagefind");

/**
 * The most Pagefind backends one run indexes with. Each is a process that
 * makes one index at a time: the shards of a large site are indexed side by
 * side, on as many cores (a cold build of 1,000 pages, four shards, two cores:
 * its write stage, which ends waiting for the index, 8.3 → 7.2 s).
 */
const backendCount = Math.max(1, Math.min(4, availableParallelism()));

/**
 * Pagefind's module keeps one backend process per instance of it: each
 * backend here is an instance of its own, imported under its own URL.
 */
const backends: Promise<Pagefind>[] = [];

function backend(number: number): Promise<Pagefind> {
  backends[number] ??=
    number === 0
      ? import("pagefind")
      : (import(`${import.meta.resolve("pagefind")}?backend=${number}`) as Promise<Pagefind>);
  return backends[number];
}

// `close()` stops a backend for every caller: runs take their turns.
let queue: Promise<unknown> = Promise.resolve();

/**
 * A run of Pagefind's backends that makes any number of indexes side by side
 * (each numbers its pages in the order they were sent; the indexes asked for
 * go to the backends in turn), stopped by `end()`, and at once when `signal`
 * aborts.
 */
export function startIndexing(signal?: AbortSignal): IndexingRun {
  const turn = queue;
  let endRun = () => {};
  const ended = new Promise<void>((resolve) => {
    endRun = resolve;
  });
  const asked: Promise<BundleFile[]>[] = [];
  const used = new Set<Promise<Pagefind>>();
  const unanswered = new Set<Promise<unknown>>();
  const track: Track = (request) => {
    unanswered.add(request);
    const answered = () => unanswered.delete(request);
    request.then(answered, answered);
    return request;
  };
  const closeUsed = async () => {
    // Pagefind's close() shuts a backend's pipes before it kills it: a backend still
    // answering then writes into a closed pipe and panics onto our stderr. A stopped
    // run sends nothing more, so its backends are closed once they have answered.
    if (unanswered.size > 0) {
      await Promise.race([
        Promise.allSettled([...unanswered]),
        sleep(answersWaitMs, undefined, { ref: false }),
      ]);
    }
    await Promise.allSettled([...used].map(async (pagefind) => (await pagefind).close()));
  };
  const onAbort = () => void closeUsed();
  const finished = turn
    .then(() => {
      signal?.addEventListener("abort", onAbort, { once: true });
      return ended;
    })
    .then(() => Promise.allSettled(asked))
    .then(async () => {
      signal?.removeEventListener("abort", onAbort);
      await closeUsed();
    });
  queue = finished.catch(() => undefined);
  return {
    index(documents) {
      const pagefind = backend(asked.length % backendCount);
      used.add(pagefind);
      const made = turn.then(async () => indexNow(await pagefind, documents, track, signal));
      // Awaited by the caller; not left unhandled should it stop first.
      made.catch(() => undefined);
      asked.push(made);
      return made;
    },
    end() {
      endRun();
      return finished;
    },
  };
}

/** Notes a request to a backend until it is answered; returns the request. */
type Track = <T>(request: Promise<T>) => Promise<T>;

/** How long a stopped run waits for its backends' last answers before it closes them anyway. */
const answersWaitMs = 2000;

async function indexNow(
  { createIndex }: Pagefind,
  documents: Documents,
  track: Track,
  signal?: AbortSignal,
): Promise<BundleFile[]> {
  const adding: Promise<string[]>[] = [];
  try {
    signal?.throwIfAborted();
    const { index, errors } = await track(createIndex({}));
    if (!index) throw new Error(errors.join("; ") || "Pagefind made no index");
    // Sent in order without waiting for each answer: Pagefind takes its messages
    // in the order they were written, and numbers the pages in that order.
    for await (const document of documents) {
      // After a stop, what still comes is drained unsent: sending would start a new backend.
      if (signal?.aborted) continue;
      const answer = track(index.addHTMLFile({ url: document.url, content: document.html })).then(
        ({ errors }) => errors,
      );
      // Awaited below; not left unhandled if the documents stop coming first.
      answer.catch(() => undefined);
      adding.push(answer);
    }
    signal?.throwIfAborted();
    const failures = (await Promise.all(adding)).flat();
    if (failures.length > 0) throw new Error(failures.join("; "));
    const { files, errors: writeErrors } = await track(index.getFiles());
    if (writeErrors.length > 0) throw new Error(writeErrors.join("; "));
    return files
      .filter((file) => !unusedInterfaces.test(file.path))
      .map((file) => {
        if (!isPlainRelativePath(file.path))
          throw new Error(`Pagefind wrote an unexpected path \`${file.path}\``);
        return { path: file.path, data: file.content };
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}
