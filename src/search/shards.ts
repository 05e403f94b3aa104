import { createHash } from "node:crypto";

/**
 * The most pages one shard of the search index holds. Pagefind cannot update
 * an index: an edited page is indexed again with every page of its shard, so
 * a large site is indexed in shards that the reader's browser merges.
 */
export const pagesPerShard = 256;

/** The file, in the search bundle's folder, that lists the other shards' folders. */
export const shardsManifest = "designpress-shards.json";

/** Where a shard's index goes inside the search bundle's folder (the first is the bundle itself). */
export const shardFolder = (shard: number): string => (shard === 0 ? "" : `shard-${shard}/`);

/**
 * A page's shard among `count`, by its slug: a page stays in its shard
 * whatever is added, removed or reordered around it, while the count holds.
 */
export function shardOf(slug: string, count: number): number {
  if (count === 1) return 0;
  return createHash("sha256").update(slug).digest().readUInt32BE(0) % count;
}

/**
 * How many shards the pages of `slugs` are indexed in: one up to
 * {@link pagesPerShard} pages, then a power of two, so that the count (and
 * with it every page's shard) changes only when the site doubles. Never a
 * shard without a page, whose index Pagefind's script could not load.
 */
export function shardCount(slugs: readonly string[]): number {
  let count = 1;
  while (slugs.length > count * pagesPerShard) count *= 2;
  while (count > 1) {
    const filled = new Set(slugs.map((slug) => shardOf(slug, count)));
    if (filled.size === count) break;
    count /= 2;
  }
  return count;
}
