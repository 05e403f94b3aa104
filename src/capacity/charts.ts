import type { CapacityReport } from "./estimate.js";
import { element, type Markup } from "./markup.js";
import { formatBytes, formatRate } from "./units.js";
import { daysPerMonth, daysPerYear } from "./values.js";

/**
 * Inline SVG charts, each in a `figure` with a visible caption: no script, no
 * external file. Colours come from `currentColor` so the theme's text colour
 * applies; every coordinate is rounded so the same report always gives the
 * same markup.
 *
 * Laid out for a phone: the drawing is 340 units wide with 14-unit text, so a
 * chart scaled down to a 358 px column shows its labels at 14.7 px, and still at
 * 12 px in a 292 px one (a 390 px screen less the page's and the block's padding).
 */

export const chartWidth = 340;
const width = chartWidth;
export const fontSize = 14;

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The figure: the chart as an image with a title and a description, and the title as its caption. */
export function figure(
  id: string,
  height: number,
  title: string,
  description: string,
  children: Markup[],
): Markup {
  const svg = element(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-labelledby": `${id}-title ${id}-desc`,
      class: "estimates-chart-svg",
      "font-size": fontSize,
      fill: "currentColor",
    },
    [
      element("title", { id: `${id}-title` }, [title]),
      element("desc", { id: `${id}-desc` }, [description]),
      ...children,
    ],
  );
  return element("figure", { class: "estimates-chart" }, [
    svg,
    element("figcaption", { class: "estimates-chart-caption" }, [title]),
  ]);
}

export function text(
  x: number,
  y: number,
  value: string,
  anchor: "start" | "middle" | "end",
  className?: string,
): Markup {
  const attributes: Record<string, string | number> = {
    x: round(x),
    y: round(y),
    "text-anchor": anchor,
  };
  if (className) attributes.class = className;
  return element("text", attributes, [value]);
}

/** Total storage (a sum of straight lines, each flat after its own retention). */
function storageAt(report: CapacityReport, day: number): number {
  return report.workloads.reduce(
    (sum, entry) =>
      sum + entry.figures.storage_bytes_per_day * Math.min(day, entry.workload.retention.days),
    0,
  );
}

/** Axis ticks along the retention period, at most six: years, else months, else days. */
function timeTicks(horizonDays: number): { day: number; label: string }[] {
  const [unitDays, unit] =
    horizonDays >= 2 * daysPerYear
      ? [daysPerYear, "y"]
      : horizonDays >= 2 * daysPerMonth
        ? [daysPerMonth, "mo"]
        : [1, "d"];
  const count = horizonDays / unitDays;
  const step = Math.max(1, Math.ceil(count / 5));
  const ticks: { day: number; label: string }[] = [];
  for (let index = 0; index * step <= count && ticks.length < 6; index++) {
    ticks.push({ day: index * step * unitDays, label: `${index * step}${unit}` });
  }
  return ticks;
}

/**
 * Storage growing over the retention period, with the provisioned capacity
 * when disks are kept below full. Undefined when nothing is stored.
 */
