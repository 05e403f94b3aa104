import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setImmediate as yieldToOthers } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Root as HastRoot } from "hast";
import type { VFile } from "vfile";
import type { ConfigModuleRef, SiteConfig } from "../config/index.js";
import type { PageProcessor } from "../pipeline/processor.js";
import { type CachedMessage, cachedMessages, decodePage, restorePage } from "./cache/entries.js";

/** A page to transform: its file as the read stage left it, and its build-cache key. */
export interface PageJob {
  file: VFile;
  key: string;
}

/** A page transformed: its tree, and the cache entry's text when another thread made it. */
export interface TransformedPage {
  tree: HastRoot;
  encoded?: string;
}

/** What a transform thread needs to make the page processor this thread has (plugins are loaded again). */
export interface ThreadSetup {
  root: string;
  contentDir: string;
  config: SiteConfig;
  /** The config module, whose plugins and rules the thread imports itself. */
  module: ConfigModuleRef | undefined;
  extraFields: readonly string[] | undefined;
}

/** A page as it crosses to a thread: the file is read again from its source there. */
export interface ThreadJob {
  index: number;
  path: string;
  source: string;
  key: string;
  /** The file's messages so far (reading it), which the thread's file takes in place of its own. */
  messages: CachedMessage[];
}

/** What a thread posts back: a page as a cache entry's text, a page it could not transform, or its end. */
export type ThreadReport = { index: number; text: string } | { failed: number } | { done: true };

/** The most threads that transform pages, this one included. */
export const defaultThreads = Math.max(1, Math.min(4, availableParallelism()));

/** Fewer pages than this to a thread, and starting it (loading every plugin again) costs more than it saves. */
const minimumShare = 50;

/** Pages transformed between two turns of the event loop. */
const pagesBetweenYields = 16;

// The compiled worker beside this module; run from source (tests, tsx) there is none.
const workerUrl = new URL("./transform-worker.js", import.meta.url);

/**
 * Every page through the page processor, in the jobs' order: on a large site,
 * the pages are shared out between this thread and others (each a share of
 * consecutive pages), which post each page back as a build-cache entry, read
 * here as a cached page is. A page a thread could not make (its plugin threw,
 * the thread died) is made here, so a build's outcome, errors included, is the
 * one a single thread gives.
 */
export async function transformPages<Job extends PageJob>(
  jobs: readonly Job[],
  processor: PageProcessor,
  options: TransformOptions<Job>,
): Promise<TransformedPage[]> {
  const threads = Math.min(options.threads, Math.floor(jobs.length / minimumShare));
  if (threads < 2 || !existsSync(fileURLToPath(workerUrl)) || !cloneable(options.setup)) {
    return transformHere(jobs, processor, options);
  }
  const size = Math.ceil(jobs.length / threads);
  const shares = Array.from({ length: threads }, (_, number) =>
    jobs.slice(number * size, (number + 1) * size),
  );
  const others = shares.slice(1).map((share) => startThread(share, options));
  try {
    const made = await transformHere(shares[0] ?? [], processor, options);
    for (const thread of others) {
      const received = await thread.ended(options.signal);
      for (const [index, job] of thread.share.entries()) {
        made.push(received[index] ?? (await transformOne(job, processor, options)));
      }
    }
    return made;
  } finally {
    for (const thread of others) void thread.worker.terminate();
  }
}

async function transformHere<Job extends PageJob>(
  jobs: readonly Job[],
  processor: PageProcessor,
  options: TransformOptions<Job>,
): Promise<TransformedPage[]> {
  const made: TransformedPage[] = [];
  for (const [position, job] of jobs.entries()) {
    // Page plugins resolve without I/O: a stop (Ctrl-C), and other threads' pages, are heard only when the event loop turns.
    if (position % pagesBetweenYields === pagesBetweenYields - 1) await yieldToOthers();
    options.signal?.throwIfAborted();
    made.push(await transformOne(job, processor, options));
  }
  return made;
}

async function transformOne<Job extends PageJob>(
  job: Job,
  processor: PageProcessor,
  { onMade }: TransformOptions<Job>,
): Promise<TransformedPage> {
  const page = { tree: await processor.run(processor.parse(job.file), job.file) };
  onMade(job, page);
  return page;
}

export interface TransformOptions<Job extends PageJob> {
  threads: number;
  setup: ThreadSetup;
  signal?: AbortSignal | undefined;
  /** Called with each page as soon as it is made (here, or received from a thread), in no set order. */
  onMade: (job: Job, page: TransformedPage) => void;
}

/** A config that a thread can be given: plain data (a config module's functions are loaded there again). */
function cloneable(setup: ThreadSetup): boolean {
  try {
    structuredClone(setup);
    return true;
  } catch {
    return false;
  }
}

interface Thread<Job extends PageJob> {
  share: readonly Job[];
  worker: Worker;
  /** The pages it made, by their place in its share, once it ended (or failed); rejects when the build stops. */
  ended(signal: AbortSignal | undefined): Promise<(TransformedPage | undefined)[]>;
}

function startThread<Job extends PageJob>(
  share: readonly Job[],
  { setup, onMade }: TransformOptions<Job>,
): Thread<Job> {
  // A file that was not read (unreadable, too large) has no source to send: it is made here.
  const jobs: ThreadJob[] = share.flatMap(({ file, key }, index) =>
    typeof file.data.source === "string"
      ? [{ index, path: file.path, source: file.data.source, key, messages: cachedMessages(file) }]
      : [],
  );
  const worker = new Worker(workerUrl, { workerData: { setup, jobs } });
  const received: (TransformedPage | undefined)[] = [];
  const ended = new Promise<void>((resolve) => {
    worker.on("message", (report: ThreadReport) => {
      if ("text" in report) {
        const job = share[report.index];
        const entry = job && decodePage(job.key, report.text);
        if (job && entry) {
          const page = { tree: restorePage(job.file, entry), encoded: report.text };
          received[report.index] = page;
          onMade(job, page);
        }
      } else resolve();
    });
    // A thread that dies leaves its remaining pages to this one.
    worker.once("error", () => resolve());
    worker.once("exit", () => resolve());
  });
  return {
    share,
    worker,
    ended(signal) {
      if (!signal) return ended.then(() => received);
      signal.throwIfAborted();
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        void ended.then(() => {
          signal.removeEventListener("abort", onAbort);
          resolve(received);
        });
      });
    },
  };
}
