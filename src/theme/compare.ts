import type { Element, ElementContent, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import { comparisonChart } from "../capacity/compare-chart.js";
import { type FormattedFigure, formatTotal } from "../capacity/format.js";
import type { CapacityReport, FigureKey } from "../capacity/index.js";
import { formatBytes, formatRate } from "../capacity/index.js";
import { markupToHast } from "../capacity/markup-hast.js";
import { focusableScrollRegion, focusableScrollRegions } from "../markup/scroll-regions.js";
import type { PageModel } from "./model.js";

/**
 * `/compare/`: every writeup's headline estimates in one table, and charts
 * placing the designs side by side, all from the estimates each page computes.
 */

export interface CompareColumn {
  key: FigureKey;
  heading: string;
  /** The folder of the page sorted by it: `compare/<slug>/`. */
  slug: string;
}

/**
 * The table's columns: the estimates' totals a reader compares designs by.
 * The table sorts without a script: `compare/` lists the designs in the
 * index's order, and `compare/<slug>/` by a column, largest first.
 */
export const compareColumns: readonly CompareColumn[] = [
  { key: "peak_reads_per_second", heading: "Peak reads", slug: "peak-reads" },
  { key: "peak_writes_per_second", heading: "Peak writes", slug: "peak-writes" },
  { key: "storage_bytes", heading: "Storage", slug: "storage" },
  { key: "bandwidth_in_bytes_per_second", heading: "Bandwidth in", slug: "bandwidth-in" },
  { key: "bandwidth_out_bytes_per_second", heading: "Bandwidth out", slug: "bandwidth-out" },
  { key: "cache_bytes", heading: "Cache", slug: "cache" },
];

/** The pages by a column, largest first (a writeup without the figure last), else as they are. */
export function comparedPages(
  pages: readonly PageModel[],
  sortedBy: CompareColumn | undefined,
): PageModel[] {
  if (!sortedBy) return [...pages];
  const value = (page: PageModel) => page.estimates?.total[sortedBy.key] ?? -1;
  // Array#sort is stable: equal figures keep the index's order.
  return [...pages].sort((a, b) => value(b) - value(a));
}

/**
 * A column's heading: the column the table is sorted by says so
 * (`aria-sort`); any other links to the table sorted by it.
 */
function columnHeading(
  label: string,
  href: string,
  sorted: boolean,
  order: "descending" | "other",
): Element {
  if (sorted) {
    return h("th", { scope: "col", ariaSort: order }, [
      label,
      h("span.compare-sorted", { ariaHidden: "true" }, order === "descending" ? " ↓" : ""),
    ]);
  }
  return h("th", { scope: "col" }, [
    h("a.compare-sort", { href }, [
      label,
      h(
        "span.visually-hidden",
        order === "descending" ? ", sort largest first" : ", sort as on the index",
      ),
    ]),
  ]);
}

/** A cell with no figure: a dash on screen, “none” to a screen reader. */
function noFigure(): ElementContent[] {
  return [h("span", { ariaHidden: "true" }, "—"), h("span.visually-hidden", "none")];
}

function figureCell(figure: FormattedFigure | undefined): Element {
  if (!figure) return h("td", noFigure());
  // The storage figure's label says over how long (`Storage over 5 years`).
  const over = figure.key === "storage_bytes" ? /^Storage (over .+)$/.exec(figure.label)?.[1] : "";
  return h("td", { title: figure.derivation }, [
    figure.value,
    over ? h("span.compare-over", ` ${over}`) : "",
  ]);
}

/** Each report's formatted totals, made once for the table's every sorting. */
const figuresOf = new WeakMap<CapacityReport, FormattedFigure[]>();

function headlineFigures(report: CapacityReport): FormattedFigure[] {
  let figures = figuresOf.get(report);
  if (!figures) {
    figures = formatTotal(report);
    figuresOf.set(report, figures);
  }
  return figures;
}

/** Each writeup's row as HTML, by the site's base: made once for the table's every sorting. */
const rowsOf = new WeakMap<PageModel, { base: string; html: string }>();

function rowHtml(page: PageModel, base: string): string {
  const kept = rowsOf.get(page);
  if (kept?.base === base) return kept.html;
  const figures = page.estimates ? headlineFigures(page.estimates) : [];
  const html = toHtml(
    h("tr", [
      h("th", { scope: "row" }, [h("a", { href: `${base}${page.slug}/` }, page.title)]),
      ...compareColumns.map(({ key }) => figureCell(figures.find((figure) => figure.key === key))),
    ]),
  );
  rowsOf.set(page, { base, html });
  return html;
}

/**
 * The table as HTML: one row per writeup (`pages`, in the order given), its
 * title linked to its page; each heading links to the table sorted by its
 * column. Each row is serialized once for every sorting (the seven tables of
 * 1,000 writeups made their 7,000 rows).
 */
export function compareTableHtml(
  pages: readonly PageModel[],
  base: string,
  sortedBy: CompareColumn | undefined,
): string {
  const caption = sortedBy
    ? `Headline estimates of every design, by ${sortedBy.heading.toLowerCase()}, largest first`
    : "Headline estimates of every design, in the index's order";
  const rows: ElementContent[] = pages.map((page) => ({ type: "raw", value: rowHtml(page, base) }));
  const table = h("table.compare-table", [
    h("caption.visually-hidden", caption),
    h("thead", [
      h("tr", [
        columnHeading("Design", `${base}compare/`, sortedBy === undefined, "other"),
        ...compareColumns.map((column) =>
          columnHeading(
            column.heading,
            `${base}compare/${column.slug}/`,
            column === sortedBy,
            "descending",
          ),
        ),
      ]),
    ]),
    h("tbody", rows),
  ]);
  focusableScrollRegion(table);
  // The rows' HTML is ours, made just above from the pages' models.
  return toHtml(table, { allowDangerousHtml: true });
}

const total = (report: CapacityReport | undefined, key: FigureKey) => report?.total[key] ?? 0;

/** The traffic and storage charts of the writeups that have estimates (nothing without any). */
export function compareCharts(pages: readonly PageModel[]): Root {
  const estimated = pages.filter((page) => page.estimates !== undefined);
  const charts = [
    comparisonChart(
      estimated.map((page) => ({
        name: page.title,
        value:
          total(page.estimates, "peak_reads_per_second") +
          total(page.estimates, "peak_writes_per_second"),
      })),
      { id: "compare-traffic", title: "Peak requests per second (log scale)", format: formatRate },
    ),
    comparisonChart(
      estimated.map((page) => ({
        name: page.title,
        value: total(page.estimates, "storage_bytes"),
      })),
      {
        id: "compare-storage",
        title: "Storage over each design's retention (log scale)",
        format: (bytes) => formatBytes(bytes, allBinary(estimated)),
      },
    ),
  ].flatMap((chart) => (chart ? [markupToHast(chart)] : []));
  const root: Root = {
    type: "root",
    children: charts.length > 0 ? [h("div.compare-charts", charts)] : [],
  };
  focusableScrollRegions(root);
  return root;
}

/** Binary units when every design writes its sizes in them (one scale needs one kind of unit). */
function allBinary(pages: readonly PageModel[]): boolean {
  return pages.length > 0 && pages.every((page) => page.estimates?.binary === true);
}
