import rehypeShikiFromHighlighter from "@shikijs/rehype/core";
import type { Root } from "hast";
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
    rehypeShikiFromHighlighter(highlighter as Parameters<typeof rehypeShikiFromHighlighter>[0], {
      themes: themeNames,
      defaultColor: false,
      addLanguageClass: true,
      // shiki stops tokenizing a line after 500 ms by default and leaves the rest
      // plain, so a busy machine would highlight differently: no time limit, the
      // same markup on every machine.
      tokenizeTimeLimit: 0,
      tokenizeMaxLineLength: maxHighlightedLineLength,
    }),
  );
  const transform = await highlighting;
  await transform(tree, file, () => {});
};

export default rehypeHighlight;
