import { describe, expect, it } from "vitest";
import { analyzeCapacity, type CapacityReport, formatReport } from "./index.js";

function report(capacity: unknown): CapacityReport {
  const result = analyzeCapacity(capacity);
  if (!result.report) throw new Error(result.problems.map((problem) => problem.reason).join("\n"));
  return result.report;
}

/** Within `tolerance` (a fraction) of `expected`. */
function near(actual: number, expected: number, tolerance = 0.05): boolean {
  return Math.abs(actual - expected) <= tolerance * expected;
}

const base = {
  writes: "8,640 / day", // 0.1 /s
  read_write_ratio: 10, // 1 read /s
  write_size: "1 KB",
  read_size: "2 KB",
  request_size: "3 KB",
  retention: "10 days",
  replication: 3,
  storage_overhead: 1.5,
  target_utilization: 0.5,
  peak_factor: 4,
  cache_ratio: 0.25,
};

describe("formulas (spec: Estimates)", () => {
  const { total, workloads } = report(base);

  it("writes_per_second = writes per day / 86,400", () => {
    expect(total.writes_per_second).toBeCloseTo(0.1, 12);
  });
  it("reads_per_second = writes × read_write_ratio per day / 86,400", () => {
    expect(total.reads_per_second).toBeCloseTo(1, 12);
  });
  it("reads given as a rate are used as they are", () => {
    const { read_write_ratio: _ratio, ...withoutRatio } = base;
    expect(report({ ...withoutRatio, reads: "172,800 / day" }).total.reads_per_second).toBeCloseTo(
      2,
      12,
    );
  });
  it("peaks multiply by peak_factor", () => {
    expect(total.peak_writes_per_second).toBeCloseTo(0.4, 12);
    expect(total.peak_reads_per_second).toBeCloseTo(4, 12);
  });
  it("storage_objects = writes per day × retention in days", () => {
    expect(total.storage_objects).toBeCloseTo(86_400, 6);
  });
  it("storage_bytes_per_day = writes per day × write_size × replication × storage_overhead", () => {
    expect(total.storage_bytes_per_day).toBeCloseTo(8_640 * 1000 * 3 * 1.5, 3);
  });
  it("storage_bytes = storage_objects × write_size × replication × storage_overhead", () => {
    expect(total.storage_bytes).toBeCloseTo(86_400 * 1000 * 3 * 1.5, 3);
  });
  it("provisioned_storage_bytes = storage_bytes / target_utilization", () => {
    expect(total.provisioned_storage_bytes).toBeCloseTo((86_400 * 1000 * 3 * 1.5) / 0.5, 3);
  });
  it("bandwidth_in_bytes_per_second = writes_per_second × request_size", () => {
    expect(total.bandwidth_in_bytes_per_second).toBeCloseTo(0.1 * 3000, 9);
  });
  it("bandwidth_out_bytes_per_second = reads_per_second × read_size", () => {
    expect(total.bandwidth_out_bytes_per_second).toBeCloseTo(1 * 2000, 9);
  });
  it("cache_bytes = cache_ratio × reads per day × read_size", () => {
    expect(total.cache_bytes).toBeCloseTo(0.25 * 86_400 * 2000, 3);
  });
  it("a single workload is named default and equals the total", () => {
    expect(workloads.map((entry) => entry.workload.name)).toEqual(["default"]);
    expect(workloads[0]?.figures).toEqual(total);
  });

  it("applies the defaults: 3 years, replication 1, overhead 1, utilization 1, peak 2, cache 0.2, sizes from write_size", () => {
    const figures = report({
      writes: "86,400 / day",
      read_write_ratio: 1,
      write_size: "100 B",
    }).total;
    expect(figures.storage_objects).toBe(86_400 * 1095);
    expect(figures.storage_bytes).toBe(86_400 * 1095 * 100);
    expect(figures.provisioned_storage_bytes).toBe(figures.storage_bytes);
    expect(figures.peak_writes_per_second).toBe(2);
    expect(figures.bandwidth_in_bytes_per_second).toBe(100);
    expect(figures.bandwidth_out_bytes_per_second).toBe(100);
    expect(figures.cache_bytes).toBeCloseTo(0.2 * 86_400 * 100, 6);
  });

  it("multiplies per-user rates by users", () => {
    expect(
      report({ users: "1M", writes: "0.0864 / user / day", write_size: 1 }).total.writes_per_second,
    ).toBeCloseTo(1, 9);
  });
});

