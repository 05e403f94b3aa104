import type { Root } from "mdast";
import type { Plugin } from "unified";
import { SKIP, visit } from "unist-util-visit";

/**
 * remark-directive reads `:word` anywhere in prose as a directive. Any directive
 * that no plugin handled goes back to the text the author wrote (a leaf or text
 * directive) or to its content (a container), so `ratio:high` or `::note` in a
 * writeup is not silently dropped.
 */
const remarkLeftoverDirectives: Plugin<[], Root> = () => (tree, file) => {
  const source = String(file.value);
  visit(tree, (node, index, parent) => {
    if (!parent || index === undefined) return;
    if (
      node.type !== "textDirective" &&
      node.type !== "leafDirective" &&
      node.type !== "containerDirective"
    ) {
      return;
    }
    if (node.type === "containerDirective") {
      parent.children.splice(index, 1, ...(node.children as typeof parent.children));
      return [SKIP, index];
    }
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const text =
      start !== undefined && end !== undefined ? source.slice(start, end) : `:${node.name}`;
    const replacement =
      node.type === "textDirective"
        ? { type: "text" as const, value: text }
        : { type: "paragraph" as const, children: [{ type: "text" as const, value: text }] };
    parent.children.splice(index, 1, replacement as (typeof parent.children)[number]);
    return [SKIP, index + 1];
  });
};

export default remarkLeftoverDirectives;
