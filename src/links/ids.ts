import GithubSlugger from "github-slugger";
import type { Root } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import type { PageIds } from "./resolve.js";

const rawHeading = /<h([1-6])\b([^>]*)>([\s\S]*?)<\/h\1\s*>/gi;
const rawId = /<[a-z][\w-]*\b[^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/**
 * The ids a page will carry once built, read from its Markdown without building
 * it: the heading ids the page processor gives (GitHub's slugs, numbered when repeated,
 * raw HTML headings included), the `id`s written in raw HTML, and the footnote
 * ids remark-gfm makes; with `estimates` (a `capacity:` block), the ids of the
 * charts each `::estimates` places. With `titleFromHeading` (no front-matter title) the first
 * `# heading` becomes the title and leaves the page, and its id with it.
 */
export function markdownIds(
  tree: Root,
  source: string,
  { titleFromHeading, estimates = false }: { titleFromHeading: boolean; estimates?: boolean },
): PageIds {
  const slugger = new GithubSlugger();
  const ids = new Set<string>();
  const headings: string[] = [];
  let blocks = 0;
  let titleId: string | undefined;
  const firstTitle = titleFromHeading
    ? tree.children.find((node) => node.type === "heading" && node.depth === 1)
    : undefined;
  visit(tree, (node) => {
    if (node.type === "heading") {
      const id = slugger.slug(mdastToString(node, { includeImageAlt: false, includeHtml: false }));
      ids.add(id);
      headings.push(id);
      if (node === firstTitle) titleId = id;
    } else if (estimates && node.type === "leafDirective" && node.name === "estimates") {
      // Each `::estimates` block's two charts name their title and description.
      blocks += 1;
      const suffix = blocks === 1 ? "" : `-${blocks}`;
      for (const chart of ["storage", "traffic"]) {
        ids.add(`estimates-${chart}${suffix}-title`);
        ids.add(`estimates-${chart}${suffix}-desc`);
      }
    } else if (node.type === "html") {
      for (const [, , attributes = "", inner = ""] of node.value.matchAll(rawHeading)) {
        if (!/\sid\s*=/i.test(attributes)) {
          const id = slugger.slug(inner.replace(/<[^>]*>/g, ""));
          ids.add(id);
          headings.push(id);
        }
      }
      for (const match of node.value.matchAll(rawId)) {
        ids.add(match[1] ?? match[2] ?? match[3] ?? "");
      }
    }
  });
  if (titleId !== undefined) ids.delete(titleId);
  const headingIds = headings.filter((id) => id !== titleId);
  // remark-gfm's footnotes: the section's label, each note and each reference to it.
  for (const [, label = ""] of source.matchAll(/\[\^([^\]\s]+)\]/g)) {
    ids.add("footnote-label");
    ids.add(`user-content-fn-${label.toLowerCase()}`);
    ids.add(`user-content-fnref-${label.toLowerCase()}`);
  }
  return { ids, headings: headingIds };
}
