import { parentPort, workerData } from "node:worker_threads";
import type { StructureOptions } from "./check.js";
import { type CheckJob, type CheckOutcome, checkOne } from "./parallel.js";

// One thread of `checkMany`: checks its share of the files and posts the outcomes back.
const { jobs, options } = workerData as { jobs: CheckJob[]; options: StructureOptions };
parentPort?.postMessage(jobs.map((job): CheckOutcome => checkOne(job, options)));
