import { pathToFileURL } from "node:url";
import type { Point } from "unist";
import type { VFile } from "vfile";
import { fail } from "../core/messages.js";
import type { MermaidBlock } from "../mermaid/collect.js";
import { mermaidEsmBundlePath, mermaidVersion } from "../mermaid/mermaid-package.js";
import type { DiagramResult } from "../mermaid/renderer.js";
import type { CheckCache } from "./check-cache.js";

/** Where a diagram's source was found wrong, and mermaid's word on it. */
export interface DiagramSyntaxError {
  /** 1-based line and column in the diagram's own source (the text between the fences). */
  line: number;
  column: number;
  /** mermaid's message, on one line. */
  message: string;
}

export const syntaxRuleId = "mermaid/syntax";

interface MermaidApi {
  parse(text: string): Promise<unknown>;
}

let loading: Promise<MermaidApi> | undefined;

/**
 * mermaid's self-contained ESM bundle (one file and its chunks: a fifth of the
 * time mermaid's package entry takes to load, which pulls lodash and d3 file by
 * file). Parsing needs no DOM, but the bundle's DOMPurify looks for one when it
 * loads, and sequence boxes ask `window.CSS` whether a word is a colour: a
 * stand-in `window` answers both, only while mermaid runs.
 */
function loadMermaid(): Promise<MermaidApi> {
  loading ??= withWindow(async () => {
    const bundle = pathToFileURL(mermaidEsmBundlePath()).href;
    const module = (await import(bundle)) as { default: MermaidApi };
    return module.default;
  });
  return loading;
}

// DOMPurify without `createHTMLDocument` sanitises nothing (text is only parsed here).
const standInWindow = {
  document: { nodeType: 9, implementation: {}, createElement: () => ({}) },
  Element: class {},
  CSS: { supports: () => true },
};

async function withWindow<T>(work: () => Promise<T>): Promise<T> {
  const global = globalThis as { window?: unknown };
  if (global.window !== undefined) return work();
  global.window = standInWindow;
  try {
    return await work();
  } finally {
    delete global.window;
  }
}

/**
 * Parse diagrams with mermaid's own parsers, in Node, without a browser: every
 * type mermaid ships (flowchart, sequence, class, state, ER, journey, Gantt, pie,
 * quadrant, requirement, git graph, C4, mindmap, timeline, sankey, XY, block,
 * packet, kanban, architecture, radar, treemap, venn, ishikawa, wardley…).
 * Returns the error of each source that fails to parse; a source whose parse
 * fails for a reason that is not the diagram's (a gap of Node) is left out, so
 * the check never reports what the build would render. With a `cache`, mermaid
 * is loaded only for the sources it holds no verdict on.
 */
export async function diagramSyntaxErrors(
  sources: Iterable<string>,
  cache?: CheckCache,
): Promise<Map<string, DiagramSyntaxError>> {
  const errors = new Map<string, DiagramSyntaxError>();
  const unknown: string[] = [];
  // A verdict is mermaid's (the version that gave it) as read by designpress (the cache's version).
  const scope = `mermaid-verdict ${mermaidVersion()}`;
  for (const source of new Set(sources)) {
    const verdict = cache?.read(scope, source, storedVerdict);
    if (verdict === undefined) unknown.push(source);
    else if (verdict) errors.set(source, verdict);
  }
  if (unknown.length === 0) return errors;
  const mermaid = await loadMermaid();
  await withWindow(async () => {
    for (const source of unknown) {
      try {
        await mermaid.parse(source);
        cache?.write(scope, source, null);
      } catch (error) {
        const found = readError(error, source);
        // A gap of Node is no verdict on the diagram: not stored.
        if (found) {
          errors.set(source, found);
          cache?.write(scope, source, found);
        }
      }
    }
  });
  return errors;
}

