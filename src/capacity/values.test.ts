import { describe, expect, it } from "vitest";
import {
  parseCount,
  parseDuration,
  parseNumber,
  parseRate,
  parseRatio,
  parseSize,
} from "./values.js";

function value<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) throw new Error(`expected a value, got: ${result.reason}`);
  return result.value;
}

function reason(result: { ok: boolean; reason?: string }): string {
  if (result.ok) throw new Error("expected a problem, got a value");
  return result.reason ?? "";
}

describe("count", () => {
  it.each([
    [500, 500],
    ["500", 500],
    ["1,000,000", 1e6],
    ["1_000", 1e3],
    ["2.5K", 2.5e3],
    ["2.5k", 2.5e3],
    ["500M", 5e8],
    ["1.7B", 1.7e9],
    ["3T", 3e12],
    ["10 million", 1e7],
    ["2 billion", 2e9],
    ["4 thousand", 4e3],
    ["1 trillion", 1e12],
    ["0", 0],
  ])("accepts %j as %d", (input, expected) => {
    expect(value(parseCount(input, "users")).value).toBeCloseTo(expected, 6);
  });

  it.each([
    ["-5", "0 or more"],
    [-5, "0 or more"],
    ["1,00", "a count such as"],
    ["lots", "a count such as"],
    ["5 zillion", "a count such as"],
    [true, "found `true`"],
    [null, "found nothing"],
    [["1"], "found a list"],
    ["1e400", "too large"],
  ])("rejects %j", (input, expected) => {
    expect(reason(parseCount(input, "users"))).toContain(expected);
  });
});

describe("rate", () => {
  it.each([
    ["500M / month", 5e8, 2_592_000, false],
    ["500M/month", 5e8, 2_592_000, false],
    ["10M per month", 1e7, 2_592_000, false],
    ["4 / s", 4, 1, false],
    ["4 / sec", 4, 1, false],
    ["4 / second", 4, 1, false],
    ["4 / seconds", 4, 1, false],
    ["60 / min", 60, 60, false],
    ["60 / minute", 60, 60, false],
    ["3600 / h", 3600, 3600, false],
    ["3600 / hour", 3600, 3600, false],
    ["1M / day", 1e6, 86_400, false],
    ["1M / days", 1e6, 86_400, false],
    ["7M / week", 7e6, 604_800, false],
    ["1B / year", 1e9, 31_536_000, false],
    ["15B / 4 weeks", 15e9, 2_419_200, false],
    ["2 / user / day", 2, 86_400, true],
    ["2 per user per day", 2, 86_400, true],
    ["0 / day", 0, 86_400, false],
  ])("accepts %j", (input, count, seconds, perUser) => {
    const rate = value(parseRate(input, "writes"));
    expect(rate.count.value).toBeCloseTo(count, 6);
    expect(rate.periodSeconds).toBe(seconds);
    expect(rate.perUser).toBe(perUser);
  });

  it("refuses a YAML number: a rate needs a period", () => {
    expect(reason(parseRate(4, "writes"))).toBe(
      "`writes` needs a period, e.g. `4 / s` or `10M / month`; found the number 4 with none",
    );
  });

  it.each([
    ["500M", "needs a period"],
    ["500M / fortnight", "found `fortnight`"],
    ["500M / mnth", "did you mean `month`?"],
    ["500M / 0 days", "more than 0"],
    ["lots / day", "start with a count"],
    ["2 / users / day / s", "count / period"],
    ["2 / admin / day", "count / period"],
    [{ per: "day" }, "found a mapping"],
  ])("rejects %j", (input, expected) => {
    expect(reason(parseRate(input, "writes"))).toContain(expected);
  });
});

