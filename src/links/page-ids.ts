import type { Root } from "hast";
import { headingRank } from "hast-util-heading-rank";
import { noneSkipped, walkContent } from "../core/walk.js";

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
