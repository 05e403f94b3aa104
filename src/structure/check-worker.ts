import { parentPort, workerData } from "node:worker_threads";
import { readModuleExtensions } from "../config/index.js";
import { type CheckJob, type CheckOptions, checkAll } from "./parallel.js";

// One thread of `checkMany`: checks its share of the files and posts the outcomes back.
const { jobs, options } = workerData as { jobs: CheckJob[]; options: CheckOptions };
const customRules = options.configModule
  ? (await readModuleExtensions(options.configModule)).rules
  : [];
parentPort?.postMessage(
  await checkAll(jobs, { ...options, structure: { ...options.structure, customRules } }),
);
