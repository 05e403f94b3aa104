// Bundles `designpress check` (lib/cli/check.js and everything it imports,
// designpress's modules and its dependencies' alike) into one module,
// lib/cli/check.bundle.js, which the CLI loads when it is there. A pre-commit
// hook runs check on one staged file: Node resolving, reading and compiling
// the ~280 modules one by one took about half the run, one module takes a
// fraction of it. Loaded at run time, not bundled: mermaid's own bundle (for
// a diagram no verdict is cached for), the project's config module, and the
// worker of a many-file check (lib/structure/check-worker.js).
// Runs with `compile` and `prepare`, after tsc.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const lib = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), "lib");

await build({
  entryPoints: [path.join(lib, "cli", "check.js")],
  outfile: path.join(lib, "cli", "check.bundle.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // yaml ships CommonJS for Node, which calls `require`: an ES module has none of its own.
  banner: {
    js: 'import { createRequire as designpressCreateRequire } from "node:module"; const require = designpressCreateRequire(import.meta.url);',
  },
  legalComments: "eof",
  logLevel: "warning",
});
