import { describe, expect, it } from "vitest";
import { parseFrontMatter } from "../frontmatter/index.js";
import { capacityProblems } from "./analyze.js";
import { analyzeCapacity, type CapacityProblem } from "./index.js";

function problems(capacity: unknown): CapacityProblem[] {
  return analyzeCapacity(capacity).problems;
}

describe("capacity block", () => {
  it("is not a problem when absent: the writeup has no estimates", () => {
    expect(analyzeCapacity(undefined)).toEqual({ problems: [] });
  });

  it("must be a mapping", () => {
    expect(problems(null)).toEqual([
      {
        path: ["capacity"],
        reason:
          "Expected `capacity:` to be a mapping of inputs such as `writes: 10M / month`, found nothing (an empty value)",
      },
    ]);
  });

  it("names the nearest valid field for a misspelt one, at the key", () => {
    expect(problems({ writes: "1 / s", write_size: 1, raed_size: "1 KB" })).toEqual([
      {
        path: ["capacity", "raed_size"],
        key: true,
        reason: "Unexpected field `raed_size` in `capacity:`; did you mean `read_size`?",
      },
    ]);
  });

  it("lists the valid fields when nothing is near", () => {
    const [problem] = problems({ writes: "1 / s", write_size: 1, colour: "blue" });
    expect(problem?.reason).toMatch(
      /^Unexpected field `colour` in `capacity:`; expected one of `writes`, `reads`/,
    );
  });

  it("collects every problem of the block, not only the first", () => {
    const found = problems({
      writes: 4,
      write_size: "5 parsecs",
      retention: 3,
      peak_factor: 0.5,
      cache_ratio: 2,
    });
    expect(found.map((problem) => problem.path.at(-1))).toEqual([
      "retention",
      "peak_factor",
      "cache_ratio",
      "writes",
      "write_size",
    ]);
  });

  it("requires writes, reads or both", () => {
    expect(problems({ write_size: "1 KB" })).toEqual([
      {
        path: ["capacity"],
        key: true,
        reason:
          "Expected `writes`, `reads` or both in `capacity:`, found neither; add `writes: 10M / month` (a read-only flow gives only `reads`)",
      },
    ]);
  });

  it("requires write_size when there are writes, and a read size when there are reads", () => {
    expect(problems({ writes: "1 / s" }).map((problem) => problem.reason)).toEqual([
      "Expected `write_size` in `capacity:` (bytes stored per write), found none; add e.g. `write_size: 500 B`",
    ]);
    expect(problems({ reads: "1 / s" }).map((problem) => problem.reason)).toEqual([
      "Expected `read_size` or `write_size` in `capacity:` (bytes sent per read), found neither; add e.g. `read_size: 1 KB`",
    ]);
    expect(problems({ writes: "1 / s", write_size: 1, reads: "0 / day" })).toEqual([]);
  });

  it("refuses read_write_ratio without writes", () => {
    expect(problems({ read_write_ratio: 10, read_size: 1 })[0]?.reason).toBe(
      "`read_write_ratio` multiplies `writes`, but `writes` is not set; add `writes`, or give `reads` instead",
    );
  });

  it("accepts reads and read_write_ratio together only within 1%, and shows both otherwise", () => {
    const agreeing = {
      writes: "1M / day",
      reads: "100.5M / day",
      read_write_ratio: 100,
      write_size: 1,
    };
    expect(problems(agreeing)).toEqual([]);
    expect(problems({ ...agreeing, reads: "110M / day" })).toEqual([
      {
        path: ["capacity", "read_write_ratio"],
        reason:
          "Expected `reads` and `read_write_ratio` to agree within 1%, found `reads: 110M / day` (1.27K /s) but `writes` × 100 gives 1.16K /s; give only one of them",
      },
    ]);
  });

  it("asks for users when a rate is per user", () => {
    expect(problems({ writes: "2 / user / day", write_size: 1 })[0]?.reason).toBe(
      "`writes` is per user, but `users` is not set; add `users: 100M` (daily active users) to `capacity:`",
    );
  });

  it("reads the unquoted 100:1 of YAML 1.2 as a ratio", () => {
    expect(
      analyzeCapacity({ writes: "1 / s", read_write_ratio: "100:1", write_size: 1 }).report?.total
        .reads_per_second,
    ).toBe(100);
  });
});

describe("workloads", () => {
  it("puts flow fields in the items: one at the top level is an error", () => {
    expect(
      problems({ writes: "1 / s", workloads: [{ name: "a", writes: "1 / s", write_size: 1 }] }),
    ).toEqual([
      {
        path: ["capacity", "writes"],
        key: true,
        reason:
          "Expected `writes` inside each item of `workloads:`, found it at the `capacity:` level; move it into the workloads it describes",
      },
    ]);
  });

  it("reports problems with paths into the list", () => {
    const found = problems({
      users: "1M",
      workloads: [
        { name: "tweets", writes: "1 / user / day", write_size: "300 B" },
        { name: "media", writes: "1 / user / day", write_size: "1 Mb" },
        { writes: "1 / s", write_size: 1 },
        { name: "tweets", writes: "1 / s", write_size: 1 },
        "oops",
      ],
    });
    expect(found.map((problem) => problem.path)).toEqual([
      ["capacity", "workloads", 1, "write_size"],
      ["capacity", "workloads", 2],
      ["capacity", "workloads", 3, "name"],
      ["capacity", "workloads", 4],
    ]);
  });

  it("refuses an empty list, a name with spaces, and the name total", () => {
    expect(problems({ workloads: [] })[0]?.reason).toContain("found an empty list");
    expect(
      problems({ workloads: [{ name: "big media", writes: "1 / s", write_size: 1 }] })[0]?.reason,
    ).toContain("Expected `name` to be one word");
    expect(
      problems({ workloads: [{ name: "total", writes: "1 / s", write_size: 1 }] })[0]?.reason,
    ).toContain("other than `total`");
  });

  it("reports a figure too large to hold instead of printing Infinity", () => {
    const found = problems({ writes: "1e300 / s", write_size: "1e300" });
    expect(found).toHaveLength(1);
    expect(found[0]?.reason).toMatch(
      /^Expected inputs that give figures a computer can hold, found .*`storage_bytes`.* too large for `capacity:`/,
    );
  });

  it("treats a workload named default as an item of the list, not as the capacity: block", () => {
    const source = [
      "---",
      "title: Default",
      "capacity:",
      "  workloads:",
      "    - name: default",
      "      writes: 1 / s",
      "---",
      "",
    ].join("\n");
    expect(capacityProblems(parseFrontMatter(source))).toEqual([
      {
        reason:
          "Expected `write_size` in workload `default` (bytes stored per write), found none; add e.g. `write_size: 500 B`",
        place: { start: { line: 5, column: 7 }, end: { line: 6, column: 20 } },
      },
    ]);
    expect(
      problems({ workloads: [{ name: "default", writes: "1e300 / s", write_size: "1e300" }] }),
    ).toEqual([
      expect.objectContaining({
        path: ["capacity", "workloads", 0],
        reason: expect.stringContaining("too large for workload `default`"),
      }),
    ]);
    expect(
      problems({ workloads: [{ name: "default", writes: "2 / user / day", write_size: 1 }] })[0]
        ?.reason,
    ).toBe(
      "`writes` is per user, but `users` is not set; add `users: 100M` (daily active users) to `capacity:` or to this workload",
    );
  });
});
