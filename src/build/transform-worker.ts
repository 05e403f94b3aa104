import { parentPort, workerData } from "node:worker_threads";
import { VFile } from "vfile";
import { readModuleExtensions } from "../config/index.js";
import { createPageProcessor } from "../pipeline/processor.js";
import { prepareWriteup } from "../writeup/read.js";
import { encodePage, restoreMessages } from "./cache/entries.js";
import type { ThreadJob, ThreadReport, ThreadSetup } from "./transform-threads.js";

// A thread of `transformPages`: takes the next page not yet taken, transforms
// it and posts it back as a build-cache entry's text, until none is left.
const { setup, jobs, total, next } = workerData as {
  setup: ThreadSetup;
  jobs: ThreadJob[];
  total: number;
  next: Int32Array;
};
const post = (report: ThreadReport) => parentPort?.postMessage(report);

const extensions = setup.module ? await readModuleExtensions(setup.module) : undefined;
const processor = createPageProcessor(setup.config, extensions);
const byIndex = new Map(jobs.map((job) => [job.index, job]));
for (;;) {
  const index = Atomics.add(next, 0, 1);
  if (index >= total) break;
  // A page not sent (its file was not read) is left to the build's own thread.
  const job = byIndex.get(index);
  if (!job) continue;
  const file = new VFile({ path: job.path, cwd: setup.root });
  prepareWriteup(file, job.source, setup.contentDir, { extraFields: setup.extraFields });
  // The messages of reading it are the other thread's, already made: the same, once.
  file.messages.length = 0;
  restoreMessages(file, job.messages);
  let text: string;
  try {
    text = encodePage(job.key, await processor.run(processor.parse(file), file), file);
  } catch {
    // Made again in the build's own thread, which says so as a single thread would; the next page goes on here.
    post({ failed: index });
    continue;
  }
  post({ index, text });
}
post({ done: true });
