/**
 * Where the front matter is. designpress reads front matter only as YAML 1.2, so
 * finding it is a matter of fences, not of engines: the first line is `---`
 * (or `---yaml`), the block ends at the next line that is `---`, and nothing
 * in between is ever evaluated.
 *
 * This is the fence rule of `vfile-matter` and `micromark-extension-frontmatter`
 * written out, rather than gray-matter (which designpress used before): gray-matter
 * picks an engine from the text after the opening `---`, and its default engines
 * run `---js` front matter as JavaScript — code execution from a pull request in
 * a pre-commit hook or CI. Reading the fences ourselves also keeps the YAML's
 * offsets those of the file, which `vfile-matter` (it strips the fences and hands
 * back plain data) does not give.
 */
export type Fence =
  /** No front matter: the file does not start with `---`. */
  | { kind: "none" }
  /**
   * YAML front matter. `yaml` is the text from the end of the opening fence's
   * line to the start of the closing fence: its line numbers are the file's own.
   * `lineOffset` counts the lines up to and including the closing fence.
   */
  | { kind: "yaml"; yaml: string; bodyStart: number; lineOffset: number }
  /** `---json`, `---js`, `---toml`…: front matter in another language, never read. */
  | { kind: "language"; language: string; firstLineLength: number }
  /** An opening `---` with no closing one. */
  | { kind: "unclosed"; firstLineLength: number };

/** Languages that are YAML under another name after the opening fence. */
const yamlNames = new Set(["", "yaml", "yml"]);

/** The rest of a closing fence's line: trailing blanks, then the line ending. */
const closingRest = /[ \t]*(?:\r?\n|$)/y;

export function findFence(source: string): Fence {
  // A byte-order mark before the fence does not count as text.
  const start = source.startsWith("\uFEFF") ? 1 : 0;
  // `----` is a thematic break, not a fence.
  if (!source.startsWith("---", start) || source.charAt(start + 3) === "-") return { kind: "none" };

  const newline = source.indexOf("\n", start);
  const firstLine = source
    .slice(start, newline === -1 ? source.length : newline)
    .replace(/\r$/, "");
  const firstLineLength = firstLine.length;
  const language = firstLine.slice(3).trim();
  if (!yamlNames.has(language.toLowerCase()))
    return { kind: "language", language, firstLineLength };
  if (newline === -1) return { kind: "unclosed", firstLineLength };

  // The closing fence: the next line that is `---`, maybe with trailing blanks.
  for (let at = source.indexOf("\n---", newline); at !== -1; at = source.indexOf("\n---", at + 1)) {
    closingRest.lastIndex = at + 4;
    const rest = closingRest.exec(source);
    if (!rest) continue;
    const bodyStart = closingRest.lastIndex;
    return {
      kind: "yaml",
      // Up to the last line's end (its `\r` too, which YAML would keep in a value at the very end).
      yaml: source.slice(newline, source.charAt(at - 1) === "\r" ? at - 1 : at),
      bodyStart,
      lineOffset: countLines(source, bodyStart),
    };
  }
  return { kind: "unclosed", firstLineLength };
}

/** How many line endings come before `end`. */
function countLines(source: string, end: number): number {
  let lines = 0;
  for (let index = source.indexOf("\n"); index !== -1 && index < end; ) {
    lines++;
    index = source.indexOf("\n", index + 1);
  }
  return lines;
}
