// Bundles the commands whose start-up a user waits for, `designpress check`
// (lib/cli/check.js) and `designpress build` (lib/cli/build.js), each with
// everything it imports (designpress's modules and its dependencies' alike)
// into one script, lib/cli/<command>.bundle.cjs, which the CLI runs when it is
// there (src/cli/main.ts, src/cli/bundle.ts). Node resolving, reading and
// compiling the modules one by one took about half of a pre-commit check of one
// staged file, and 0.35 s of every build (about 620 modules); one script,
// compiled from V8's code cache, takes a fraction of it. Loaded at run time,
// not bundled: mermaid's own bundle (for a diagram no verdict is cached for),
// the project's config module, Pagefind (which starts its backend from its own
// folder), puppeteer-core, and the workers of a many-file check and of a
// many-page build (lib/structure/check-worker.js, lib/build/transform-worker.js),
// which load the modules themselves.
//
// CommonJS, not an ES module: Node 20 keeps no compiled code of an ES module
// between runs, but a script run through `vm.Script` can be given V8's code
// cache of a previous run. The script is the body of a function that
// src/cli/bundle.ts calls with the bundle's URL (CommonJS has no
// `import.meta`), a function that imports an ES module and one that resolves
// a specifier: on Node 20, `import()` in a script compiled from a code cache
// throws (the callback it needs is not restored), so each `import()` that is
// not bundled (a computed name: the config module, mermaid's bundle, each of
// Pagefind's backends) calls `designpressImport` instead, and
// `import.meta.resolve` calls `designpressResolve`. In designpress's own
// modules, `import.meta.url` is the URL the module had in lib/, worked out
// from the bundle's, so that what they find beside them (the themes, the
// vendored mermaid, the what-if script, the workers) is found from the bundle.
// Runs with `compile` and `prepare`, after tsc.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const lib = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), "lib");
const bundled = ["check", "build"];
const outDir = path.join(lib, "cli");

/** Packages imported at run time, from their own folders (see above). */
const external = ["pagefind", "puppeteer-core"];

// `import(name)` of a computed name, or of a package left out: esbuild leaves it
// as it is, the bundle cannot run it.
const runtimeImport = new RegExp(`\\bimport\\((?=[^"']|["'](?:${external.join("|")})["'])`, "g");

/** A module's own URL, from the bundle's (both stay where they are in the package). */
const ownUrl = (file) =>
  `new URL(${JSON.stringify(path.relative(outDir, file).split(path.sep).join("/"))}, designpressBundleUrl).href`;

/** What esbuild cannot leave in a CommonJS script, rewritten as the header above says. */
const atRunTime = {
  name: "at-run-time",
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async ({ path: file }) => {
      const contents = await readFile(file, "utf8");
      let rewritten = contents
        .replace(runtimeImport, "designpressImport(")
        .replaceAll("import.meta.resolve(", "designpressResolve(");
      if (!path.relative(lib, file).startsWith(".."))
        rewritten = rewritten.replaceAll("import.meta.url", ownUrl(file));
      return rewritten === contents ? undefined : { contents: rewritten, loader: "js" };
    });
  },
};

for (const command of bundled) {
  const outfile = path.join(outDir, `${command}.bundle.cjs`);
  const { metafile } = await build({
    entryPoints: [path.join(outDir, `${command}.js`)],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // A dependency's own `import.meta.url` (none of them finds files by it) is the bundle's.
    define: { "import.meta.url": "designpressBundleUrl" },
    external,
    metafile: true,
    plugins: [atRunTime],
    banner: {
      js: "// Run by src/cli/bundle.ts (loadBundle), which passes designpressBundleUrl, designpressImport, designpressResolve and designpressBundleHash.",
    },
    legalComments: "eof",
    logLevel: "warning",
  });
  // An `import()` left in the bundle would fail only when it runs, after a code cache was used.
  const left = Object.values(metafile.outputs).flatMap((output) =>
    output.imports.filter((entry) => entry.kind === "dynamic-import"),
  );
  if (left.length > 0) {
    throw new Error(
      `${outfile} imports ${left.map((entry) => entry.path).join(", ")} with import(): route it through designpressImport (see above)`,
    );
  }
}
