import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createHighlighterCore, type HighlighterCore, type RegexEngine } from "shiki/core";
import {
  createJavaScriptRegexEngine,
  defaultJavaScriptRegexConstructor,
} from "shiki/engine/javascript";
import { describe, expect, it } from "vitest";
import { languages, themeNames, themes } from "../src/highlight/languages.js";
import {
  createTableRegexEngine,
  grammarPatterns,
  type RegexTable,
  regexDetails,
  regexEnvironment,
} from "../src/highlight/regexes.js";
import { corpusMarkdownFiles, repoRoot, temporaryFolder } from "./helpers.js";

// The table `npm run compile` ships (lib/), against oniguruma-to-es translating
// each pattern in this process, and the highlighting of the corpus's code.
const shippedTable = path.join(repoRoot, "lib", "highlight", "regexes.json");

async function grammars(): Promise<unknown[]> {
  const loaded = await Promise.all(
    Object.values(languages).map(async (load) => {
      const module = (await (load as () => Promise<{ default: unknown[] }>)()).default;
      return module;
    }),
  );
  return loaded.flat();
}

const highlighter = (engine: RegexEngine) =>
  createHighlighterCore({
    themes: [themes.light, themes.dark],
    langs: Object.values(languages),
    engine,
  });

/** Every fenced block of the corpus's Markdown in a language designpress highlights. */
async function corpusCode(): Promise<{ lang: string; code: string }[]> {
  const blocks: { lang: string; code: string }[] = [];
  for (const file of await corpusMarkdownFiles()) {
    const text = await readFile(file, "utf8");
    for (const [, lang = "", code = ""] of text.matchAll(/^```(\w+)\n([\s\S]*?)^```/gm)) {
      if (lang in languages) blocks.push({ lang, code });
    }
  }
  return blocks;
}

const highlight = (shiki: HighlighterCore, block: { lang: string; code: string }) =>
  JSON.stringify(
    shiki.codeToHast(block.code, { lang: block.lang, themes: themeNames, defaultColor: false }),
  );

describe("the shipped regex table", () => {
  it("holds, for this Node, what shiki's own constructor makes of every pattern of the grammars", async () => {
    const table = JSON.parse(await readFile(shippedTable, "utf8")) as RegexTable;
    expect(table.environment).toBe(regexEnvironment());
    const patterns = grammarPatterns(await grammars());
    expect(Object.keys(table.patterns).sort()).toEqual([...patterns].sort());
    expect(patterns.size).toBeGreaterThan(1000);
    for (const [pattern, details] of Object.entries(table.patterns)) {
      expect(details, pattern).toEqual(
        JSON.parse(JSON.stringify(regexDetails(defaultJavaScriptRegexConstructor(pattern)))),
      );
    }
  });

  it("highlights the corpus's code as shiki's own engine does, and holds every pattern asked but those filled in at run time", async () => {
    const blocks = await corpusCode();
    expect(new Set(blocks.map((block) => block.lang)).size).toBeGreaterThanOrEqual(8);
    const asked = new Set<string>();
    const own = await highlighter(
      createJavaScriptRegexEngine({
        regexConstructor(pattern) {
          asked.add(pattern);
          // What shiki's engine does by default.
          return defaultJavaScriptRegexConstructor(pattern);
        },
      }),
    );
    const tabled = await highlighter(createTableRegexEngine());
    for (const block of blocks) expect(highlight(tabled, block)).toBe(highlight(own, block));
    const table = JSON.parse(await readFile(shippedTable, "utf8")) as RegexTable;
    const missing = [...asked].filter((pattern) => !(pattern in table.patterns));
    // What vscode-textmate makes at run time: an `end` or `while` whose back-reference
    // (`\1`) is filled in with what its `begin` captured.
    const filledIn = [...grammarPatterns(await grammars())]
      .filter((pattern) => /\\\d/.test(pattern))
      .map(
        (template) =>
          new RegExp(
            `^${template
              .split(/\\\d+/)
              .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
              .join("[\\s\\S]*")}$`,
          ),
      );
    expect(asked.size).toBeGreaterThan(200);
    expect(missing.filter((pattern) => !filledIn.some((made) => made.test(pattern)))).toEqual([]);
  });

  it("is used only where it was made for this environment", async () => {
    const { dir, cleanup } = await temporaryFolder("designpress-regexes-");
    try {
      const block = { lang: "http", code: "GET /v1/urls HTTP/1.1\nHost: example.com\n" };
      const plain = highlight(await highlighter(createJavaScriptRegexEngine()), block);
      const table = JSON.parse(await readFile(shippedTable, "utf8")) as RegexTable;
      // Every pattern made to match nothing: a line comes out as one plain token.
      const poisoned = Object.fromEntries(
        Object.keys(table.patterns).map((pattern) => [pattern, { pattern: "(?!)", flags: "dg" }]),
      );
      const tableFile = (environment: string) => {
        const file = path.join(dir, `${environment.length}.json`);
        return writeFile(file, JSON.stringify({ environment, patterns: poisoned })).then(() =>
          pathToFileURL(file),
        );
      };
      const foreign = await tableFile("another Node");
      expect(highlight(await highlighter(createTableRegexEngine(foreign)), block)).toBe(plain);
      const here = await tableFile(regexEnvironment() ?? "");
      expect(highlight(await highlighter(createTableRegexEngine(here)), block)).not.toBe(plain);
    } finally {
      await cleanup();
    }
  });
});
