import matter from "gray-matter";
import type { Point, Position } from "unist";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";

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

/**
 * Split a Markdown file into its front matter and content. The YAML is parsed as
 * YAML 1.2 (the `yaml` package, core schema), so `100:1` stays a string and dates
 * stay strings; positions of every value are kept for messages.
 *
 * Throws `FrontMatterError` when the YAML is invalid or not a mapping.
 */
export function parseFrontMatter(source: string): FrontMatter {
  const lineCounter = new LineCounter();
  let document: ReturnType<typeof parseDocument> | undefined;

  // gray-matter finds the fences (and `---yaml` languages); the engine is YAML 1.2.
  const parsed = matter(source, {
    engines: {
      yaml: {
        parse(text: string): object {
          document = parseDocument(text, {
            version: "1.2",
            schema: "core",
            lineCounter,
            prettyErrors: false,
            uniqueKeys: true,
          });
          return {};
        },
        stringify(): string {
          throw new Error("designpress never writes front matter");
        },
      },
    },
  });

  // gray-matter hands the engine the text right after the opening `---`, newline
  // included, so YAML line numbers are already file line numbers.
  const toPoint = (offset: number) => yamlPoint(lineCounter, offset);
  const toPosition = (range: readonly [number, number, number]) => yamlPosition(lineCounter, range);

  if (!document) {
    return { data: {}, content: parsed.content, lineOffset: 0, locate: () => undefined };
  }

  const yamlDocument = document;
  const problems: FrontMatterProblem[] = yamlDocument.errors.map((error) => ({
    reason: `Invalid YAML front matter: ${firstLine(error.message)}; fix the YAML between the \`---\` fences`,
    place: toPoint(error.pos[0]),
  }));
  if (problems.length > 0) throw new FrontMatterError(problems);

  const value: unknown = yamlDocument.toJS({ maxAliasCount: 100 });
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
    content: parsed.content,
    lineOffset: source.slice(0, source.length - parsed.content.length).split("\n").length - 1,
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

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}
