// Has shiki's own constructor translate every Oniguruma pattern of the highlighted
// languages' grammars into a JavaScript regex once, into lib/highlight/regexes.json,
// which the highlighter reads instead of translating each pattern again in every
// process (src/highlight/regexes.ts says why and when the table is used). Runs
// with `compile` and `prepare`, after tsc.
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultJavaScriptRegexConstructor } from "shiki/engine/javascript";

const lib = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), "lib");
const table = path.join(lib, "highlight", "regexes.json");
const { languages } = await import(path.join(lib, "highlight", "languages.js"));
const { grammarPatterns, regexDetails, regexEnvironment } = await import(
  path.join(lib, "highlight", "regexes.js")
);

const environment = regexEnvironment();
if (environment === undefined) {
  // Highlighting works without the table (each pattern is translated when first used).
  console.warn("translate-regexes: shiki's oniguruma-to-es is not designpress's; no table made");
  await rm(table, { force: true });
  process.exit(0);
}
const grammars = [];
for (const load of Object.values(languages)) grammars.push(...(await load()).default);
const patterns = {};
for (const pattern of [...grammarPatterns(grammars)].sort()) {
  try {
    patterns[pattern] = regexDetails(defaultJavaScriptRegexConstructor(pattern));
  } catch {
    // Left to run time, where shiki reports it as it would have.
  }
}
await writeFile(table, `${JSON.stringify({ environment, patterns })}\n`);
