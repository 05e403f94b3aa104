import type { Parent, Root, RootContent } from "mdast";
import type { Plugin } from "unified";

/**
 * remark-directive reads `:word` anywhere in prose as a directive. Any directive
 * that no plugin handled goes back to the text the author wrote (a leaf or text
 * directive) or to its content (a container), so `ratio:high` or `::note` in a
 * writeup is not silently dropped.
 */
const remarkLeftoverDirectives: Plugin<[], Root> = () => (tree, file) => {
  const source = String(file.value);
  // A walk of its own rather than unist-util-visit's: this runs on every node
  // of every page, and visit's closures and ancestor lists per node cost more
  // than the check.
  const walk = (parent: Parent) => {
    const children = parent.children as RootContent[];
    let index = 0;
    while (index < children.length) {
      const node = children[index] as RootContent;
      if (node.type === "containerDirective") {
        // Its content in its place, looked at next.
        children.splice(index, 1, ...(node.children as RootContent[]));
        continue;
      }
      if (node.type === "textDirective" || node.type === "leafDirective") {
        const start = node.position?.start.offset;
        const end = node.position?.end.offset;
        const text =
          start !== undefined && end !== undefined ? source.slice(start, end) : `:${node.name}`;
        children[index] =
          node.type === "textDirective"
            ? { type: "text", value: text }
            : { type: "paragraph", children: [{ type: "text", value: text }] };
      } else if ("children" in node) walk(node);
      index++;
    }
  };
  walk(tree);
};

export default remarkLeftoverDirectives;
