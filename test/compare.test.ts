import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Element, Root } from "hast";
import { fromHtml } from "hast-util-from-html";
import { select, selectAll } from "hast-util-select";
import { toString as textOf } from "hast-util-to-string";
import { reporter } from "vfile-reporter";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/index.js";
import { comparisonChart } from "../src/capacity/compare-chart.js";
import type { Markup } from "../src/capacity/markup.js";
import { formatRate } from "../src/capacity/units.js";
import { projectOf, repoRoot, writeup } from "./helpers.js";
import { buildDemo } from "./site/demo.js";

const readTree = async (file: string): Promise<Root> => fromHtml(await readFile(file, "utf8"));

/** The figure a writeup's own estimates table gives for a key: its total, or its one workload's. */
function ownFigure(page: Root, key: string): string | undefined {
  const groups = selectAll("table.estimates-table tbody", page);
  const last = groups.at(-1);
  const cell = last && select(`tr[data-key=${key}] td.estimates-figure`, last);
  return cell ? textOf(cell) : undefined;
}

/** A heading's text as shown (without what only a screen reader hears). */
function headings(page: Root): string[] {
  return selectAll("table.compare-table thead th", page).map((th) =>
    selectAll("a, th > span, th", th)
      .flatMap((node) => node.children)
      .filter((child) => child.type === "text")
      .map((child) => child.value)
      .join("")
      .trim(),
  );
}

/** A row's figures as shown, without the storage's retention under it. */
function cellsOf(row: Element): string[] {
  return selectAll("td", row).map((cell) => {
    const [first] = cell.children;
    return first?.type === "text" ? first.value : textOf(cell);
  });
}

const scale: Record<string, number> = {
  "": 1,
  K: 1e3,
  M: 1e6,
  B: 1e9,
  k: 1e3,
  G: 1e9,
  T: 1e12,
  P: 1e15,
};

/** `23.1K /s` → 23100, `1.45 MB/s` → 1.45e6, `7 PB` → 7e15: enough to check an order. */
function amount(figure: string): number {
  const match = /^([\d.,]+)\s*([KMBkGTP]?)/.exec(figure);
  if (!match) return -1;
  return Number((match[1] ?? "").replace(/,/g, "")) * (scale[match[2] ?? ""] ?? 1);
}

const columnKeys = [
  "peak_reads_per_second",
  "peak_writes_per_second",
  "storage_bytes",
  "bandwidth_in_bytes_per_second",
  "bandwidth_out_bytes_per_second",
  "cache_bytes",
];

