import type { Root } from "hast";
import { headingRank } from "hast-util-heading-rank";
import type { Plugin } from "unified";
import { noneSkipped, walkContent } from "../core/walk.js";

declare module "vfile" {
  interface DataMap {
    /** Every id on the page, for checking `#fragment` links (set by {@link rehypePageIds}). */
    ids: string[];
  }
}

/** The ids a page's tree carries, and those of its headings, each in document order. */
export interface PageIdList {
  ids: string[];
  headings: string[];
}

/** Every id on a page, and those of its headings, in document order. */
export function collectPageIds(tree: Root): PageIdList {
  const ids: string[] = [];
  const headings: string[] = [];
  walkContent(tree, noneSkipped, (node) => {
    if (node.type !== "element") return;
    const id = node.properties.id;
    if (typeof id !== "string" || id === "") return;
    ids.push(id);
    if (headingRank(node)) headings.push(id);
  });
  return { ids, headings };
}

/** Every id on a page, in document order. */
export function collectIds(tree: Root): string[] {
  return collectPageIds(tree).ids;
}

/**
 * The page processor's last step: every id the finished page carries, and its
 * headings', on the file (`ids`, `headingIds`), for the links of every page of
 * the site. Kept with the page in the build cache, so that a page taken from
 * it need not be parsed for them.
 */
const rehypePageIds: Plugin<[], Root> = () => (tree, file) => {
  const { ids, headings } = collectPageIds(tree);
  file.data.ids = ids;
  file.data.headingIds = headings;
};

export default rehypePageIds;
