import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { VFile } from "vfile";
import { checkTree, readMatter, type StructureOptions } from "./check.js";

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkDirective);

/**
 * Check one writeup's source: the pure API behind `designpress check`. Parses it
 * the way the build does (front matter apart, Markdown with GFM and directives) and
 * returns a VFile whose messages are the check's findings, in document order.
 */
export function checkFile(path: string, source: string, options: StructureOptions = {}): VFile {
  const file = new VFile({ path, value: source });
  const input = readMatter(source);
  // Blank lines stand in for the front matter, so positions are the file's own.
  const body = input.matter ? "\n".repeat(input.matter.lineOffset) + input.matter.content : source;
  const tree = parser.parse(new VFile({ path, value: body }));
  checkTree(tree, file, input, options);
  return file;
}
