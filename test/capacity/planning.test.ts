import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeCapacity,
  type CapacityReport,
  estimatesJson,
  formatReport,
  planningKeys,
} from "../../src/capacity/index.js";

function report(capacity: unknown): CapacityReport {
  const result = analyzeCapacity(capacity);
  if (!result.report) throw new Error(result.problems.map((problem) => problem.reason).join("\n"));
  return result.report;
}

function problems(capacity: unknown): string[] {
  return analyzeCapacity(capacity).problems.map(
    (problem) => `${problem.path.join(".")}${problem.key ? " (key)" : ""}: ${problem.reason}`,
  );
}

// The hand-worked example of the capacity reference (README, "Machines"):
// 864M writes a day are 10,000 /s; ×9 reads, 90,000 /s; ×2 at peak, 200,000 requests /s.
const photos = {
  writes: "864M / day",
  read_write_ratio: 9,
  write_size: "1 KB",
  retention: "100 days",
  replication: 3,
  target_utilization: 0.8,
  peak_factor: 2,
  latency: "50 ms",
  per_server: { rps: "10K" },
  per_node: { storage: "12 TB" },
  per_cache_node: { memory: "64 GB" },
};

describe("machine counts (hand-worked)", () => {
  const { total } = report(photos);
  const shown = formatReport(report(photos)).total;
  const derivation = (key: string) => shown.find((figure) => figure.key === key)?.derivation;

  it("servers = ⌈peak requests ÷ rps ÷ target_utilization⌉ + redundancy (1 by default)", () => {
    // 200,000 /s ÷ 10,000 /s = 20 servers' worth; ÷ 0.8 = 25; + 1 spare = 26.
    expect(total.servers).toBe(26);
    expect(derivation("servers")).toBe(
      "(180K /s + 20K /s) ÷ 10K /s ÷ 0.8 (target utilization) = 25 + 1 spare = 26 servers",
    );
  });

  it("read_rps and write_rps weigh reads and writes apart, with the spares asked for", () => {
    // 180,000 ÷ 12,000 = 15 plus 20,000 ÷ 4,000 = 5: 20; ÷ 0.8 = 25; + 2 spares = 27.
    const split = report({
      ...photos,
      per_server: { read_rps: "12K", write_rps: "4K", redundancy: 2 },
    });
    expect(split.total.servers).toBe(27);
    expect(formatReport(split).total.find((figure) => figure.key === "servers")?.derivation).toBe(
      "(180K /s ÷ 12K /s (reads) + 20K /s ÷ 4K /s (writes)) ÷ 0.8 (target utilization) = 25 + 2 spares = 27 servers",
    );
  });

  it("rounds the busy servers up before adding the spare, and adds none with redundancy 0", () => {
    // 200,000 ÷ 30,000 = 6.67 → 7 at full utilization.
    const spareless = report({
      ...photos,
      target_utilization: 1,
      per_server: { rps: "30K", redundancy: 0 },
    });
    expect(spareless.total.servers).toBe(7);
    expect(
      formatReport(spareless).total.find((figure) => figure.key === "servers")?.derivation,
    ).toBe("(180K /s + 20K /s) ÷ 30K /s = 6.67, rounded up = 7 servers");
  });

  it("concurrent_requests = peak requests × latency (Little's law)", () => {
    // 200,000 /s × 0.05 s = 10,000 requests in flight.
    expect(total.concurrent_requests).toBeCloseTo(10_000, 6);
    expect(derivation("concurrent_requests")).toBe(
      "(180K /s + 20K /s) × 50 ms (latency) = 10K requests",
    );
  });

  it("connections_per_server = requests in flight ÷ servers without the spares", () => {
    // 10,000 ÷ 25 = 400.
    expect(total.connections_per_server).toBeCloseTo(400, 6);
    expect(derivation("connections_per_server")).toBe(
      "10K requests ÷ 25 servers (without the spare) = 400 connections",
    );
  });

  it("bandwidth in bits = bytes × 8, the byte figures unchanged", () => {
    // In: 10,000 /s × 1 KB = 10 MB/s = 80 Mbit/s; out: 90 MB/s = 720 Mbit/s.
    expect(total.bandwidth_in_bytes_per_second).toBeCloseTo(10e6, 3);
    expect(total.bandwidth_in_bits_per_second).toBeCloseTo(80e6, 3);
    expect(total.bandwidth_out_bits_per_second).toBeCloseTo(720e6, 3);
    expect(derivation("bandwidth_out_bits_per_second")).toBe("90 MB/s × 8 bits = 720 Mbit/s");
  });

  it("server_bandwidth = (in + out) bits × peak_factor ÷ servers without the spares", () => {
    // (80 + 720) Mbit/s × 2 ÷ 25 = 64 Mbit/s for each server's NIC.
    expect(total.server_bandwidth_bits_per_second).toBeCloseTo(64e6, 3);
  });

  it("storage_shards = ⌈provisioned storage ÷ replication ÷ node storage⌉", () => {
    // 86.4B objects × 1 KB × 3 = 259.2 TB; ÷ 0.8 = 324 TB; ÷ 3 copies ÷ 12 TB = 9 shards.
    expect(total.provisioned_storage_bytes).toBeCloseTo(324e12, -3);
    expect(total.storage_shards).toBe(9);
    expect(derivation("storage_shards")).toBe(
      "324 TB ÷ 3 (replication) ÷ 12 TB per node = 9 shards",
    );
  });

  it("storage_nodes = ⌈shards × replication⌉", () => {
    expect(total.storage_nodes).toBe(27);
    // Erasure coding at 1.5: 129.6 TB ÷ 0.8 = 162 TB; ÷ 1.5 ÷ 36 TB = 3 shards; × 1.5 = 4.5 → 5 nodes.
    const coded = report({ ...photos, replication: 1.5, per_node: { storage: "36 TB" } });
    expect(coded.total.storage_shards).toBe(3);
    expect(coded.total.storage_nodes).toBe(5);
  });

  it("cache_nodes = ⌈cache ÷ (node memory × target_utilization)⌉", () => {
    // 0.2 × 7.776B reads a day × 1 KB = 1,555.2 GB; ÷ (64 GB × 0.8) = 30.4 → 31.
    expect(total.cache_bytes).toBeCloseTo(1_555.2e9, -3);
    expect(total.cache_nodes).toBe(31);
    expect(derivation("cache_nodes")).toBe(
      "1.56 TB ÷ 64 GB per node ÷ 0.8 (target utilization) = 30.4, rounded up = 31 nodes",
    );
  });

  it("has no machine figure without its input", () => {
    const plain = report({ writes: "864M / day", read_write_ratio: 9, write_size: "1 KB" });
    for (const key of planningKeys) expect(plain.total[key]).toBeUndefined();
    const { per_server: _limits, ...withoutServers } = photos;
    const latencyOnly = report(withoutServers);
    expect(latencyOnly.total.concurrent_requests).toBeCloseTo(10_000, 6);
    expect(latencyOnly.total.servers).toBeUndefined();
    expect(latencyOnly.total.connections_per_server).toBeUndefined();
  });

  it("needs no server for a flow with no requests", () => {
    const idle = report({ reads: "0 / day", read_size: "1 KB", per_server: { rps: "5K" } });
    expect(idle.total.servers).toBe(0);
  });
});

