import type { Root } from "mdast";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTable } from "micromark-extension-gfm-table";
import remarkDirective from "remark-directive";
import remarkParse from "remark-parse";
import { type Processor, unified } from "unified";
import { VFile } from "vfile";
import { maskedBody } from "../frontmatter/index.js";
import { createStepMatcher, type StepMatcher } from "../method/index.js";
import { remarkNestingLimit, reportMarkdownNesting } from "../writeup/nesting.js";
import { checkTree, type MatterInput, readMatter, type StructureOptions } from "./check.js";

/**
 * Of GFM, only tables matter to the rules (an endpoint table, a schema); autolink
 * literals, footnotes and strikethrough change no rule's outcome and cost as much
 * again as the rest of parsing, which is what a pre-commit hook waits for.
 */
function remarkGfmTables(this: Processor): void {
  const data = this.data();
  data.micromarkExtensions = [...(data.micromarkExtensions ?? []), gfmTable()];
  data.fromMarkdownExtensions = [...(data.fromMarkdownExtensions ?? []), gfmTableFromMarkdown()];
}

const parser = unified().use(remarkParse).use(remarkNestingLimit).use(remarkGfmTables);
// Directives matter to the check only as estimates (`::estimates`, `:estimate[key]`);
// their syntax costs every parse, so only a page that names one pays for it.
let directiveParser: typeof parser | undefined;

function parserFor(source: string): typeof parser {
  if (!source.includes(":estimate")) return parser;
  directiveParser ??= unified()
    .use(remarkParse)
    .use(remarkNestingLimit)
    .use(remarkGfmTables)
    .use(remarkDirective) as unknown as typeof parser;
  return directiveParser;
}

// A check of many files passes the same options to each: build its matcher once.
const matchers = new WeakMap<StructureOptions, StepMatcher>();

function matcherFor(options: StructureOptions): StepMatcher {
  let matcher = matchers.get(options);
  if (!matcher) {
    matcher = createStepMatcher(options.headings);
    matchers.set(options, matcher);
  }
  return matcher;
}

/**
 * Check one writeup's source: the pure API behind `designpress check`. Parses it
 * the way the build does (front matter apart; of GFM, only tables) and
 * returns a VFile whose messages are the check's findings, in document order.
 */
export function checkFile(path: string, source: string, options: StructureOptions = {}): VFile {
  return checkSource(path, source, options).file;
}

/** {@link checkFile}, with what the site-wide checks (links, diagrams) read next. */
export function checkSource(
  path: string,
  source: string,
  options: StructureOptions = {},
): { file: VFile; tree: Root; input: MatterInput } {
  const file = new VFile({ path, value: source });
  const { tree, input } = parseWriteup(path, source);
  reportMarkdownNesting(tree, file);
  checkTree(tree, file, input, options, matcherFor(options));
  return { file, tree, input };
}

/**
 * A writeup's front matter and its Markdown tree, parsed as the check parses
 * them (nesting cut at the bound, see `pipeline/nesting.ts`).
 */
export function parseWriteup(path: string, source: string): { tree: Root; input: MatterInput } {
  const input = readMatter(source);
  const tree = parserFor(source).parse(
    new VFile({ path, value: maskedBody(source, input.matter) }),
  );
  return { tree, input };
}
