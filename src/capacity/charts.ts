import type { Element } from "hast";
import { s } from "hastscript";
import type { CapacityReport } from "./estimate.js";
import { formatBytes, formatRate } from "./format.js";
import { daysPerMonth, daysPerYear } from "./values.js";

/**
 * Inline SVG charts, built at build time as hast: no script, no external file.
 * Colours come from `currentColor` so the theme's text colour applies; every
 * coordinate is rounded so the same report always gives the same markup.
 */

const width = 640;
const height = 240;
const margin = { top: 16, right: 24, bottom: 36, left: 88 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function frame(id: string, title: string, description: string, children: Element[]): Element {
  return s(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      ariaLabelledBy: `${id}-title ${id}-desc`,
      className: ["estimates-chart-svg"],
      fontSize: 12,
      fill: "currentColor",
    },
    [
      s("title", { id: `${id}-title` }, title),
      s("desc", { id: `${id}-desc` }, description),
      ...children,
    ],
  );
}

function text(x: number, y: number, value: string, anchor: "start" | "middle" | "end"): Element {
  return s("text", { x: round(x), y: round(y), textAnchor: anchor }, value);
}

/** Total storage (a sum of straight lines, each flat after its own retention). */
function storageAt(report: CapacityReport, day: number): number {
  return report.workloads.reduce(
    (sum, entry) =>
      sum + entry.figures.storage_bytes_per_day * Math.min(day, entry.workload.retention.days),
    0,
  );
}

/** Axis ticks along the retention period: years, else months, else days. */
function timeTicks(horizonDays: number): { day: number; label: string }[] {
  const [unitDays, unit] =
    horizonDays >= 2 * daysPerYear
      ? [daysPerYear, "y"]
      : horizonDays >= 2 * daysPerMonth
        ? [daysPerMonth, "mo"]
        : [1, "d"];
  const count = horizonDays / unitDays;
  const step = Math.max(1, Math.ceil(count / 10));
  const ticks: { day: number; label: string }[] = [];
  for (let index = 0; index * step <= count && ticks.length <= 11; index++) {
    ticks.push({ day: index * step * unitDays, label: `${index * step}${unit}` });
  }
  return ticks;
}

/**
 * Storage growing over the retention period, with the provisioned capacity
 * when disks are kept below full. Undefined when nothing is stored.
 */
export function storageChart(
  report: CapacityReport,
  id = "estimates-storage",
): Element | undefined {
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

  const children: Element[] = [
    s("path", { d: area, fillOpacity: 0.15, stroke: "none", className: ["estimates-chart-area"] }),
    s("polyline", {
      points: points.join(" "),
      fill: "none",
      stroke: "currentColor",
      strokeWidth: 2,
      className: ["estimates-chart-line"],
    }),
  ];
  for (const fraction of [0, 0.5, 1]) {
    const tickY = y(top * fraction);
    children.push(
      s("line", {
        x1: margin.left,
        x2: margin.left + plotWidth,
        y1: round(tickY),
        y2: round(tickY),
        stroke: "currentColor",
        strokeOpacity: 0.2,
      }),
      text(margin.left - 6, tickY + 4, formatBytes(top * fraction, report.binary), "end"),
    );
  }
  for (const tick of timeTicks(horizon)) {
    children.push(text(x(tick.day), height - margin.bottom + 16, tick.label, "middle"));
  }
  if (showProvisioned) {
    children.push(
      s("line", {
        x1: margin.left,
        x2: margin.left + plotWidth,
        y1: round(y(provisioned)),
        y2: round(y(provisioned)),
        stroke: "currentColor",
        strokeDasharray: "6 4",
        className: ["estimates-chart-provisioned"],
      }),
      text(margin.left + plotWidth, y(provisioned) - 4, "provisioned", "end"),
    );
  }
  children.push(text(margin.left + plotWidth / 2, height - 4, "time since launch", "middle"));
  return frame(id, title, description, children);
}

/** Average and peak writes and reads per second, as bars. Undefined when there is no traffic. */
export function trafficChart(
  report: CapacityReport,
  id = "estimates-traffic",
): Element | undefined {
  const { total } = report;
  const bars = [
    { label: "writes, average", value: total.writes_per_second, peak: false },
    { label: "writes, peak", value: total.peak_writes_per_second, peak: true },
    { label: "reads, average", value: total.reads_per_second, peak: false },
    { label: "reads, peak", value: total.peak_reads_per_second, peak: true },
  ];
  const top = Math.max(...bars.map((bar) => bar.value));
  if (!(top > 0) || !Number.isFinite(top)) return undefined;

  const labelWidth = 104;
  const valueWidth = 80;
  const barArea = width - labelWidth - valueWidth - 16;
  const rowHeight = height / bars.length;
  const children: Element[] = [];
  bars.forEach((bar, index) => {
    const barY = index * rowHeight + rowHeight * 0.2;
    const barWidth = (bar.value / top) * barArea;
    children.push(
      text(labelWidth - 8, barY + rowHeight * 0.3 + 4, bar.label, "end"),
      s("rect", {
        x: labelWidth,
        y: round(barY),
        width: round(barWidth),
        height: round(rowHeight * 0.6),
        fillOpacity: bar.peak ? 0.85 : 0.4,
        className: [bar.peak ? "estimates-chart-peak" : "estimates-chart-average"],
      }),
      text(labelWidth + barWidth + 6, barY + rowHeight * 0.3 + 4, formatRate(bar.value), "start"),
    );
  });
  const description = `Writes: ${formatRate(total.writes_per_second)} on average, ${formatRate(
    total.peak_writes_per_second,
  )} at peak. Reads: ${formatRate(total.reads_per_second)} on average, ${formatRate(
    total.peak_reads_per_second,
  )} at peak.`;
  return frame(id, "Peak and average traffic", description, children);
}
