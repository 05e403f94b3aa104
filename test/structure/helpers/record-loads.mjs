// Registers a module hook that appends every module the process loads to the file
// named by DESIGNPRESS_LOAD_LOG, so a test can prove what a command imports.
import { register } from "node:module";

register("./record-loads-hooks.mjs", import.meta.url);
