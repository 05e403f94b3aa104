// Translates every Oniguruma pattern of the highlighted languages' grammars into
// a JavaScript regex once, into lib/highlight/regexes.json, which the highlighter
// reads instead of translating each pattern again in every process
// (src/highlight/regexes.ts says why and when the table is used). Runs with
// `compile` and `prepare`, after tsc.
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const lib = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), "lib");
const { languages } = await import(path.join(lib, "highlight", "languages.js"));
const { grammarPatterns, regexEnvironment, shikisOnigurumaToEs, translation } = await import(
  path.join(lib, "highlight", "regexes.js")
);

const onigurumaToEs = shikisOnigurumaToEs();
if (!onigurumaToEs) {
  // Highlighting works without the table (each pattern is translated when first used).
  console.warn("translate-regexes: cannot find the oniguruma-to-es that shiki uses; no table made");
  process.exit(0);
}
// The same package shiki's engine imports (its CommonJS build: the same code).
const { toRegExpDetails } = createRequire(path.join(onigurumaToEs.folder, "package.json"))(
  onigurumaToEs.folder,
);

const grammars = [];
for (const load of Object.values(languages)) grammars.push(...(await load()).default);
const patterns = {};
for (const pattern of [...grammarPatterns(grammars)].sort()) {
  try {
    patterns[pattern] = toRegExpDetails(pattern, translation);
  } catch {
    // Left to run time, where shiki reports it as it would have.
  }
}
await writeFile(
  path.join(lib, "highlight", "regexes.json"),
  `${JSON.stringify({ environment: regexEnvironment(), patterns })}\n`,
);