describe("machine counts over workloads", () => {
  const chat = report({
    users: "10M",
    latency: "100 ms",
    per_server: { rps: "1K" },
    workloads: [
      // 86.4 messages a user a day: 10,000 /s; ×2 reads and ×2 at peak: 60,000 requests /s.
      { name: "messages", writes: "86.4 / user / day", read_write_ratio: 2, write_size: "200 B" },
      // 8.64 uploads a user a day: 1,000 /s; peak 2,000 writes and 2,000 reads /s.
      {
        name: "media",
        writes: "8.64 / user / day",
        read_write_ratio: 1,
        write_size: "100 KB",
        per_server: { rps: "500", redundancy: 2 },
      },
    ],
  });

  it("each workload is its own fleet; the total adds the fleets", () => {
    const [messages, media] = chat.workloads;
    expect(messages?.figures.servers).toBe(61); // 60,000 ÷ 1,000 + 1
    expect(media?.figures.servers).toBe(10); // 4,000 ÷ 500 + 2
    expect(chat.total.servers).toBe(71);
  });

  it("the total's connections per server are all requests in flight over all servers without spares", () => {
    // 6,000 + 400 requests in flight, over 60 + 8 servers.
    expect(chat.total.concurrent_requests).toBeCloseTo(6_400, 6);
    expect(chat.total.connections_per_server).toBeCloseTo(6_400 / 68, 6);
    const total = formatReport(chat).total;
    expect(total.find((figure) => figure.key === "servers")?.derivation).toBe(
      "messages 61 servers + media 10 servers = 71 servers",
    );
    expect(total.find((figure) => figure.key === "connections_per_server")?.derivation).toBe(
      "6.4K requests ÷ 68 servers without spares = 94.1 connections",
    );
  });

  it("puts the machine inputs and figures in --json", () => {
    const json = estimatesJson(chat, "chat.md");
    expect(json.workloads[1]?.inputs).toMatchObject({
      latency_seconds: 0.1,
      per_server_rps: 500,
      per_server_redundancy: 2,
    });
    expect(Object.keys(json.total)).toContain("connections_per_server");
    expect(Object.keys(json.total)).not.toContain("storage_nodes");
  });

  it("shows bytes in binary units when a machine's size is binary", () => {
    expect(report({ ...photos, per_cache_node: { memory: "64 GiB" } }).binary).toBe(true);
  });
});

