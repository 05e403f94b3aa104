import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { estimateKeys, figureKeys } from "../../src/capacity/index.js";
import { run } from "../../src/cli/estimate.js";
import { temporaryFolder } from "../helpers.js";

const fixtures = path.join(import.meta.dirname, "fixtures");

async function estimate(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(args, {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
  });
  return { code, out, err };
}

describe("designpress estimate", () => {
  it("prints exactly the spec's JSON object with --json", async () => {
    const file = path.join(fixtures, "url-shortener", "input.md");
    const { code, out, err } = await estimate([file, "--json"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      file: string;
      workloads: ({ name: string; inputs: Record<string, number> } & Record<string, number>)[];
      total: Record<string, number>;
    };
    expect(Object.keys(json)).toEqual(["file", "workloads", "total"]);
    expect(json.file).toBe(file);
    expect(json.workloads).toHaveLength(1);
    const [workload] = json.workloads;
    expect(Object.keys(workload ?? {})).toEqual(["name", "inputs", ...estimateKeys]);
    expect(workload?.name).toBe("default");
    expect(workload?.inputs).toEqual({
      writes_per_second: 500e6 / 2_592_000,
      reads_per_second: (500e6 / 2_592_000) * 100,
      read_write_ratio: 100,
      write_size_bytes: 500,
      read_size_bytes: 500,
      request_size_bytes: 500,
      retention_seconds: 5 * 365 * 86_400,
      replication: 1,
      storage_overhead: 1,
      target_utilization: 1,
      peak_factor: 2,
      cache_ratio: 0.2,
    });
    expect(Object.keys(json.total)).toEqual([...estimateKeys]);
    expect(json.total.storage_bytes).toBeCloseTo(15.208e12, -9);
    expect(json.total.cache_bytes).toBeCloseTo(166.67e9, -7);
  });

  it("prints a table of figures and derivations", async () => {
    const { code, out } = await estimate([path.join(fixtures, "pastebin", "input.md")]);
    expect(code).toBe(0);
    expect(out).toContain(
      "Writes (average)                  3.86 /s   10 million/month ÷ 2,592,000 s = 3.86 /s",
    );
    expect(out).toContain(
      "Storage over 3 years               464 GB   365M objects × 1.27 KB = 464 GB",
    );
  });

  it("prints a workloads table per workload and the total", async () => {
    const { code, out } = await estimate([path.join(fixtures, "workloads", "input.md")]);
    expect(code).toBe(0);
    expect(out).toMatch(/^tweets\n/m);
    expect(out).toMatch(/^media\n/m);
    expect(out).toContain("tweets 3.47K /s + media 347 /s = 3.82K /s");
  });

  it("prints input errors as file:line:column: severity reason (rule-id) and exits 1", async () => {
    const file = path.join(fixtures, "bad-input", "input.md");
    const { code, err, out } = await estimate([file, "--json", "--format", "line"]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err.split("\n")[1]).toBe(
      `${file}:6:3: error Unexpected field \`write_sise\` in \`capacity:\`; did you mean \`write_size\`? (nine-steps/capacity-input)`,
    );
    const problems = err
      .trim()
      .split("\n")
      .filter((line) => line.startsWith(file));
    expect(problems).toHaveLength(5);
    expect(err.trim().split("\n").at(-1)).toBe("5 errors, 0 warnings in 1 file");
  });

  it("exits 1 for a writeup without capacity:", async () => {
    const file = path.join(fixtures, "no-capacity", "input.md");
    const { code, err } = await estimate([file, "--format", "line"]);
    expect(code).toBe(1);
    expect(err).toMatch(/:1:1: error Expected a `capacity:` block in the front matter, found none/);
  });

  it("exits 2 on a usage error or an unreadable file", async () => {
    expect((await estimate([])).code).toBe(2);
    expect((await estimate(["a.md", "b.md"])).code).toBe(2);
    expect((await estimate(["--frobnicate", "a.md"])).code).toBe(2);
    const missing = await estimate([path.join(fixtures, "missing.md")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("(ENOENT)");
  });
});

describe("designpress estimate with machine limits", () => {
  it("prints servers, shards and cache nodes with their derivations", async () => {
    const { code, out } = await estimate([path.join(fixtures, "planning", "input.md")]);
    expect(code).toBe(0);
    expect(out).toContain(
      "Application servers                26 servers   (180K /s + 20K /s) ÷ 10K /s ÷ 0.8 (target utilization) = 25 + 1 spare = 26 servers",
    );
    expect(out).toContain(
      "Storage nodes                        27 nodes   9 shards × 3 (replication) = 27 nodes",
    );
    expect(out).toContain("Bandwidth out (bits)               720 Mbit/s");
  });

  it("puts the machine figures and their inputs in --json", async () => {
    const { code, out } = await estimate([path.join(fixtures, "planning", "input.md"), "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      workloads: { inputs: Record<string, number> }[];
      total: Record<string, number>;
    };
    expect(Object.keys(json.total)).toEqual([...figureKeys]);
    expect(json.total).toMatchObject({
      servers: 26,
      storage_shards: 9,
      storage_nodes: 27,
      cache_nodes: 31,
    });
    expect(json.workloads[0]?.inputs).toMatchObject({
      latency_seconds: 0.05,
      per_server_rps: 10_000,
      per_server_redundancy: 1,
      per_node_storage_bytes: 12e12,
      per_cache_node_memory_bytes: 64e9,
    });
  });

  it("points at a misspelt limit field in the front matter", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      const file = path.join(dir, "counters.md");
      await writeFile(
        file,
        "---\ntitle: Counters\ncapacity:\n  writes: 1M / day\n  write_size: 100 B\n  per_server: { rsp: 5K }\n---\n",
      );
      const { code, err } = await estimate([file, "--format", "line"]);
      expect(code).toBe(1);
      expect(err).toContain(
        `${file}:6:17: error Unexpected field \`rsp\` in \`per_server\`; did you mean \`rps\`?`,
      );
    } finally {
      await cleanup();
    }
  });
});
