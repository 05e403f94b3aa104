#!/usr/bin/env node
// The command runs the compiled library in lib/ (made by `npm ci`/`npm run compile`).
import { main } from "../lib/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 70;
  },
);
