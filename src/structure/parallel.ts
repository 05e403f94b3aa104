import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Point, Position } from "unist";
import { VFile } from "vfile";
import type { ConfigModuleRef } from "../config/index.js";
import { report } from "../core/messages.js";
import { readSourceSync } from "../writeup/source.js";
import type { StructureOptions } from "./check.js";
import { checkWriteup, PageIndex, type SiteCheckOptions } from "./check-writeup.js";

/** A file to check: the path shown in messages and the path to read. */
export interface CheckJob {
  shown: string;
  absolute: string;
}

/** A check's outcome for one file, in a form that crosses a thread. */
export type CheckOutcome = { messages: SerialisedMessage[] } | { unreadable: string };

// Every message of the check has a rule id and `designpress` as its source.
interface SerialisedMessage {
  reason: string;
  place: Position | Point | undefined;
  ruleId: string;
  fatal: boolean;
  /** A project's rule's own docs (designpress's rules get theirs again from the registry). */
  url?: string;
}

/** Below this many files, starting threads costs more than it saves. */
const parallelThreshold = 150;

// From this module, and from `lib/cli/check.bundle.cjs`, which holds it.
const workerUrl = new URL("../structure/check-worker.js", import.meta.url);

/** The nine-step rules' options and what the build's own checks need. */
export interface CheckOptions {
  structure: StructureOptions;
  site: SiteCheckOptions;
  /** The config module whose `rules` are `structure.customRules`: each thread loads it itself. */
  configModule?: ConfigModuleRef;
}

export async function checkOne(
  job: CheckJob,
  options: CheckOptions,
  pages: PageIndex,
): Promise<CheckOutcome> {
  // Synchronously: awaiting each read left the thread idle for a sixth of a run.
  const source = readSourceSync(job.absolute);
  if ("unreadable" in source) {
    return { unreadable: `cannot read \`${job.shown}\`: ${source.unreadable}` };
  }
  // A file refused before it was read (too large) is not checked.
  if (source.problems.some((problem) => problem.fatal)) return { messages: source.problems };
  const file = await checkWriteup(
    job.absolute,
    source.text,
    options.structure,
    options.site,
    pages,
  );
  return {
    messages: [
      ...source.problems,
      ...file.messages.map((message) => ({
        reason: message.reason,
        place: message.place ?? undefined,
        ruleId: message.ruleId ?? "",
        fatal: message.fatal === true,
        ...(message.url ? { url: message.url } : {}),
      })),
    ],
  };
}

/**
 * Check many files, on every core when there are enough of them to pay for the
 * threads (parsing dominates, and it is CPU-bound). Results keep the jobs' order.
 */
export async function checkMany(
  jobs: readonly CheckJob[],
  options: CheckOptions,
): Promise<CheckOutcome[]> {
  const threads = Math.min(
    availableParallelism(),
    Math.ceil(jobs.length / (parallelThreshold / 2)),
  );
  const inThisThread = (chunk: readonly CheckJob[]) => checkAll(chunk, options);
  // Run from source (tests, tsx) there is no compiled worker: check in this thread.
  if (jobs.length < parallelThreshold || threads < 2 || !existsSync(fileURLToPath(workerUrl))) {
    return inThisThread(jobs);
  }
  const chunks: CheckJob[][] = Array.from({ length: threads }, () => []);
  for (const [index, job] of jobs.entries()) chunks[index % threads]?.push(job);
  // The other threads start first; this thread then checks the first share
  // (synchronously) while they check theirs.
  const others = chunks.slice(1).map(
    (chunk) =>
      new Promise<CheckOutcome[]>((resolve, reject) => {
        // Rules are functions, which cannot cross to a thread: it loads the config module again.
        const { customRules: _functions, ...structure } = options.structure;
        const worker = new Worker(workerUrl, {
          workerData: { jobs: chunk, options: { ...options, structure } },
        });
        worker.once("message", (outcomes: CheckOutcome[]) => {
          resolve(outcomes);
          void worker.terminate();
        });
        worker.once("error", reject);
        worker.once("exit", (code) => {
          if (code !== 0) reject(new Error(`a check thread stopped with code ${code}`));
        });
      }),
  );
  const results = await Promise.all([inThisThread(chunks[0] ?? []), ...others]);
  return jobs.map(
    (_, index) => results[index % threads]?.[Math.floor(index / threads)] as CheckOutcome,
  );
}

/** Check files one after the other (each thread shares one index of the pages links name). */
export async function checkAll(
  jobs: readonly CheckJob[],
  options: CheckOptions,
): Promise<CheckOutcome[]> {
  const pages = new PageIndex(options.site.contentDir, options.site.cacheDir);
  const outcomes: CheckOutcome[] = [];
  for (const job of jobs) outcomes.push(await checkOne(job, options, pages));
  return outcomes;
}

/** A file carrying the messages of an outcome, for the formatters. */
export function toVFile(shown: string, outcome: { messages: SerialisedMessage[] }): VFile {
  const file = new VFile({ path: shown });
  for (const { reason, place, ruleId, fatal, url } of outcome.messages) {
    const message = report(file, fatal, reason, place, ruleId);
    if (url && !message.url) message.url = url;
  }
  return file;
}
