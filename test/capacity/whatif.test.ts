import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { whatIfGroups } from "../../src/capacity/whatif/fields.js";
import { recompute } from "../../src/capacity/whatif/recompute.js";
import { whatIfBundle } from "../../src/capacity/whatif/script.js";
import { repoRoot } from "../helpers.js";
import { capacity } from "./generators.js";

type Recompute = typeof recompute;

/** The shipped what-if script (lib/, built by `npm run compile`), run as a browser would, without a page. */
async function bundledRecompute(): Promise<Recompute> {
  const source = await readFile(whatIfBundle, "utf8").catch((error: Error) => {
    throw new Error(`${error.message}: run \`npm run compile\` to bundle the what-if script`);
  });
  // A bundle older than the modules it holds would test yesterday's code.
  const sources = path.join(repoRoot, "src", "capacity");
  const bundled = (await stat(whatIfBundle)).mtimeMs;
  for (const entry of await readdir(sources, { recursive: true })) {
    const file = path.join(sources, entry);
    if (file.endsWith(".ts") && (await stat(file)).mtimeMs > bundled) {
      throw new Error(
        `${fileURLToPath(whatIfBundle)} is older than ${file}; run \`npm run compile\``,
      );
    }
  }
  const context = vm.createContext({});
  vm.runInContext(source, context);
  const exported = (context as { designpressWhatIf?: { recompute?: Recompute } }).designpressWhatIf;
  if (typeof exported?.recompute !== "function") throw new Error("the bundle exports no recompute");
  return exported.recompute;
}

/** Edits a reader might type into a field: values of every form, and junk. */
const edit = fc.oneof(
  fc.constantFrom(
    "60M",
    "2 / user / day",
    "1 KB",
    "5 years",
    "3",
    "0.5",
    "50 ms",
    "10K",
    "abc",
    "",
  ),
  fc.string({ maxLength: 12 }),
);

describe("the what-if script in the browser bundle", () => {
  it("works out the same view as the build for every property-test input", async () => {
    const bundled = await bundledRecompute();
    fc.assert(
      fc.property(capacity, (input) => {
        expect(JSON.stringify(bundled(input, {}, "-2"))).toBe(
          JSON.stringify(recompute(input, {}, "-2")),
        );
      }),
      { numRuns: 1500 },
    );
  });

  it("works out the same view after the same edits", async () => {
    const bundled = await bundledRecompute();
    const base = {
      users: "50M",
      per_server: { rps: "5K" },
      workloads: [
        { name: "messages", writes: "40 / user / day", read_write_ratio: 5, write_size: "200 B" },
        { name: "media", writes: "0.2 / user / day", read_write_ratio: 4, write_size: "300 KB" },
      ],
    };
    const names = [
      "users",
      "retention",
      "per_server.rps",
      "workloads.0.writes",
      "workloads.1.write_size",
      "workloads.1.replication",
    ];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), edit), (edits) => {
        expect(JSON.stringify(bundled(base, edits))).toBe(JSON.stringify(recompute(base, edits)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("recompute", () => {
  const shortener = {
    writes: "200M / month",
    read_write_ratio: 100,
    write_size: "500 B",
    retention: "5 years",
  };

  it("estimates the block again with a field replaced", () => {
    const outcome = recompute(shortener, { writes: "400M / month" });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const [section] = outcome.view.sections;
    expect(section?.figures.find((figure) => figure.key === "writes_per_second")?.value).toBe(
      "154 /s",
    );
    expect(outcome.view.charts).toHaveLength(2);
  });

  it("names the field of each problem, as the form names its inputs", () => {
    expect(recompute(shortener, { retention: "5 decades", write_size: "-1 B" })).toEqual({
      ok: false,
      problems: [
        {
          name: "retention",
          reason:
            "Expected the unit of `retention` to be days, weeks, months or years, found `decades`",
        },
        { name: "write_size", reason: "Expected `write_size` to be 0 or more, found `-1 B`" },
      ],
    });
  });

  it("leaves the writeup's block as it was", () => {
    const block = { ...shortener, per_node: { storage: "1 TB" } };
    recompute(block, { "per_node.storage": "2 TB", "per_server.rps": "1K" });
    expect(block).toEqual({ ...shortener, per_node: { storage: "1 TB" } });
  });
});

describe("the what-if's inputs", () => {
  it("are the fields a writeup gives, then the defaults it leaves out", () => {
    const [group] = whatIfGroups({
      writes: "200M / month",
      read_write_ratio: 100,
      write_size: "500 B",
      latency: "20 ms",
      per_server: { rps: "8K", redundancy: 2 },
      peak_factor: 3,
    });
    expect(group?.legend).toBeUndefined();
    expect(group?.fields.map((field) => `${field.name}=${field.value}`)).toEqual([
      "writes=200M / month",
      "read_write_ratio=100",
      "write_size=500 B",
      "peak_factor=3",
      "latency=20 ms",
      "per_server.rps=8K",
      "per_server.redundancy=2",
      "retention=3 years",
      "replication=1",
      "storage_overhead=1",
      "target_utilization=1",
      "cache_ratio=0.2",
    ]);
  });

  it("group the shared settings, then each workload's own fields", () => {
    const groups = whatIfGroups({
      users: "150M",
      workloads: [
        {
          name: "tweets",
          writes: "2 / user / day",
          reads: "100 / user / day",
          write_size: "300 B",
        },
        { name: "media", writes: "0.2 / user / day", write_size: "1 MB", retention: "5 years" },
      ],
    });
    expect(groups.map((group) => group.legend)).toEqual([
      "Every workload",
      "Workload tweets",
      "Workload media",
    ]);
    expect(groups[0]?.fields.map((field) => field.name)).toEqual([
      "users",
      "retention",
      "replication",
      "storage_overhead",
      "target_utilization",
      "peak_factor",
      "cache_ratio",
    ]);
    expect(groups[2]?.fields.map((field) => field.name)).toEqual([
      "workloads.1.writes",
      "workloads.1.write_size",
      "workloads.1.retention",
    ]);
  });
});
