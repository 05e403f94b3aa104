import type { PageModel } from "./model.js";

/**
 * The order a reader follows with the previous/next links: the slugs of the
 * config's `order` first, as written, then every other page in site order
 * (newest first). Slugs that no page has are returned to be reported.
 */
export function readingOrder(
  pages: readonly PageModel[],
  order: readonly string[] = [],
): { pages: PageModel[]; unknown: string[] } {
  const bySlug = new Map(pages.map((page) => [page.slug, page]));
  const listed = order.flatMap((slug) => bySlug.get(slug) ?? []);
  const rest = pages.filter((page) => !order.includes(page.slug));
  return {
    pages: [...listed, ...rest],
    unknown: order.filter((slug) => !bySlug.has(slug)),
  };
}

/** Set each page's `previous` and `next` along `ordered`. */
export function linkNeighbours(ordered: readonly PageModel[]): void {
  ordered.forEach((page, index) => {
    const previous = ordered[index - 1];
    const next = ordered[index + 1];
    page.previous = previous && { slug: previous.slug, title: previous.title };
    page.next = next && { slug: next.slug, title: next.title };
  });
}
