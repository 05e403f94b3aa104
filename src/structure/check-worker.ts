import { parentPort, workerData } from "node:worker_threads";
import { type CheckJob, type CheckOptions, checkAll } from "./parallel.js";

// One thread of `checkMany`: checks its share of the files and posts the outcomes back.
const { jobs, options } = workerData as { jobs: CheckJob[]; options: CheckOptions };
parentPort?.postMessage(await checkAll(jobs, options));
