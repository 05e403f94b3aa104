#!/usr/bin/env node
// The command runs the compiled library in lib/ (made by `npm ci`/`npm run compile`).
import module from "node:module";
import { main } from "../lib/cli/main.js";

// Node ≥ 22.1 keeps V8's compiled code of modules between runs; `check`, which a
// pre-commit hook waits for, keeps its own on every Node (src/cli/bundle.ts).
module.enableCompileCache?.();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // Every expected failure is a message from its command; reaching here is a bug.
    const debug = (process.env.DEBUG ?? "")
      .split(/[\s,]+/)
      .some((name) => name === "designpress" || name === "*");
    const detail = error instanceof Error ? error.message : String(error);
    console.error(
      debug && error instanceof Error && error.stack
        ? `designpress: internal error\n${error.stack}`
        : `designpress: internal error: ${detail}\nThis is a bug in designpress; please report it with the command you ran (run it again with DEBUG=designpress for the stack trace).`,
    );
    process.exitCode = 70;
  },
);
