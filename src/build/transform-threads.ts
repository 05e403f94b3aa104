import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setImmediate as yieldToOthers } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Root as HastRoot } from "hast";
import type { VFile } from "vfile";
import type { ConfigModuleRef, SiteConfig } from "../config/index.js";
import { fail } from "../core/messages.js";
import { PluginError, pluginRule } from "../pipeline/guard-plugin.js";
import type { PageProcessor } from "../pipeline/processor.js";
import { type CachedMessage, cachedMessages, decodeOwnPage, restorePage } from "./cache/entries.js";

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
 * the pages are shared out between this thread and others, each taking the
 * next page not yet taken (a counter in shared memory), so that every thread
 * works to the end whatever its pages cost. The others post each page back as
 * a build-cache entry, read here as a cached page is. A page another thread
 * could not make (its plugin threw, the thread died) is made here, so a
 * build's outcome, errors included, is the one a single thread gives.
 */
export async function transformPages<Job extends PageJob>(
  jobs: readonly Job[],
  processor: PageProcessor,
  options: TransformOptions<Job>,
): Promise<TransformedPage[]> {
  const threads = Math.min(options.threads, Math.floor(jobs.length / minimumShare));
  const made: (TransformedPage | undefined)[] = [];
  if (threads < 2 || !existsSync(fileURLToPath(workerUrl)) || !cloneable(options.setup)) {
    for (const [index, job] of jobs.entries()) {
      await turn(index, options.signal);
      made.push(await transformOne(job, processor, options));
    }
    return made as TransformedPage[];
  }
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  // A file that was not read (unreadable, too large) has no source to send: it is made here.
  const sent: ThreadJob[] = jobs.flatMap(({ file, key }, index) =>
    typeof file.data.source === "string"
      ? [{ index, path: file.path, source: file.data.source, key, messages: cachedMessages(file) }]
      : [],
  );
  const others = Array.from({ length: threads - 1 }, () =>
    startThread(jobs, sent, next, made, options),
  );
  try {
    // A page that throws here stops this thread; it is thrown in the pages' order below.
    let failed: { index: number; error: unknown } | undefined;
    for (let taken = 0; failed === undefined; taken++) {
      const index = Atomics.add(next, 0, 1);
      if (index >= jobs.length) break;
      await turn(taken, options.signal);
      try {
        made[index] = await transformOne(jobs[index] as Job, processor, options);
      } catch (error) {
        failed = { index, error };
      }
    }
    for (const thread of others) await thread.ended(options.signal);
    // What another thread took and did not make, in order: the first page that
    // throws is the one a single thread would have thrown at.
    for (const [index, job] of jobs.entries()) {
      if (index === failed?.index) throw failed.error;
      made[index] ??= await transformOne(job, processor, options);
    }
    return made as TransformedPage[];
  } finally {
    for (const thread of others) void thread.worker.terminate();
  }
}

/**
 * Page plugins resolve without I/O: a stop (Ctrl-C), and other threads'
 * pages, are heard only when the event loop turns, now and then (`taken`
 * counts the pages this loop went through).
 */
export async function turn(taken: number, signal: AbortSignal | undefined): Promise<void> {
  if (taken % pagesBetweenYields === pagesBetweenYields - 1) await yieldToOthers();
  signal?.throwIfAborted();
}

/**
 * A page through the processor. A plugin of the config module's that throws
 * is an error on the page, as a rule's would be, and the other pages go on
 * (every page it throws on is reported, whatever the threads); the page is
 * then not kept in the cache.
 */
async function transformOne<Job extends PageJob>(
  job: Job,
  processor: PageProcessor,
  { onMade }: TransformOptions<Job>,
): Promise<TransformedPage> {
  try {
    const page = { tree: await processor.run(processor.parse(job.file), job.file) };
    onMade(job, page);
    return page;
  } catch (error) {
    if (!(error instanceof PluginError)) throw error;
    fail(job.file, error.message, undefined, pluginRule);
    return { tree: { type: "root", children: [] } };
  }
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

interface Thread {
  worker: Worker;
  /** Resolves once it ended (or failed), every page it made received; rejects when the build stops. */
  ended(signal: AbortSignal | undefined): Promise<void>;
}

/**
 * A thread that takes pages from `next` (of `sent`, the jobs it can make) and
 * puts each it made in `made`, by its index.
 */
function startThread<Job extends PageJob>(
  jobs: readonly Job[],
  sent: readonly ThreadJob[],
  next: Int32Array,
  made: (TransformedPage | undefined)[],
  { setup, onMade }: TransformOptions<Job>,
): Thread {
  const worker = new Worker(workerUrl, {
    workerData: { setup, jobs: sent, total: jobs.length, next },
  });
  const ended = new Promise<void>((resolve) => {
    worker.on("message", (report: ThreadReport) => {
      if (!("text" in report)) return resolve();
      const job = jobs[report.index];
      const entry = job && decodeOwnPage(job.key, report.text);
      if (!job || !entry) return;
      // Its tree is used at once (the page is rendered): parsed here, not later.
      const page = { tree: restorePage(job.file, entry).tree, encoded: report.text };
      made[report.index] = page;
      onMade(job, page);
    });
    // A thread that dies leaves its remaining pages to this one.
    worker.once("error", () => resolve());
    worker.once("exit", () => resolve());
  });
  return {
    worker,
    ended(signal) {
      if (!signal) return ended;
      signal.throwIfAborted();
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        void ended.then(() => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        });
      });
    },
  };
}
