import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatNumber, formatRate } from "./index.js";

describe("three significant figures", () => {
  it.each([
    [3.858, "3.86"],
    [192.9, "193"],
    [0.2, "0.2"],
    [2, "2"],
    [1499.5, "1,500"],
    [0.011574, "0.0116"],
    [0, "0"],
    [3.17e-8, "3.17 × 10⁻⁸"],
    [2.5e18, "2.5 × 10¹⁸"],
  ])("formatNumber(%d) = %s", (input, expected) => {
    expect(formatNumber(input)).toBe(expected);
  });
});

describe("counts and rates", () => {
  it.each([
    [192.9, "193 /s"],
    [19_290.1, "19.3K /s"],
    [999.7, "1K /s"],
    [3.47e6, "3.47M /s"],
    [1.2e9, "1.2B /s"],
    [4e12, "4T /s"],
  ])("formatRate(%d) = %s", (input, expected) => {
    expect(formatRate(input)).toBe(expected);
  });

  it("writes objects in billions with B, as authors write counts", () => {
    expect(formatCount(30_416_666_666)).toBe("30.4B");
  });
});

describe("bytes", () => {
  it.each([
    [12.7e9, false, "12.7 GB"],
    [166.7e9, false, "167 GB"],
    [15.208e12, false, "15.2 TB"],
    [999.6e3, false, "1 MB"],
    [500, false, "500 B"],
    [0.5, false, "0.5 B"],
    [1024 ** 3 * 11.8, true, "11.8 GiB"],
    [4096, true, "4 KiB"],
    [3e30, false, "3 × 10³⁰ B"],
  ])("formatBytes(%d, binary %s) = %s", (input, binary, expected) => {
    expect(formatBytes(input, binary)).toBe(expected);
  });
});
