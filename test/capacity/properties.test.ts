import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeCapacity,
  estimatesJson,
  formatReport,
  headlineFigures,
} from "../../src/capacity/index.js";
import { capacity } from "./generators.js";

// Property: whatever the front matter holds, the estimator gives figures or
// clear problems — never NaN, Infinity, a negative figure, a hang or a throw.

function assertSound(input: unknown): void {
  const { report, problems } = analyzeCapacity(input);
  if (!report) {
    if (input === undefined) return;
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.path[0]).toBe("capacity");
      expect(problem.reason).toMatch(/\S/);
      expect(problem.reason).not.toMatch(/undefined|\[object/);
    }
    return;
  }
  expect(problems).toEqual([]);
  const json = estimatesJson(report, "page.md");
  const numbers: number[] = [];
  JSON.stringify(json, (_key, value: unknown) => {
    if (typeof value === "number") numbers.push(value);
    return value;
  });
  for (const number of numbers) {
    expect(Number.isFinite(number)).toBe(true);
    expect(number >= 0 && !Object.is(number, -0)).toBe(true);
  }
  const text = JSON.stringify([formatReport(report), headlineFigures(report)]);
  expect(text).not.toMatch(/NaN|Infinity|undefined|(^|[\s(×÷=+])-\d/);
}

describe("the estimator on any input", () => {
  it("gives figures or problems for structured inputs of every form", () => {
    fc.assert(
      fc.property(capacity, (input) => assertSound(input)),
      { numRuns: 3000 },
    );
  });

  it("gives figures or problems for arbitrary values", () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true }),
        assertSound,
      ),
      {
        numRuns: 1000,
      },
    );
  });

  it("gives figures or problems for random strings in every field", () => {
    const names = [
      "writes",
      "reads",
      "read_write_ratio",
      "write_size",
      "users",
      "retention",
      "cache_ratio",
    ];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), fc.string({ maxLength: 300 })),
        assertSound,
      ),
      { numRuns: 1000 },
    );
  });

  it("handles long and adversarial strings without a hang", () => {
    const long = [
      `${"1".repeat(10_000)} / s`,
      `${"1,000".repeat(5_000)} / s`,
      `1${"_0".repeat(5_000)} / day`,
      `${" ".repeat(10_000)}1 / s`,
      `1 / ${"per ".repeat(3_000)}day`,
      `${"1e9".repeat(50)} KB`,
    ];
    for (const text of long) {
      assertSound({ writes: text, write_size: text, retention: text, read_write_ratio: text });
    }
  });
});

describe("valid inputs", () => {
  it("always give a report", () => {
    const perMonth = fc
      .double({ min: 0, max: 1e12, noNaN: true })
      .map((number) => `${number} / month`);
    const bytes = fc.double({ min: 1, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(
        fc.record({
          writes: perMonth,
          read_write_ratio: fc.double({ min: 0, max: 1e4, noNaN: true }),
          write_size: bytes,
        }),
        (input) => {
          expect(analyzeCapacity(input).problems).toEqual([]);
          assertSound(input);
        },
      ),
      { numRuns: 500 },
    );
  });
});
