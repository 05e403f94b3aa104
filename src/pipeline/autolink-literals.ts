import type { Root } from "mdast";
import type { Extension, Transform } from "mdast-util-from-markdown";
import { gfmAutolinkLiteralFromMarkdown } from "mdast-util-gfm-autolink-literal";
import type { Processor } from "unified";
import type { Node } from "unist";

/**
 * What each of GFM's literal autolinks needs in one text node: `http://` or
 * `https://`, `www.`, or the `@` of an address (`mailto:` and `xmpp:` ones
 * included).
 */
const mayHoldLiteral = /https?:\/\/|www\.|@/i;

/** remark-gfm's transform that turns literal URLs and addresses in text into links. */
const literalAutolinks = gfmAutolinkLiteralFromMarkdown().transforms?.[0];

/** Whether some text node of `tree` could hold a literal autolink; a walk without a closure per node. */
function mayHoldLiterals(tree: Root): boolean {
  const stack: Node[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as Node & { value?: unknown; children?: Node[] };
    if (node.type === "text" && typeof node.value === "string" && mayHoldLiteral.test(node.value))
      return true;
    if (node.children) stack.push(...node.children);
  }
  return false;
}

/** The literal-autolink transform, run only on a tree whose text could hold one. */
const whereLikely: Transform = (tree) => {
  if (literalAutolinks && mayHoldLiterals(tree)) return literalAutolinks(tree);
};

const guarded = (extension: Extension): Extension =>
  extension.transforms?.includes(literalAutolinks as Transform)
    ? {
        ...extension,
        transforms: extension.transforms.map((transform) =>
          transform === literalAutolinks ? whereLikely : transform,
        ),
      }
    : extension;

/**
 * After remark-gfm: its literal autolinks (`www.example.com`, a bare
 * `https://…`, an email address) are looked for only on a page with a text
 * that could hold one. The transform walks the whole tree once per kind of
 * link, four times a page, with a function made for every node: 1.55 s of a
 * one-thread cold build of 1,000 writeups none of which had one, against
 * 64 ms for this look. A page that may have one gets exactly remark-gfm's
 * transform.
 */
export function remarkAutolinkLiteralsWhereLikely(this: Processor): void {
  const data = this.data();
  data.fromMarkdownExtensions = data.fromMarkdownExtensions?.map((extension) =>
    Array.isArray(extension) ? extension.map(guarded) : guarded(extension),
  );
}