describe("size", () => {
  it.each([
    [500, 500, false],
    ["500", 500, false],
    ["500 B", 500, false],
    ["1.27 KB", 1270, false],
    ["1.27 kB", 1270, false],
    ["2 MB", 2e6, false],
    ["3 GB", 3e9, false],
    ["4 TB", 4e12, false],
    ["5 PB", 5e15, false],
    ["4 KiB", 4096, true],
    ["1 MiB", 1024 ** 2, true],
    ["1 GiB", 1024 ** 3, true],
    ["1 TiB", 1024 ** 4, true],
    ["1 PiB", 1024 ** 5, true],
    ["300 bytes", 300, false],
  ])("accepts %j", (input, bytes, binary) => {
    const size = value(parseSize(input, "write_size"));
    expect(size.bytes).toBeCloseTo(bytes, 6);
    expect(size.binary).toBe(binary);
  });

  it("refuses lower-case b, which reads as bits, and says what to write", () => {
    expect(reason(parseSize("1 Mb", "write_size"))).toBe(
      "Expected `write_size` in bytes, found `1 Mb`, which reads as bits; write `1 MB` for bytes",
    );
  });

  it.each([
    ["2K", "did you mean `KB`?"],
    ["5 parsecs", "a size such as"],
    ["-1 KB", "0 or more"],
    [-1, "0 or more"],
    [false, "found `false`"],
  ])("rejects %j", (input, expected) => {
    expect(reason(parseSize(input, "write_size"))).toContain(expected);
  });
});

describe("duration", () => {
  it.each([
    ["3 years", 1095],
    ["1 year", 365],
    ["18 months", 540],
    ["1 month", 30],
    ["2 weeks", 14],
    ["1 week", 7],
    ["90 days", 90],
    ["1 day", 1],
  ])("accepts %j as %d days", (input, days) => {
    expect(value(parseDuration(input, "retention")).days).toBe(days);
  });

  it.each([
    [3, "needs a unit"],
    ["3 decades", "days, weeks, months or years"],
    ["3 yeers", "did you mean `years`?"],
    ["0 years", "more than 0"],
    ["forever", "a duration such as"],
  ])("rejects %j", (input, expected) => {
    expect(reason(parseDuration(input, "retention"))).toContain(expected);
  });
});

describe("ratio", () => {
  it.each([
    [100, 100],
    ["100", 100],
    ["100:1", 100],
    ["100 : 1", 100],
    ["1:4", 0.25],
    [0, 0],
  ])("accepts %j", (input, expected) => {
    expect(value(parseRatio(input, "read_write_ratio")).value).toBeCloseTo(expected, 9);
  });

  it.each([
    ["100:0", "more than 0"],
    [-1, "0 or more"],
    ["-1", "(a ratio is 0 or more)"],
    ["many", "a ratio such as"],
  ])("rejects %j", (input, expected) => {
    expect(reason(parseRatio(input, "read_write_ratio"))).toContain(expected);
  });
});

describe("plain number", () => {
  it("accepts factors of at least 1 for replication, storage_overhead and peak_factor", () => {
    expect(value(parseNumber(3, "replication", { min: 1 })).value).toBe(3);
    expect(value(parseNumber("1.3", "storage_overhead", { min: 1 })).value).toBe(1.3);
    expect(reason(parseNumber(0.5, "peak_factor", { min: 1 }))).toBe(
      "Expected `peak_factor` to be a number of at least 1, found the number 0.5",
    );
  });

  it("accepts cache_ratio from 0 to 1, also as a percentage", () => {
    const bounds = { min: 0, max: 1, percent: true };
    expect(value(parseNumber(0, "cache_ratio", bounds)).value).toBe(0);
    expect(value(parseNumber("20%", "cache_ratio", bounds)).value).toBe(0.2);
    expect(reason(parseNumber(1.5, "cache_ratio", bounds))).toBe(
      "Expected `cache_ratio` to be a number from 0 to 1, found the number 1.5",
    );
  });

  it("accepts target_utilization above 0 and at most 1", () => {
    const bounds = { min: 0, minExclusive: true, max: 1, percent: true };
    expect(value(parseNumber(1, "target_utilization", bounds)).value).toBe(1);
    expect(value(parseNumber("70%", "target_utilization", bounds)).value).toBeCloseTo(0.7);
    expect(reason(parseNumber(0, "target_utilization", bounds))).toBe(
      "Expected `target_utilization` to be a number above 0 and at most 1, found the number 0",
    );
  });

  it("refuses a percentage where a factor is expected", () => {
    expect(reason(parseNumber("300%", "replication", { min: 1 }))).toContain("found `300%`");
  });
});
