import { toHtml } from "hast-util-to-html";
import { describe, expect, it } from "vitest";
import { analyzeCapacity, type CapacityReport, storageChart, trafficChart } from "./index.js";
import type { Markup } from "./markup.js";
import { markupToHast } from "./markup-hast.js";

/** A chart as the page shows it (nothing when there is none). */
function chartHtml(chart: Markup | undefined): string {
  return chart ? toHtml(markupToHast(chart)) : "";
}

function report(capacity: unknown): CapacityReport {
  const result = analyzeCapacity(capacity);
  if (!result.report) throw new Error(result.problems.map((problem) => problem.reason).join("\n"));
  return result.report;
}

const shortener = report({
  writes: "500M / month",
  read_write_ratio: 100,
  write_size: "500 B",
  retention: "5 years",
  target_utilization: 0.7,
});

describe("storage chart", () => {
  const svg = chartHtml(storageChart(shortener));

  it("is an accessible image with a title and a description of its figures", () => {
    expect(svg).toContain(
      'role="img" aria-labelledby="estimates-storage-title estimates-storage-desc"',
    );
    expect(svg).toContain(
      '<title id="estimates-storage-title">Storage growing over 5 years</title>',
    );
    expect(svg).toContain(
      '<desc id="estimates-storage-desc">Stored data grows from 0 to 15.2 TB over 5 years; provisioned capacity is 21.7 TB.</desc>',
    );
  });

  it("marks each year of the retention on the time axis", () => {
    for (const year of ["0y", "1y", "2y", "3y", "4y", "5y"])
      expect(svg).toContain(`>${year}</text>`);
  });

  it("is absent when nothing is stored", () => {
    expect(storageChart(report({ reads: "1M / day", read_size: "1 KB" }))).toBeUndefined();
  });
});

describe("traffic chart", () => {
  it("shows average and peak reads and writes", () => {
    const svg = chartHtml(trafficChart(shortener));
    expect(svg).toContain(
      '<desc id="estimates-traffic-desc">Writes: 193 /s on average, 386 /s at peak. Reads: 19.3K /s on average, 38.6K /s at peak.</desc>',
    );
    expect(svg.match(/<rect /g)).toHaveLength(4);
  });

  it("is deterministic", () => {
    expect(chartHtml(trafficChart(shortener))).toBe(chartHtml(trafficChart(shortener)));
  });
});
