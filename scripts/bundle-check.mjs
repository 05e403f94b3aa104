// Bundles `designpress check` (lib/cli/check.js and everything it imports,
// designpress's modules and its dependencies' alike) into one script,
// lib/cli/check.bundle.cjs, which the CLI runs when it is there
// (src/cli/bundle.ts). A pre-commit hook runs check on one staged file: Node
// resolving, reading and compiling the ~280 modules one by one took about half
// the run, one script takes a fraction of it. Loaded at run time, not bundled:
// mermaid's own bundle (for a diagram no verdict is cached for), the project's
// config module, and the worker of a many-file check
// (lib/structure/check-worker.js).
//
// CommonJS, not an ES module: Node 20 keeps no compiled code of an ES module
// between runs, but a script run through `vm.Script` can be given V8's code
// cache of a previous run. The script is the body of a function that
// src/cli/bundle.ts calls with `import.meta.url`'s value (CommonJS has none)
// and a function that imports an ES module: on Node 20, `import()` in a script
// compiled from a code cache throws (the callback it needs is not restored), so
// each `import()` of a module that is not bundled (its name is computed: the
// config module, mermaid's bundle) calls that function instead.
// Runs with `compile` and `prepare`, after tsc.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const lib = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), "lib");
const outfile = path.join(lib, "cli", "check.bundle.cjs");

// `import(name)` of a computed name: esbuild leaves it as it is, the bundle cannot run it.
const runtimeImport = /\bimport\((?![\s"'`])/g;

/** Each `import()` that is left to run time calls `designpressImport()`, which src/cli/bundle.ts passes. */
const importAtRunTime = {
  name: "import-at-run-time",
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async ({ path: file }) => {
      const contents = await readFile(file, "utf8");
      const rewritten = contents.replace(runtimeImport, "designpressImport(");
      return rewritten === contents ? undefined : { contents: rewritten, loader: "js" };
    });
  },
};

await build({
  entryPoints: [path.join(lib, "cli", "check.js")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  define: { "import.meta.url": "designpressBundleUrl" },
  plugins: [importAtRunTime],
  banner: {
    js: "// Run by src/cli/bundle.ts (loadBundle), which passes designpressBundleUrl and designpressImport.",
  },
  legalComments: "eof",
  logLevel: "warning",
});

// An `import()` left in the bundle would fail only when it runs, after a code cache was used.
if (/\bimport\s*\(/.test(await readFile(outfile, "utf8"))) {
  throw new Error(`${outfile} calls import(): route it through designpressImport (see above)`);
}
