import { describe, expect, it } from "vitest";
import { pagesPerShard, shardCount, shardOf } from "./shards.js";

const slugs = (count: number) => Array.from({ length: count }, (_, number) => `design-${number}`);

describe("search shards", () => {
  it("keeps a site of up to 256 pages in one index, then doubles the shards as the site doubles", () => {
    expect(shardCount([])).toBe(1);
    expect(shardCount(slugs(pagesPerShard))).toBe(1);
    expect(shardCount(slugs(pagesPerShard + 1))).toBe(2);
    expect(shardCount(slugs(2 * pagesPerShard))).toBe(2);
    expect(shardCount(slugs(2 * pagesPerShard + 1))).toBe(4);
    expect(shardCount(slugs(1000))).toBe(4);
    expect(shardCount(slugs(4 * pagesPerShard + 1))).toBe(8);
  });

  it("puts a page in the same shard whatever else the site holds, and leaves no shard empty", () => {
    const site = slugs(1000);
    const shards = site.map((slug) => shardOf(slug, 4));
    // Reordered, or with a page removed: every other page stays where it was.
    expect(site.toReversed().map((slug) => shardOf(slug, 4))).toEqual(shards.toReversed());
    expect(shardCount(site.slice(1))).toBe(4);
    expect(site.slice(1).map((slug) => shardOf(slug, 4))).toEqual(shards.slice(1));
    const sizes = Array.from({ length: 4 }, (_, shard) => shards.filter((s) => s === shard).length);
    for (const size of sizes) expect(size).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(pagesPerShard + 40);
    expect(shardOf("design-1", 1)).toBe(0);
  });

  it("makes fewer shards where one would hold no page", () => {
    // In the first shard of four, hence of two.
    const allInTheFirstOfTwo = slugs(4000)
      .filter((slug) => shardOf(slug, 4) === 0)
      .slice(0, 2 * pagesPerShard + 1);
    expect(allInTheFirstOfTwo).toHaveLength(2 * pagesPerShard + 1);
    expect(shardCount(allInTheFirstOfTwo)).toBe(1);
  });
});
