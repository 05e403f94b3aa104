import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTable } from "micromark-extension-gfm-table";
import remarkParse from "remark-parse";
import { type Processor, unified } from "unified";
import { VFile } from "vfile";
import { maskedBody } from "../frontmatter/index.js";
import { createStepMatcher, type StepMatcher } from "../method/index.js";
import { remarkNestingLimit, reportMarkdownNesting } from "../pipeline/nesting.js";
import { checkTree, readMatter, type StructureOptions } from "./check.js";

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
  const file = new VFile({ path, value: source });
  const input = readMatter(source);
  const tree = parser.parse(new VFile({ path, value: maskedBody(source, input.matter) }));
  reportMarkdownNesting(tree, file);
  checkTree(tree, file, input, options, matcherFor(options));
  return file;
}
