import rehypeShikiFromHighlighter from "@shikijs/rehype/core";
import type { Element, ElementContent, Root } from "hast";
import type { Plugin, Transformer } from "unified";
import { loadHighlighter } from "./highlighter.js";
import { themeNames } from "./languages.js";

export { loadHighlighter } from "./highlighter.js";
export { languages } from "./languages.js";

let highlighting: Promise<Transformer<Root, Root>> | undefined;

/**
 * Lines this long or longer stay plain text. shiki's grammars are regular
 * expressions that can take superlinear time on a crafted line; with the time
 * limit off (below), this bounds the work a line can cost.
 */
export const maxHighlightedLineLength = 1000;

/** What @shikijs/rehype is given. */
export const highlightOptions = {
  themes: themeNames,
  defaultColor: false,
  addLanguageClass: true,
  // shiki stops tokenizing a line after 500 ms by default and leaves the rest
  // plain, so a busy machine would highlight differently: no time limit, the
  // same markup on every machine.
  tokenizeTimeLimit: 0,
  tokenizeMaxLineLength: maxHighlightedLineLength,
} as const;

/**
 * Highlight fenced code at build time with shiki. Every token carries both
 * colours as CSS variables (`--shiki-light`, `--shiki-dark`) and no inline
 * colour, so the theme's stylesheet follows the reader's colour scheme with no
 * script. A fence in a language outside `languages` (or with none) is left as
 * it is, and so is ```mermaid, which the diagram stage renders. A line of
 * {@link maxHighlightedLineLength} characters or more stays plain.
 */
const rehypeHighlight: Plugin<[], Root> = () => async (tree, file) => {
  highlighting ??= loadHighlighter().then((highlighter) =>
    // HighlighterCore is the generic highlighter with no bundled names; the plugin's
    // signature asks for the generic one.
    rehypeShikiFromHighlighter(
      highlighter as Parameters<typeof rehypeShikiFromHighlighter>[0],
      highlightOptions,
    ),
  );
  const transform = await highlighting;
  // Each block on its own: the transformer walks what it is given with
  // unist-util-visit, which names a function for every node it enters (0.5 s
  // of CPU in a cold build of 1,000 writeups when given the whole page). Where
  // it would have put the highlighted block, in its parent, it puts it here.
  for (const [parent, index] of codeBlocks(tree)) {
    const block: Root = { type: "root", children: [parent.children[index] as Element] };
    await transform(block, file, () => {});
    parent.children[index] = block.children[0] as ElementContent;
  }
};

/** Each `pre` of the tree, by its parent and its place there, outside any other `pre`. */
function codeBlocks(parent: Root | Element, found: [Root | Element, number][] = []) {
  for (const [index, child] of parent.children.entries()) {
    if (child.type !== "element") continue;
    if (child.tagName === "pre") found.push([parent, index]);
    else codeBlocks(child, found);
  }
  return found;
}

export default rehypeHighlight;