describe("workloads", () => {
  const twitter = report({
    users: "150M",
    retention: "3 years",
    workloads: [
      { name: "tweets", writes: "2 / user / day", reads: "100 / user / day", write_size: "300 B" },
      {
        name: "media",
        writes: "0.2 / user / day",
        read_write_ratio: 50,
        write_size: "1 MB",
        retention: "5 years",
      },
    ],
  });

  it("inherits users and retention, and an item may override them", () => {
    const [tweets, media] = twitter.workloads;
    expect(tweets?.workload.retention.days).toBe(1095);
    expect(media?.workload.retention.days).toBe(1825);
    expect(tweets?.figures.writes_per_second).toBeCloseTo((2 * 150e6) / 86_400, 6);
  });

  it("sums every key into the total, peaks included", () => {
    const [tweets, media] = twitter.workloads;
    expect(twitter.total.peak_reads_per_second).toBeCloseTo(
      (tweets?.figures.peak_reads_per_second ?? 0) + (media?.figures.peak_reads_per_second ?? 0),
      6,
    );
    expect(twitter.total.storage_bytes).toBeCloseTo(
      (tweets?.figures.storage_bytes ?? 0) + (media?.figures.storage_bytes ?? 0),
      0,
    );
  });

  it("shows a read-only flow (no writes) with zero writes and storage", () => {
    const search = report({
      workloads: [{ name: "search", reads: "1B / day", read_size: "2 KB" }],
    });
    expect(search.total.writes_per_second).toBe(0);
    expect(search.total.storage_bytes).toBe(0);
    expect(search.total.reads_per_second).toBeCloseTo(1e9 / 86_400, 6);
  });
});

describe("worked example: system-design-primer Pastebin", () => {
  // 10M writes and 100M reads a month, 1.27 KB each, 3 years. The primer uses
  // 2.5M s a month and 36 months; the spec uses 30-day months and 365-day years.
  const pastebin = report({
    writes: "10M / month",
    reads: "100M / month",
    write_size: "1.27 KB",
    retention: "3 years",
  });
  const shown = formatReport(pastebin).total;
  const figure = (key: string) => shown.find((entry) => entry.key === key)?.value;

  it("~4 writes/s and ~40 reads/s", () => {
    expect(near(pastebin.total.writes_per_second, 4, 0.05)).toBe(true);
    expect(near(pastebin.total.reads_per_second, 40, 0.05)).toBe(true);
    expect(figure("writes_per_second")).toBe("3.86 /s");
    expect(figure("reads_per_second")).toBe("38.6 /s");
  });
  it("12.7 GB of new content a month", () => {
    expect(pastebin.total.storage_bytes_per_day * 30).toBeCloseTo(12.7e9, -6);
  });
  it("~450 GB and 360 million objects in 3 years", () => {
    expect(near(pastebin.total.storage_bytes, 450e9, 0.05)).toBe(true);
    expect(near(pastebin.total.storage_objects, 360e6, 0.05)).toBe(true);
    expect(figure("storage_bytes")).toBe("464 GB");
    expect(figure("storage_objects")).toBe("365M objects");
  });
});

describe("worked example: the classic URL shortener", () => {
  const shortener = report({
    writes: "500M / month",
    read_write_ratio: "100:1",
    write_size: "500 B",
    retention: "5 years",
  });
  const shown = formatReport(shortener).total;
  const figure = (key: string) => shown.find((entry) => entry.key === key);

  it("~200 writes/s and ~20K reads/s", () => {
    expect(near(shortener.total.writes_per_second, 200)).toBe(true);
    expect(near(shortener.total.reads_per_second, 20_000)).toBe(true);
    expect(figure("writes_per_second")?.derivation).toBe("500M/month ÷ 2,592,000 s = 193 /s");
    expect(figure("reads_per_second")?.value).toBe("19.3K /s");
  });
  it("~15 TB over 5 years", () => {
    expect(near(shortener.total.storage_bytes, 15e12)).toBe(true);
    expect(figure("storage_bytes")?.value).toBe("15.2 TB");
  });
  it("~100 KB/s in and ~10 MB/s out", () => {
    expect(near(shortener.total.bandwidth_in_bytes_per_second, 100e3)).toBe(true);
    expect(near(shortener.total.bandwidth_out_bytes_per_second, 10e6)).toBe(true);
    expect(figure("bandwidth_in_bytes_per_second")?.value).toBe("96.5 KB/s");
    expect(figure("bandwidth_out_bytes_per_second")?.value).toBe("9.65 MB/s");
  });
  it("~170 GB of cache", () => {
    expect(near(shortener.total.cache_bytes, 170e9)).toBe(true);
    expect(figure("cache_bytes")?.derivation).toBe(
      "0.2 (cache ratio) × 1.67B reads/day × 500 B = 167 GB",
    );
  });
});
