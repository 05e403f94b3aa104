import { parentPort, workerData } from "node:worker_threads";
import { VFile } from "vfile";
import { readModuleExtensions } from "../config/index.js";
import { createPageProcessor } from "../pipeline/processor.js";
import { prepareWriteup } from "../writeup/read.js";
import { encodePage, restoreMessages } from "./cache/entries.js";
import type { ThreadJob, ThreadReport, ThreadSetup } from "./transform-threads.js";

// One thread of `transformPages`: transforms its share of the pages and posts
// each back as a build-cache entry's text, as soon as it is made.
const { setup, jobs } = workerData as { setup: ThreadSetup; jobs: ThreadJob[] };
const post = (report: ThreadReport) => parentPort?.postMessage(report);

const extensions = setup.module ? await readModuleExtensions(setup.module) : undefined;
const processor = createPageProcessor(setup.config, extensions);
for (const job of jobs) {
  const file = new VFile({ path: job.path, cwd: setup.root });
  prepareWriteup(file, job.source, setup.contentDir, { extraFields: setup.extraFields });
  // The messages of reading it are the other thread's, already made: the same, once.
  file.messages.length = 0;
  restoreMessages(file, job.messages);
  let text: string;
  try {
    text = encodePage(job.key, await processor.run(processor.parse(file), file), file);
  } catch {
    // Made again in the build's own thread, which then fails as a single thread would.
    post({ failed: job.index });
    break;
  }
  post({ index: job.index, text });
}
post({ done: true });
