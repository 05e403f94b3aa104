import type { Point, Position } from "unist";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { findAliasProblem, maxAliasExpansion } from "./aliases.js";
import { findFence } from "./fence.js";

/** The unist point (1-based line and column) of an offset in parsed YAML. */
export function yamlPoint(lineCounter: LineCounter, offset: number): Point {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** The unist position of a YAML node's range. */
export function yamlPosition(
  lineCounter: LineCounter,
  range: readonly [number, number, number],
): Position {
  return { start: yamlPoint(lineCounter, range[0]), end: yamlPoint(lineCounter, range[1]) };
}

/** A path into the front matter, such as `["capacity", "workloads", 0, "writes"]`. */
export type FrontMatterPath = readonly (string | number)[];

export interface FrontMatter {
  /** The parsed YAML 1.2 data; `{}` when the file has no front matter. */
  data: Record<string, unknown>;
  /** The Markdown after the front matter. */
  content: string;
  /** Lines the front matter (with its fences) takes before `content` starts. */
  lineOffset: number;
  /**
   * Where a value sits in the Markdown file (1-based lines and columns).
   * With `key`, the position of the key rather than its value. A path that does
   * not exist resolves to its deepest existing ancestor, so a missing field is
   * reported where it should have been written.
   */
  locate(path: FrontMatterPath, options?: { key?: boolean }): Position | undefined;
}

export interface FrontMatterProblem {
  reason: string;
  place: Position | Point | undefined;
}

export class FrontMatterError extends Error {
  readonly problems: FrontMatterProblem[];
  constructor(problems: FrontMatterProblem[]) {
    super(problems.map((problem) => problem.reason).join("\n"));
    this.name = "FrontMatterError";
    this.problems = problems;
  }
}

/** `parseFrontMatter` for those that report its problems later, or leave them to others. */
export function readFrontMatter(
  source: string,
): { matter: FrontMatter; error: undefined } | { matter: undefined; error: FrontMatterError } {
  try {
    return { matter: parseFrontMatter(source), error: undefined };
  } catch (error) {
    if (error instanceof FrontMatterError) return { matter: undefined, error };
    throw error;
  }
}

/**
 * Split a Markdown file into its front matter and content. Front matter is YAML
 * 1.2 between `---` fences and nothing else (see `fence.ts`): `---js`, `---toml`
 * and the like are refused, never evaluated. The YAML is parsed with the `yaml`
 * package (core schema), so `100:1` stays a string and dates stay strings;
 * positions of every value are kept for messages, and what aliases expand to is
 * bounded.
 *
 * Throws `FrontMatterError` when the front matter is not valid YAML, not a
 * mapping, not closed, in another language, or an alias bomb.
 */
export function parseFrontMatter(source: string): FrontMatter {
  const fence = findFence(source);
  if (fence.kind === "none") {
    return { data: {}, content: source, lineOffset: 0, locate: () => undefined };
  }
  if (fence.kind !== "yaml") {
    const firstLine: Position = {
      start: { line: 1, column: 1 },
      end: { line: 1, column: fence.firstLineLength + 1 },
    };
    throw new FrontMatterError([
      {
        reason:
          fence.kind === "language"
            ? `Expected YAML front matter (an opening \`---\`), found \`---${fence.language}\`; designpress reads front matter only as YAML and never runs it: remove \`${fence.language}\` after the \`---\``
            : "Expected a closing `---` line after the front matter, found none; end the front matter with a line of `---`",
        place: firstLine,
      },
    ]);
  }

  // The YAML text starts at the end of the opening fence's line, so its line
  // numbers are already the file's.
  const lineCounter = new LineCounter();
  const yamlDocument = parseDocument(fence.yaml, {
    version: "1.2",
    schema: "core",
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const toPoint = (offset: number) => yamlPoint(lineCounter, offset);
  const toPosition = (range: readonly [number, number, number]) => yamlPosition(lineCounter, range);

  const problems: FrontMatterProblem[] = yamlDocument.errors.map((error) => ({
    reason: `Invalid YAML front matter: ${firstLineOf(error.message)}; fix the YAML between the \`---\` fences`,
    place: toPoint(error.pos[0]),
  }));
  if (problems.length > 0) throw new FrontMatterError(problems);

  const aliasProblem = findAliasProblem(yamlDocument);
  if (aliasProblem) {
    const { alias, kind } = aliasProblem;
    throw new FrontMatterError([
      {
        reason:
          kind === "cycle"
            ? `Expected each YAML alias outside its own anchor, found \`*${alias.source}\` inside \`&${alias.source}\`; write the value out instead`
            : `Expected YAML aliases to add at most ${maxAliasExpansion.toLocaleString("en")} values to the front matter, found \`*${alias.source}\` past that; write the values out or use fewer aliases`,
        place: alias.range ? toPosition(alias.range) : undefined,
      },
    ]);
  }

  // Expansion is bounded above, so yaml's own alias count (which refuses a
  // scalar used 101 times) is not needed.
  const value: unknown = yamlDocument.toJS({ maxAliasCount: -1 });
  if (
    value !== null &&
    value !== undefined &&
    (typeof value !== "object" || Array.isArray(value))
  ) {
    throw new FrontMatterError([
      {
        reason:
          "Expected front matter to be a mapping of fields (`title: …`), found a single value",
        place: { line: 2, column: 1 },
      },
    ]);
  }

  return {
    data: (value ?? {}) as Record<string, unknown>,
    content: source.slice(fence.bodyStart),
    lineOffset: fence.lineOffset,
    locate(path, options) {
      let node: unknown = yamlDocument.contents;
      let found: YamlNode | undefined = isYamlNode(node) ? node : undefined;
      for (const [index, segment] of path.entries()) {
        const last = index === path.length - 1;
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => isScalar(item.key) && String(item.key.value) === String(segment),
          );
          if (!pair) break;
          if (last && options?.key && isYamlNode(pair.key)) {
            found = pair.key;
            break;
          }
          node = pair.value;
          if (isYamlNode(pair.value)) found = pair.value;
          else if (isYamlNode(pair.key)) found = pair.key;
        } else if (isSeq(node) && typeof segment === "number") {
          const item = node.items[segment];
          if (!isYamlNode(item)) break;
          node = item;
          found = item;
        } else {
          break;
        }
      }
      return found?.range ? toPosition(found.range) : undefined;
    },
  };
}

/**
 * The Markdown to parse: the body with a blank line standing for each line of the
 * front matter, so that positions are the file's own; the source as it is when
 * there is no front matter to leave out (or it could not be read).
 */
export function maskedBody(source: string, matter: FrontMatter | undefined): string {
  return matter ? "\n".repeat(matter.lineOffset) + matter.content : source;
}

function isYamlNode(value: unknown): value is YamlNode {
  return typeof value === "object" && value !== null && "range" in value;
}

function firstLineOf(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}
