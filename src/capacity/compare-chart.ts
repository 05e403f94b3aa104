import { chartWidth, figure, fontSize, round, text } from "./charts.js";
import { element, type Markup } from "./markup.js";

/**
 * One figure of several designs side by side: a horizontal bar per design,
 * its name above the bar and its value at the bar's end, on a log scale (the
 * designs of one portfolio differ by orders of magnitude: a rate limiter's
 * gigabytes beside a chat service's petabytes). Laid out like the estimates'
 * traffic chart, for a phone first: the same 340-unit drawing and 14-unit text.
 */

export interface ComparedValue {
  /** The design's name, as the bar's label. */
  name: string;
  value: number;
}

export interface ComparisonOptions {
  id: string;
  title: string;
  /** A value for people, as the bar's figure and the axis' ticks: `23.1K /s`, `33.9 TB`. */
  format: (value: number) => string;
}

const rowHeight = 46;
const barHeight = 18;
const axisHeight = 34;
// Room at the right of the longest bar for its figure (`1.16K /s` is about 62 units).
const valueWidth = 72;
const barArea = chartWidth - valueWidth;
// A name longer than this would run out of the drawing at 14 units a character's ~7.5.
const longestName = 42;

function shortened(name: string): string {
  return name.length <= longestName ? name : `${name.slice(0, longestName - 1).trimEnd()}…`;
}

/** The power of ten at or below (`floor`) or above (`ceil`) a value, `log10`'s rounding aside. */
function powerOfTen(value: number, direction: "floor" | "ceil"): number {
  const exponent = Math.log10(value);
  const nearest = Math.round(exponent);
  return Math.abs(exponent - nearest) < 1e-9 ? nearest : Math[direction](exponent);
}

/** The powers of ten around the values: the scale starts a decade below the smallest's. */
function decades(values: readonly number[]): { low: number; high: number } {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  const low = powerOfTen(Math.min(...positive), "floor") - 1;
  const high = Math.max(low + 1, powerOfTen(Math.max(...positive), "ceil"));
  return { low, high };
}

/**
 * The chart, or undefined when no design has a positive value. A design
 * whose value is 0 keeps its row, with no bar.
 */
export function comparisonChart(
  values: readonly ComparedValue[],
  options: ComparisonOptions,
): Markup | undefined {
  if (!values.some((entry) => entry.value > 0 && Number.isFinite(entry.value))) return undefined;
  const { low, high } = decades(values.map((entry) => entry.value));
  const x = (value: number) =>
    value > 0 ? ((Math.log10(value) - low) / (high - low)) * barArea : 0;

  const plotHeight = values.length * rowHeight;
  const children: Markup[] = [];
  // A line at each power of ten, labelled at most four times so the labels never touch.
  const step = Math.ceil((high - low) / 3);
  for (let power = low; power <= high; power++) {
    const lineX = round(x(10 ** power));
    children.push(
      element("line", {
        x1: lineX,
        x2: lineX,
        y1: 0,
        y2: plotHeight,
        stroke: "currentColor",
        "stroke-opacity": 0.2,
      }),
    );
    if ((power - low) % step === 0) {
      const anchor = power === low ? "start" : lineX + 30 > chartWidth ? "end" : "middle";
      children.push(text(lineX, plotHeight + 20, options.format(10 ** power), anchor));
    }
  }
  values.forEach((entry, index) => {
    const labelY = index * rowHeight + fontSize + 2;
    const barY = labelY + 6;
    const barWidth = x(entry.value);
    children.push(text(0, labelY, shortened(entry.name), "start"));
    if (barWidth > 0) {
      children.push(
        element("rect", {
          x: 0,
          y: round(barY),
          width: round(Math.max(barWidth, 2)),
          height: barHeight,
          class: "compare-chart-bar",
        }),
      );
    }
    children.push(
      text(barWidth + 6, barY + barHeight / 2 + 5, options.format(entry.value), "start"),
    );
  });
  const description = `${values
    .map((entry) => `${entry.name}: ${options.format(entry.value)}`)
    .join("; ")}. Log scale: each grid line is ten times the one before.`;
  return figure(options.id, plotHeight + axisHeight, options.title, description, children);
}