describe("machine inputs, checked field by field", () => {
  it("suggests the nearest field of a limit", () => {
    expect(problems({ ...photos, per_server: { rsp: "10K" } })).toEqual([
      "capacity.per_server.rsp (key): Unexpected field `rsp` in `per_server`; did you mean `rps`?",
      "capacity.per_server (key): Expected `rps` (requests per second one server takes), or `read_rps` and `write_rps`, in `per_server`, found none; add e.g. `rps: 5K`",
    ]);
    expect(problems({ ...photos, per_servers: { rps: "10K" } })).toEqual([
      "capacity.per_servers (key): Unexpected field `per_servers` in `capacity:`; did you mean `per_server`?",
    ]);
  });

  it("refuses rps with read_rps, and asks for the rate a flow needs", () => {
    expect(problems({ ...photos, per_server: { rps: "10K", read_rps: "5K" } })).toEqual([
      "capacity.per_server.read_rps (key): Expected either `rps` (any request) or `read_rps` and `write_rps` in `per_server`, found both; keep one way",
    ]);
    expect(problems({ ...photos, per_server: { read_rps: "5K" } })).toEqual([
      "capacity.per_server (key): Expected `write_rps` (or `rps`) in `per_server`, as `capacity:` has writes, found none; add e.g. `write_rps: 5K`",
    ]);
  });

  it("checks each value with the unit rules of the rest", () => {
    expect(
      problems({
        ...photos,
        latency: 50,
        per_server: { rps: "0", redundancy: 1.5 },
        per_node: { storage: "10 Tb" },
        per_cache_node: "64 GB",
      }),
    ).toEqual([
      "capacity.latency: `latency` needs a unit (ms, s or us), e.g. `50 ms`; found the number 50 with none",
      "capacity.per_server.rps: Expected `per_server.rps` to be more than 0, such as `5K`",
      "capacity.per_server.redundancy: Expected `per_server.redundancy` to be a whole number of at least 0, found the number 1.5",
      "capacity.per_node.storage: Expected `per_node.storage` in bytes, found `10 Tb`, which reads as bits; write `10 TB` for bytes",
      "capacity.per_cache_node: Expected `per_cache_node` to be a mapping such as `{ memory: 64 GB }`, found `64 GB`",
    ]);
    expect(problems({ ...photos, latency: "50 mins" })).toEqual([
      "capacity.latency: Expected the unit of `latency` to be ms, s or us, found `mins`; did you mean `ms`?",
    ]);
  });

  it("lets a workload set its own limits", () => {
    expect(
      problems({
        workloads: [{ name: "a", writes: "1 / s", write_size: 1, per_node: { storage: "0 B" } }],
      }),
    ).toEqual([
      "capacity.workloads.0.per_node.storage: Expected `per_node.storage` to be more than 0, such as `10 TB`",
    ]);
  });
});

describe("machine counts on any valid input", () => {
  const positive = (max: number) => fc.double({ min: 1e-3, max, noNaN: true });
  it("are the fewest whole machines that carry the load", () => {
    fc.assert(
      fc.property(
        fc.record({
          perDay: positive(1e12),
          ratio: fc.oneof(fc.constant(0), positive(1e3)),
          size: positive(1e7),
          utilization: fc.double({ min: 0.05, max: 1, noNaN: true }),
          replication: fc.double({ min: 1, max: 5, noNaN: true }),
          rps: positive(1e6),
          redundancy: fc.nat(3),
          node: positive(1e14),
          memory: positive(1e12),
        }),
        (input) => {
          const { total } = report({
            writes: `${input.perDay} / day`,
            read_write_ratio: input.ratio,
            write_size: input.size,
            target_utilization: input.utilization,
            replication: input.replication,
            per_server: { rps: String(input.rps), redundancy: input.redundancy },
            per_node: { storage: input.node },
            per_cache_node: { memory: input.memory },
          });
          const slack = 1 + 1e-9;
          const peak = total.peak_reads_per_second + total.peak_writes_per_second;
          const busy = (total.servers ?? 0) - input.redundancy;
          const perServer = input.rps * input.utilization;
          expect(Number.isInteger(total.servers)).toBe(true);
          expect(busy * perServer * slack).toBeGreaterThanOrEqual(peak);
          expect((busy - 1) * perServer).toBeLessThan(peak * slack);
          const copy = total.provisioned_storage_bytes / input.replication;
          expect((total.storage_shards ?? 0) * input.node * slack).toBeGreaterThanOrEqual(copy);
          expect(((total.storage_shards ?? 0) - 1) * input.node).toBeLessThan(copy * slack);
          expect(total.storage_nodes).toBeGreaterThanOrEqual(
            ((total.storage_shards ?? 0) * input.replication) / slack,
          );
          const cacheNode = input.memory * input.utilization;
          expect((total.cache_nodes ?? 0) * cacheNode * slack).toBeGreaterThanOrEqual(
            total.cache_bytes,
          );
          expect(((total.cache_nodes ?? 0) - 1) * cacheNode).toBeLessThan(
            total.cache_bytes * slack,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