export function storageChart(report: CapacityReport, id = "estimates-storage"): Markup | undefined {
  const height = 260;
  const margin = { top: 24, right: 12, bottom: 48, left: 72 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;

  const horizon = Math.max(...report.workloads.map((entry) => entry.workload.retention.days));
  const stored = storageAt(report, horizon);
  const provisioned = report.total.provisioned_storage_bytes;
  const top = Math.max(stored, provisioned);
  if (!(top > 0) || !Number.isFinite(top) || !(horizon > 0)) return undefined;

  const x = (day: number) => margin.left + (Math.min(day, horizon) / horizon) * plotWidth;
  const y = (bytes: number) => margin.top + plotHeight - (bytes / top) * plotHeight;
  const days = [
    0,
    ...new Set(
      report.workloads.map((entry) => entry.workload.retention.days).sort((a, b) => a - b),
    ),
  ];
  const points = days.map((day) => `${round(x(day))},${round(y(storageAt(report, day)))}`);
  const area = `M${round(x(0))},${round(y(0))} L${points.join(" L")} L${round(x(horizon))},${round(y(0))} Z`;

  const longest = report.workloads.find((entry) => entry.workload.retention.days === horizon);
  const over = longest?.workload.retention.text ?? `${Math.round(horizon)} days`;
  const showProvisioned = provisioned > stored * 1.0001;
  const title = `Storage growing over ${over}`;
  const description = `Stored data grows from 0 to ${formatBytes(stored, report.binary)} over ${over}${
    showProvisioned ? `; provisioned capacity is ${formatBytes(provisioned, report.binary)}` : ""
  }.`;

  const children: Markup[] = [
    element("path", {
      d: area,
      "fill-opacity": 0.15,
      stroke: "none",
      class: "estimates-chart-area",
    }),
    element("polyline", {
      points: points.join(" "),
      fill: "none",
      stroke: "currentColor",
      "stroke-width": 2,
      class: "estimates-chart-line",
    }),
  ];
  for (const fraction of [0, 0.5, 1]) {
    const tickY = round(y(top * fraction));
    children.push(
      element("line", {
        x1: margin.left,
        x2: margin.left + plotWidth,
        y1: tickY,
        y2: tickY,
        stroke: "currentColor",
        "stroke-opacity": 0.2,
      }),
      text(margin.left - 6, tickY + 5, formatBytes(top * fraction, report.binary), "end"),
    );
  }
  for (const tick of timeTicks(horizon)) {
    children.push(text(x(tick.day), height - margin.bottom + 20, tick.label, "middle"));
  }
  if (showProvisioned) {
    const provisionedY = round(y(provisioned));
    children.push(
      element("line", {
        x1: margin.left,
        x2: margin.left + plotWidth,
        y1: provisionedY,
        y2: provisionedY,
        stroke: "currentColor",
        "stroke-dasharray": "6 4",
        class: "estimates-chart-provisioned",
      }),
      text(margin.left + plotWidth, provisionedY - 6, "provisioned", "end"),
    );
  }
  children.push(text(margin.left + plotWidth / 2, height - 6, "time since launch", "middle"));
  return figure(id, height, title, description, children);
}

/**
 * Average and peak writes and reads per second, as bars, each under its label
 * so the bars keep the whole width on a phone. Undefined when there is no traffic.
 */
export function trafficChart(report: CapacityReport, id = "estimates-traffic"): Markup | undefined {
  const { total } = report;
  const bars = [
    { label: "writes, average", value: total.writes_per_second, peak: false },
    { label: "writes, peak", value: total.peak_writes_per_second, peak: true },
    { label: "reads, average", value: total.reads_per_second, peak: false },
    { label: "reads, peak", value: total.peak_reads_per_second, peak: true },
  ];
  const top = Math.max(...bars.map((bar) => bar.value));
  if (!(top > 0) || !Number.isFinite(top)) return undefined;

  // Room at the right of the longest bar for its figure (`38.6K /s` is about 62 units).
  const valueWidth = 72;
  const barArea = width - valueWidth;
  const rowHeight = 52;
  const barHeight = 20;
  const children: Markup[] = [];
  bars.forEach((bar, index) => {
    const labelY = index * rowHeight + fontSize + 2;
    const barY = labelY + 6;
    const barWidth = (bar.value / top) * barArea;
    children.push(
      text(0, labelY, bar.label, "start"),
      element("rect", {
        x: 0,
        y: round(barY),
        width: round(barWidth),
        height: barHeight,
        "fill-opacity": bar.peak ? 0.85 : 0.4,
        class: bar.peak ? "estimates-chart-peak" : "estimates-chart-average",
      }),
      text(barWidth + 6, barY + barHeight / 2 + 5, formatRate(bar.value), "start"),
    );
  });
  const description = `Writes: ${formatRate(total.writes_per_second)} on average, ${formatRate(
    total.peak_writes_per_second,
  )} at peak. Reads: ${formatRate(total.reads_per_second)} on average, ${formatRate(
    total.peak_reads_per_second,
  )} at peak.`;
  const height = bars.length * rowHeight;
  return figure(id, height, "Peak and average traffic", description, children);
}

/** Every chart the report has something to draw in, in page order. */
export function estimatesCharts(report: CapacityReport, suffix = ""): Markup[] {
  return [
    storageChart(report, `estimates-storage${suffix}`),
    trafficChart(report, `estimates-traffic${suffix}`),
  ].filter((chart): chart is Markup => chart !== undefined);
}