/** A stored verdict: `null` for a diagram that parses, its error, or undefined when neither. */
function storedVerdict(value: unknown): DiagramSyntaxError | null | undefined {
  if (value === null) return null;
  if (typeof value !== "object") return undefined;
  const { line, column, message } = value as Record<string, unknown>;
  // A message as `oneLine` makes it: one line, cut short.
  const isMessage = typeof message === "string" && message.length <= 240 && !/[\r\n]/.test(message);
  if (!isPositiveInteger(line) || !isPositiveInteger(column) || !isMessage) return undefined;
  return { line, column, message };
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

interface JisonHash {
  line?: number;
  token?: string | null;
  loc?: { first_line: number; first_column: number };
}

/** mermaid's error as a place in the diagram's source and a one-line message, or undefined. */
function readError(error: unknown, source: string): DiagramSyntaxError | undefined {
  // A TypeError or ReferenceError is Node lacking something a browser has, not the diagram.
  if (!(error instanceof Error) || isEngineError(error)) return undefined;
  const parsed = preprocessedText(source);
  const hash = (error as Error & { hash?: JisonHash }).hash;
  let line: number | undefined;
  let column = 1;
  if (hash?.line !== undefined) {
    // jison: `line` is the lexer's 0-based line; `loc` the offending token's start.
    line = hash.line + 1;
    if (hash.loc && hash.loc.first_line === line) column = hash.loc.first_column + 1;
  } else {
    const langium = /on line (\d+), column (\d+)/.exec(error.message);
    if (langium) {
      line = Number(langium[1]);
      column = Number(langium[2]);
    }
  }
  const place = line === undefined ? firstLine(source) : parsed.pointOf(line, column);
  return { ...place, message: oneLine(error) };
}

function isEngineError(error: Error): boolean {
  return (
    error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError
  );
}

/** mermaid's message without the source excerpt: `Expecting 'NODE_STRING', …, got 'EOF'`. */
function oneLine(error: Error): string {
  const lines = error.message
    .replace(/^Parsing failed:\s*/, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  // jison: "Parse error on line 3:", the excerpt, its caret, then what it expected.
  const expecting = lines.find((line) => /^Expecting /.test(line));
  const text = (expecting ?? lines[0] ?? error.name)
    .replace(/^(?:Parse|Lexer) error on line \d+, column \d+:\s*/, "")
    .replace(
      /^No diagram type detected matching given configuration for text:.*/,
      () => "no diagram type on its first line (flowchart, sequenceDiagram, classDiagram, …)",
    );
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

function firstLine(source: string): { line: number; column: number } {
  const lines = source.split("\n");
  const index = Math.max(
    0,
    lines.findIndex((line) => line.trim() !== ""),
  );
  return { line: index + 1, column: (lines[index]?.search(/\S/) ?? 0) + 1 };
}

/**
 * The text mermaid's parsers read (`mermaid.parse` drops the diagram's front
 * matter, `%%{…}%%` directives, `%%` comment lines and leading blank space, and
 * adds a newline), with where each of its characters came from in the source,
 * so that an error's line and column point into the source as written.
 */
function preprocessedText(source: string): {
  pointOf(line: number, column: number): { line: number; column: number };
} {
  let text = source;
  let origin = Array.from(source, (_, index) => index);
  const drop = (pattern: RegExp) => {
    let kept = "";
    const keptOrigin: number[] = [];
    let last = 0;
    const flags = pattern.global ? pattern.flags : `${pattern.flags}g`;
    for (const match of text.matchAll(new RegExp(pattern.source, flags))) {
      kept += text.slice(last, match.index);
      keptOrigin.push(...origin.slice(last, match.index));
      last = match.index + match[0].length;
      if (!pattern.global) break;
    }
    text = kept + text.slice(last);
    origin = [...keptOrigin, ...origin.slice(last)];
  };
  drop(/\r(?=\n)/g);
  drop(/^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s);
  drop(/%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi);
  drop(/^\s*%%(?!{)[^\n]+\n?/gm);
  drop(/^\s+/);
  const lineStarts = [0];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === "\n") lineStarts.push(index + 1);
  }
  const sourcePoint = (offset: number) => {
    const before = source.slice(0, offset).split("\n");
    return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  };
  return {
    pointOf(line, column) {
      const start = lineStarts[line - 1];
      // Past the end (an error at the newline mermaid adds): the end of the last line.
      if (start === undefined || start >= text.length) {
        return sourcePoint(source.trimEnd().length);
      }
      const offset = Math.min(start + column - 1, text.length - 1);
      return sourcePoint(origin[offset] ?? 0);
    },
  };
}

/**
 * A point in the Markdown file from a point in a fenced block's source: the
 * fence opens on `fenceLine`, and each source line sits on a file line, maybe
 * indented (in a list or a quote) by what the file line has before it.
 */
export function pointInFile(
  fenceLine: number,
  diagram: string,
  fileLines: readonly string[],
  at: { line: number; column: number },
): Point {
  const line = fenceLine + at.line;
  const sourceLine = diagram.split("\n")[at.line - 1] ?? "";
  const fileLine = fileLines[line - 1] ?? "";
  const indent = fileLine.endsWith(sourceLine) ? fileLine.length - sourceLine.length : 0;
  return { line, column: indent + at.column };
}

/** The message of a diagram mermaid cannot parse, the same in `check` and the build. */
export function syntaxReason(error: DiagramSyntaxError): string {
  return `Expected a mermaid diagram that parses, but mermaid reports: ${error.message}; fix the diagram (syntax: https://mermaid.js.org/intro/syntax-reference.html)`;
}

/**
 * The build's side: of the diagrams the browser could not render, those mermaid's
 * parsers reject are reported as `check` reports them (`mermaid/syntax`, at the
 * diagram's own line), not at the fence. Returns those blocks; mermaid's parsers
 * load only when a diagram failed.
 */
export async function reportSyntaxErrors(
  pages: readonly { file: VFile; blocks: readonly MermaidBlock[] }[],
  results: ReadonlyMap<string, DiagramResult>,
): Promise<Set<MermaidBlock>> {
  const reported = new Set<MermaidBlock>();
  const failed = [...results].filter(([, result]) => result.status === "failed");
  if (failed.length === 0) return reported;
  const errors = await diagramSyntaxErrors(failed.map(([source]) => source));
  for (const { file, blocks } of pages) {
    const lines = String(file.value).split(/\r?\n/);
    for (const block of blocks) {
      const error = errors.get(block.source);
      const fence = block.position?.start.line;
      if (!error || fence === undefined) continue;
      fail(file, syntaxReason(error), pointInFile(fence, block.source, lines, error), syntaxRuleId);
      reported.add(block);
    }
  }
  return reported;
}