describe("/compare/", () => {
  it("lists every demo writeup, linked, with the totals its own page shows, and charts them", async () => {
    const demo = await buildDemo("/designs/");
    try {
      const slugs = (await readdir(path.join(repoRoot, "content")))
        .filter((name) => name.endsWith(".md"))
        .map((name) => name.replace(/\.md$/, ""))
        .sort();
      expect(slugs.length).toBeGreaterThanOrEqual(4);
      const compare = await readTree(path.join(demo.outDir, "compare", "index.html"));
      expect(headings(compare)).toEqual([
        "Design",
        "Peak reads",
        "Peak writes",
        "Storage",
        "Bandwidth in",
        "Bandwidth out",
        "Cache",
      ]);
      const rows = selectAll("table.compare-table tbody tr", compare);
      const listed = rows.map((row) => {
        const link = select("th[scope=row] a", row) as Element;
        return String(link.properties.href).replace(/^\/designs\/|\/$/g, "");
      });
      expect([...listed].sort()).toEqual(slugs);

      for (const [index, slug] of listed.entries()) {
        const page = await readTree(path.join(demo.outDir, slug, "index.html"));
        const shown = cellsOf(rows[index] as Element);
        expect(shown, slug).toEqual(columnKeys.map((key) => ownFigure(page, key) ?? "—none"));
        expect(
          shown.every((value) => /\d/.test(value)),
          slug,
        ).toBe(true);
      }

      const charts = selectAll("figure.estimates-chart", compare);
      expect(charts.map((chart) => textOf(select("figcaption", chart) as Element))).toEqual([
        "Peak requests per second (log scale)",
        "Storage over each design's retention (log scale)",
      ]);
      for (const chart of charts) {
        const names = selectAll("svg > text", chart).map((label) => textOf(label));
        for (const row of rows) {
          expect(names).toContain(textOf(select("th a", row) as Element));
        }
      }

      // Sorted without a script: each heading links to the table sorted by its column.
      const links = selectAll("table.compare-table thead th a", compare).map((a) =>
        String(a.properties.href),
      );
      const variants = columnKeys.map((_, index) => links[index] ?? "");
      expect(variants).toEqual([
        "/designs/compare/peak-reads/",
        "/designs/compare/peak-writes/",
        "/designs/compare/storage/",
        "/designs/compare/bandwidth-in/",
        "/designs/compare/bandwidth-out/",
        "/designs/compare/cache/",
      ]);
      for (const [column, href] of variants.entries()) {
        const sorted = await readTree(
          path.join(demo.outDir, href.replace(/^\/designs\//, ""), "index.html"),
        );
        const sortedBy = select("th[aria-sort=descending]", sorted) as Element;
        expect(textOf(sortedBy)).toBe(`${headings(compare)[column + 1]} ↓`);
        const order = selectAll("table.compare-table tbody tr", sorted).map((row) => ({
          slug: String((select("th a", row) as Element).properties.href),
          value: cellsOf(row)[column],
        }));
        expect(order.map((row) => row.slug).sort()).toEqual(
          listed.map((slug) => `/designs/${slug}/`).sort(),
        );
        // Largest first, in the figures' own units.
        const amounts = order.map((row) => amount(row.value ?? ""));
        expect(amounts, href).toEqual([...amounts].sort((a, b) => b - a));
      }

      // Linked from the header and the index.
      const index = await readFile(path.join(demo.outDir, "index.html"), "utf8");
      expect(index).toContain('<a href="/designs/compare/">Compare</a>');
      expect(index).toContain('<a href="/designs/compare/">Compare the designs</a>');
    } finally {
      await demo.cleanup();
    }
  });

  it("keeps a writeup without estimates in the table, with no figures and no bar, and is left out with `compare: false`", async () => {
    const capacity =
      "capacity:\n  writes: 1M / day\n  read_write_ratio: 10\n  write_size: 1 KB\n  retention: 1 year\n";
    for (const config of ["title: T\n", "compare: false\n"]) {
      const project = await projectOf({
        "designpress.config.yaml": config,
        "content/sized.md": writeup("Sized", "::estimates\n", capacity),
        "content/essay.md": writeup("Essay"),
      });
      try {
        const result = await build({ root: project.root });
        expect(result.ok, reporter(result.files)).toBe(true);
        const file = path.join(project.root, "dist", "compare", "index.html");
        const index = await readFile(path.join(project.root, "dist", "index.html"), "utf8");
        if (config.startsWith("compare: false")) {
          expect(existsSync(file)).toBe(false);
          expect(index).not.toContain('href="/compare/"');
          continue;
        }
        const compare = await readTree(file);
        const essay = selectAll("table.compare-table tbody tr", compare).find((row) =>
          textOf(row).startsWith("Essay"),
        ) as Element;
        expect(selectAll("td", essay).map((cell) => textOf(cell))).toEqual(Array(6).fill("—none"));
        const bars = selectAll("figure.estimates-chart", compare).map(
          (chart) => selectAll("rect", chart).length,
        );
        expect(bars).toEqual([1, 1]);
      } finally {
        await project.cleanup();
      }
    }
  });
});

describe("the comparison chart", () => {
  const flat = (node: Markup): Markup[] => [
    node,
    ...node.children.flatMap((child) => (typeof child === "string" ? [] : flat(child))),
  ];
  const bars = (chart: Markup | undefined) =>
    flat(chart as Markup)
      .filter((node) => node.tag === "rect")
      .map((node) => Number(node.attributes.width));

  it("draws each design's bar on a log scale starting a decade below the smallest", () => {
    const chart = comparisonChart(
      [
        { name: "Small", value: 100 },
        { name: "Middle", value: 10_000 },
        { name: "Large", value: 1_000_000 },
        { name: "Idle", value: 0 },
      ],
      { id: "c", title: "Requests", format: formatRate },
    );
    // Ten to a million: five decades over the 268 units left of the figures.
    expect(bars(chart)).toEqual([53.6, 160.8, 268]);
    const labels = flat(chart as Markup)
      .filter((node) => node.tag === "text")
      .map((node) => node.children.join(""));
    expect(labels).toEqual(
      expect.arrayContaining(["Small", "100 /s", "Idle", "0 /s", "10 /s", "1M /s"]),
    );
  });

  it("draws nothing when no design has a figure", () => {
    expect(
      comparisonChart([{ name: "Idle", value: 0 }], { id: "c", title: "T", format: formatRate }),
    ).toBeUndefined();
  });
});
