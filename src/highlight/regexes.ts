import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { EmulatedRegExp } from "oniguruma-to-es";
import type { RegexEngine } from "shiki/core";
import {
  createJavaScriptRegexEngine,
  defaultJavaScriptRegexConstructor,
} from "shiki/engine/javascript";
import { installedPackage } from "../core/installed-package.js";

/**
 * shiki's JavaScript engine turns each Oniguruma pattern of a grammar into a
 * JavaScript regex with oniguruma-to-es the first time a scanner needs it: 130–160 ms
 * of a process's first highlighted page. designpress has shiki's own constructor
 * translate every pattern of its grammars once, when the package is compiled
 * (`scripts/translate-regexes.mjs`), and keeps each regex's source, flags and
 * emulation options (`rawOptions`, which oniguruma-to-es keeps for serializing
 * one) in `regexes.json` beside this module. A process makes each regex from
 * that table, and translates only what the table lacks: a pattern made at run
 * time (an `end` with a back-reference filled in). A regex is the same either
 * way; the table is used only where the same oniguruma-to-es (shiki's copy, and
 * designpress's, whose class makes the emulated ones) runs under a JavaScript
 * whose regex support (what the translation depends on) is the same.
 */

/** A translation: the JavaScript regex's source and flags, and how oniguruma-to-es's class emulates the rest. */
export interface RegexDetails {
  pattern: string;
  flags: string;
  options?: EmulatedRegExp["rawOptions"];
}

export interface RegexTable {
  /** What the translations were made under (see {@link regexEnvironment}). */
  environment: string;
  /** Each pattern as a scanner is given it, and its translation. */
  patterns: Record<string, RegexDetails>;
}

/** What a regex shiki's constructor made is made again from. */
export function regexDetails(regex: RegExp): RegexDetails {
  return regex instanceof EmulatedRegExp
    ? { pattern: regex.source, flags: regex.flags, options: regex.rawOptions }
    : { pattern: regex.source, flags: regex.flags };
}

const supports = (source: string, flags?: string) => {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
};

/**
 * What oniguruma-to-es's translation depends on here: its version (shiki's
 * copy, which must be designpress's) and the running JavaScript's regex
 * support, by the probes it makes itself when loaded (flag groups, the `v`
 * flag and two engine bugs with it), which also decide the `auto` target.
 * `undefined` where the two copies differ or cannot be found: no table then.
 */
export function regexEnvironment(): string | undefined {
  const engine = installedPackage("@shikijs/engine-javascript", import.meta.url);
  const shikis =
    engine && installedPackage("oniguruma-to-es", path.join(engine.folder, "package.json"));
  const ours = installedPackage("oniguruma-to-es", import.meta.url);
  if (!shikis || !ours || realpathSync(shikis.folder) !== realpathSync(ours.folder))
    return undefined;
  const unicodeSets = supports("[[]]", "v");
  return JSON.stringify({
    onigurumaToEs: ours.version,
    flagGroups: supports("(?i:)"),
    unicodeSets,
    hyphenIsRange: unicodeSets && !supports("[\\d\\-a]", "v"),
    nestedNegationIgnored:
      // biome-ignore lint/complexity/useRegexLiterals: a literal with `v` would not parse where the flag is missing
      unicodeSets && new RegExp("[[^a]]", "v").test("a"),
  });
}

/**
 * Every pattern a scanner can be given for these grammars, as vscode-textmate
 * makes it from a rule's `match`, `begin`, `end` or `while`: `\z` rewritten,
 * and, for a pattern with `\A` or `\G`, each of the four forms with either
 * anchor disabled (`\uFFFF`, which never matches a line).
 */
export function grammarPatterns(grammars: readonly unknown[]): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    for (const [key, field] of Object.entries(value)) {
      if (typeof field === "string" && ["match", "begin", "end", "while"].includes(key)) {
        for (const form of scannerForms(field)) found.add(form);
      } else visit(field);
    }
  };
  visit(grammars);
  return found;
}

/** vscode-textmate's `RegExpSource`: the source, and its anchor variants. */
function scannerForms(pattern: string): string[] {
  const source = pattern.replace(/\\(z|.)/gs, (pair, next) =>
    next === "z" ? "$(?!\\n)(?<!\\n)" : pair,
  );
  if (!/\\[AG]/.test(source.replace(/\\[^AG]/gs, ""))) return [source];
  const variant = (allowA: boolean, allowG: boolean) =>
    source.replace(/\\(.)/gs, (pair, next) =>
      (next === "A" && !allowA) || (next === "G" && !allowG) ? "\\\uFFFF" : pair,
    );
  return [variant(false, false), variant(false, true), variant(true, false), variant(true, true)];
}

/** Where the package keeps the table: beside this module. */
export const shippedTableFile = new URL("regexes.json", import.meta.url);

/** The table in `file` by pattern, if it is there and was made for this environment. */
function readTable(file: URL): Map<string, RegexDetails> | undefined {
  try {
    const table = JSON.parse(readFileSync(file, "utf8")) as RegexTable;
    const environment = regexEnvironment();
    if (environment === undefined || table.environment !== environment) return undefined;
    // A Map: a pattern may be any string, `constructor` or `__proto__` too.
    return new Map(Object.entries(table.patterns));
  } catch {
    return undefined;
  }
}

/**
 * shiki's JavaScript regex engine, making each regex from the table in
 * `file` where it holds the pattern (read at the first pattern asked for).
 */
export function createTableRegexEngine(file = shippedTableFile): RegexEngine {
  let table: Map<string, RegexDetails> | undefined | null = null;
  return createJavaScriptRegexEngine({
    regexConstructor(pattern) {
      if (table === null) table = readTable(file);
      const details = table?.get(pattern);
      if (!details) return defaultJavaScriptRegexConstructor(pattern);
      return details.options
        ? new EmulatedRegExp(details.pattern, details.flags, details.options)
        : new RegExp(details.pattern, details.flags);
    },
  });
}
