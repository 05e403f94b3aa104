import { createHighlighterCore, type HighlighterCore } from "shiki/core";
import { languages, themes } from "./languages.js";
import { createTableRegexEngine } from "./regexes.js";

let loading: Promise<HighlighterCore> | undefined;

/**
 * One highlighter per process, made on first use: grammars and themes are
 * bundled with shiki (no network), and loading them once keeps a `dev` rebuild
 * or a thousand-page build from paying for it again. The JavaScript regex
 * engine starts faster than the WebAssembly one and needs no `.wasm` file;
 * its regexes come translated from the package (see `regexes.ts`).
 */
export function loadHighlighter(): Promise<HighlighterCore> {
  loading ??= createHighlighterCore({
    themes: [themes.light, themes.dark],
    langs: Object.values(languages),
    engine: createTableRegexEngine(),
  });
  return loading;
}
