import {
  activeServers,
  bitsPerByte,
  type CapacityReport,
  cacheNodeLoad,
  type FigureKey,
  type Figures,
  keysOf,
  machines,
  serverLoad,
  shardLoad,
  totalOf,
  type WorkloadEstimate,
} from "./estimate.js";
import type { Workload } from "./inputs.js";
import { formatBits, formatBytes, formatCount, formatNumber, formatRate, group } from "./units.js";
import type { Rate, Size } from "./values.js";

/** A figure as a person reads it, with how it was worked out. */
export interface FormattedFigure {
  key: FigureKey;
  label: string;
  /** `193 /s`, `15.2 TB`, `30.4B objects`. */
  value: string;
  /** `500M/month ÷ 2,592,000 s = 193 /s`. */
  derivation: string;
}

interface FormattedWorkload {
  name: string;
  figures: FormattedFigure[];
}

export interface FormattedReport {
  workloads: FormattedWorkload[];
  total: FormattedFigure[];
}

type Unit =
  | "rate"
  | "count"
  | "bytes"
  | "bytesPerDay"
  | "bytesPerSecond"
  | "bitsPerSecond"
  | "requests"
  | "connections"
  | "servers"
  | "shards"
  | "nodes";

const units: Record<FigureKey, Unit> = {
  writes_per_second: "rate",
  peak_writes_per_second: "rate",
  reads_per_second: "rate",
  peak_reads_per_second: "rate",
  servers: "servers",
  concurrent_requests: "requests",
  connections_per_server: "connections",
  storage_objects: "count",
  storage_bytes_per_day: "bytesPerDay",
  storage_bytes: "bytes",
  provisioned_storage_bytes: "bytes",
  storage_shards: "shards",
  storage_nodes: "nodes",
  bandwidth_in_bytes_per_second: "bytesPerSecond",
  bandwidth_in_bits_per_second: "bitsPerSecond",
  bandwidth_out_bytes_per_second: "bytesPerSecond",
  bandwidth_out_bits_per_second: "bitsPerSecond",
  server_bandwidth_bits_per_second: "bitsPerSecond",
  cache_bytes: "bytes",
  cache_nodes: "nodes",
};

/** A whole number of machines, exact (`1,234 servers`, `1 node`). */
function machineCount(count: number, noun: string): string {
  return `${group(count)} ${noun}${count === 1 ? "" : "s"}`;
}

/** One figure for people, in the unit its key names. */
export function formatFigure(key: FigureKey, value: number, binary = false): string {
  switch (units[key]) {
    case "rate":
      return formatRate(value);
    case "count":
      return `${formatCount(value)} objects`;
    case "bytes":
      return formatBytes(value, binary);
    case "bytesPerDay":
      return `${formatBytes(value, binary)}/day`;
    case "bytesPerSecond":
      return `${formatBytes(value, binary)}/s`;
    case "bitsPerSecond":
      return formatBits(value);
    case "requests":
      return `${formatCount(value)} requests`;
    case "connections":
      return `${formatCount(value)} connections`;
    case "servers":
      return machineCount(value, "server");
    case "shards":
      return machineCount(value, "shard");
    case "nodes":
      return machineCount(value, "node");
  }
}

/** The label of a figure; storage labels name the retention (`Storage over 5 years`). */
function figureLabel(key: FigureKey, retention: string): string {
  switch (key) {
    case "writes_per_second":
      return "Writes (average)";
    case "peak_writes_per_second":
      return "Writes (peak)";
    case "reads_per_second":
      return "Reads (average)";
    case "peak_reads_per_second":
      return "Reads (peak)";
    case "servers":
      return "Application servers";
    case "concurrent_requests":
      return "Requests in flight (peak)";
    case "connections_per_server":
      return "Connections per server";
    case "storage_objects":
      return `Objects stored over ${retention}`;
    case "storage_bytes_per_day":
      return "Storage added per day";
    case "storage_bytes":
      return `Storage over ${retention}`;
    case "provisioned_storage_bytes":
      return "Provisioned storage";
    case "storage_shards":
      return "Storage shards";
    case "storage_nodes":
      return "Storage nodes";
    case "bandwidth_in_bytes_per_second":
      return "Bandwidth in";
    case "bandwidth_in_bits_per_second":
      return "Bandwidth in (bits)";
    case "bandwidth_out_bytes_per_second":
      return "Bandwidth out";
    case "bandwidth_out_bits_per_second":
      return "Bandwidth out (bits)";
    case "server_bandwidth_bits_per_second":
      return "Network per server (peak)";
    case "cache_bytes":
      return "Cache";
    case "cache_nodes":
      return "Cache nodes";
  }
}

function sizeText(size: Size | undefined): string {
  return size ? size.text : "0 B";
}

function rateDerivation(rate: Rate | undefined, workload: Workload, noun: string): string {
  if (!rate) return `no ${noun}`;
  const seconds = `${group(rate.periodSeconds)} s`;
  if (rate.perUser) {
    return `${rate.count.text}/user/${rate.periodText} × ${workload.users?.text ?? "0"} users ÷ ${seconds}`;
  }
  return `${rate.count.text}/${rate.periodText} ÷ ${seconds}`;
}

function multipliers(workload: Workload): string {
  const parts: string[] = [];
  if (workload.replication.value !== 1) parts.push(` × ${workload.replication.text} (replication)`);
  if (workload.storageOverhead.value !== 1) {
    parts.push(` × ${workload.storageOverhead.text} (overhead)`);
  }
  return parts.join("");
}

/** ` ÷ 0.7 (target utilization)`, or nothing when disks, servers and memory may run full. */
function utilization(workload: Workload): string {
  return workload.targetUtilization.value === 1
    ? ""
    : ` ÷ ${workload.targetUtilization.text} (target utilization)`;
}

/** `(a + b)` of the non-zero terms, bare when there is one; `0 /s` when there is none. */
function sumOf(terms: string[]): string {
  if (terms.length === 0) return "0 /s";
  return terms.length === 1 ? (terms[0] ?? "") : `(${terms.join(" + ")})`;
}

/** Peak reads and writes, the arrivals every per-server figure starts from. */
function peakRequests(figures: Figures): string {
  return sumOf(
    (["peak_reads_per_second", "peak_writes_per_second"] as const)
      .filter((key) => figures[key] > 0)
      .map((key) => formatRate(figures[key])),
  );
}

/** ` = 11.1, rounded up` before a count of machines; nothing when nothing is rounded. */
function roundedUp(load: number): string {
  return machines(load) === load ? "" : ` = ${formatNumber(load)}, rounded up`;
}

/** ` ÷ 12 servers (without the spare)`: what per-server figures divide by. */
function perActiveServer(active: number, spares: number): string {
  const without = spares === 0 ? "" : ` (without the ${spares === 1 ? "spare" : "spares"})`;
  return ` ÷ ${machineCount(active, "server")}${without}`;
}

function serversDerivation(workload: Workload, figures: Figures): string {
  const limits = workload.perServer;
  if (!limits) return "";
  const load = serverLoad(workload, figures);
  if (load === 0) return "no requests";
  let requests: string;
  if (limits.rps) {
    requests = `${peakRequests(figures)} ÷ ${limits.rps.text} /s`;
  } else {
    const parts = [
      [figures.peak_reads_per_second, limits.readRps, "reads"],
      [figures.peak_writes_per_second, limits.writeRps, "writes"],
    ] as const;
    const terms = parts
      .filter(([peak, limit]) => peak > 0 && limit)
      .map(([peak, limit, noun]) => `${formatRate(peak)} ÷ ${limit?.text} /s (${noun})`);
    requests = terms.join(" + ");
  }
  const shares = utilization(workload);
  const needed = load / workload.targetUtilization.value;
  const spares = limits.redundancy.value;
  const grouped =
    shares !== "" && !limits.rps && requests.includes(" + ") ? `(${requests})` : requests;
  if (spares === 0) return `${grouped}${shares}${roundedUp(needed)}`;
  const busy = machines(needed);
  const rounded = busy === needed ? "" : `, rounded up to ${group(busy)},`;
  return `${grouped}${shares} = ${formatNumber(needed)}${rounded} + ${spares} ${spares === 1 ? "spare" : "spares"}`;
}

/** How a workload's figure follows from its inputs, ending in `= <figure>`. */
function derivation(key: FigureKey, estimate: WorkloadEstimate, binary = false): string {
  const { workload, figures } = estimate;
  const show = (figureKey: FigureKey) => formatFigure(figureKey, figures[figureKey] ?? 0, binary);
  const bytes = (value: number) => formatBytes(value, binary);
  const perDay = (value: number) => `${formatCount(value)}/day`;
  const active = activeServers(workload, figures);
  const spares = workload.perServer?.redundancy.value ?? 0;
  let steps: string;
  switch (key) {
    case "writes_per_second":
      steps = rateDerivation(workload.writes, workload, "writes");
      break;
    case "reads_per_second":
      steps =
        workload.reads || !workload.readWriteRatio
          ? rateDerivation(workload.reads, workload, "reads")
          : `${show("writes_per_second")} × ${formatNumber(workload.readWriteRatio.value)} (read:write)`;
      break;
    case "peak_writes_per_second":
      steps = `${show("writes_per_second")} × ${workload.peakFactor.text} (peak factor)`;
      break;
    case "peak_reads_per_second":
      steps = `${show("reads_per_second")} × ${workload.peakFactor.text} (peak factor)`;
      break;
    case "servers":
      steps = serversDerivation(workload, figures);
      break;
    case "concurrent_requests":
      steps = `${peakRequests(figures)} × ${workload.latency?.text ?? "0 s"} (latency)`;
      break;
    case "connections_per_server":
      steps = `${show("concurrent_requests")}${perActiveServer(active, spares)}`;
      break;
    case "server_bandwidth_bits_per_second":
      steps = `(${show("bandwidth_in_bits_per_second")} + ${show("bandwidth_out_bits_per_second")}) × ${workload.peakFactor.text} (peak factor)${perActiveServer(active, spares)}`;
      break;
    case "storage_objects":
      steps = `${perDay(workload.writesPerDay)} × ${group(workload.retention.days)} days (${workload.retention.text})`;
      break;
    case "storage_bytes_per_day":
      steps = `${perDay(workload.writesPerDay)} × ${sizeText(workload.writeSize)}${multipliers(workload)}`;
      break;
    case "storage_bytes":
      steps = `${show("storage_objects")} × ${sizeText(workload.writeSize)}${multipliers(workload)}`;
      break;
    case "provisioned_storage_bytes":
      steps = `${bytes(figures.storage_bytes)} ÷ ${workload.targetUtilization.text} (target utilization)`;
      break;
    case "storage_shards": {
      const copies =
        workload.replication.value === 1 ? "" : ` ÷ ${workload.replication.text} (replication)`;
      steps = `${show("provisioned_storage_bytes")}${copies} ÷ ${sizeText(workload.perNode?.storage)} per node${roundedUp(shardLoad(workload, figures))}`;
      break;
    }
    case "storage_nodes":
      steps =
        workload.replication.value === 1
          ? `${show("storage_shards")} (one copy each)`
          : `${show("storage_shards")} × ${workload.replication.text} (replication)`;
      break;
    case "bandwidth_in_bytes_per_second":
      steps = `${show("writes_per_second")} × ${sizeText(workload.requestSize)}`;
      break;
    case "bandwidth_out_bytes_per_second":
      steps = `${show("reads_per_second")} × ${sizeText(workload.readSize)}`;
      break;
    case "bandwidth_in_bits_per_second":
      steps = `${show("bandwidth_in_bytes_per_second")} × ${bitsPerByte} bits`;
      break;
    case "bandwidth_out_bits_per_second":
      steps = `${show("bandwidth_out_bytes_per_second")} × ${bitsPerByte} bits`;
      break;
    case "cache_bytes":
      steps = `${workload.cacheRatio.text} (cache ratio) × ${formatCount(workload.readsPerDay)} reads/day × ${sizeText(workload.readSize)}`;
      break;
    case "cache_nodes":
      steps = `${show("cache_bytes")} ÷ ${sizeText(workload.perCacheNode?.memory)} per node${utilization(workload)}${roundedUp(cacheNodeLoad(workload, figures))}`;
      break;
  }
  return `${steps} = ${show(key)}`;
}

/** The retention the total's storage labels name: shared by all workloads, else generic. */
function totalRetention(report: CapacityReport): string {
  const texts = new Set(report.workloads.map((entry) => entry.workload.retention.text));
  const [only] = texts;
  return texts.size === 1 && only !== undefined ? only : "the retention period";
}

function formatWorkload(estimate: WorkloadEstimate, binary = false): FormattedWorkload {
  return {
    name: estimate.workload.name,
    figures: keysOf(estimate.figures).map((key) => ({
      key,
      label: figureLabel(key, estimate.workload.retention.text),
      value: formatFigure(key, estimate.figures[key] ?? 0, binary),
      derivation: derivation(key, estimate, binary),
    })),
  };
}

/** How the total of a key follows from the workloads that have it. */
function totalDerivation(report: CapacityReport, key: FigureKey, value: string): string {
  const sum = totalOf(report.workloads, key);
  const from = sum?.from ?? [];
  if (sum?.perServer) {
    const { numerator, active } = sum.perServer;
    const shared =
      key === "connections_per_server"
        ? formatFigure("concurrent_requests", numerator)
        : `${formatBits(numerator)} at peak`;
    return `${shared} ÷ ${machineCount(active, "server")} without spares = ${value}`;
  }
  const terms = from.map(
    (entry) =>
      `${entry.workload.name} ${formatFigure(key, entry.figures[key] ?? 0, report.binary)}`,
  );
  return `${terms.join(" + ")} = ${value}`;
}

/**
 * The total: a single workload's own derivation, else the sum of the workloads.
 * `workloads`, when the caller has formatted them already, saves formatting one twice.
 */
export function formatTotal(
  report: CapacityReport,
  workloads?: readonly FormattedWorkload[],
): FormattedFigure[] {
  const [only] = report.workloads;
  if (report.workloads.length === 1 && only) {
    return (workloads?.[0] ?? formatWorkload(only, report.binary)).figures;
  }
  const retention = totalRetention(report);
  return keysOf(report.total).map((key) => {
    const value = formatFigure(key, report.total[key] ?? 0, report.binary);
    return {
      key,
      label: figureLabel(key, retention),
      value,
      derivation: totalDerivation(report, key, value),
    };
  });
}

export function formatReport(report: CapacityReport): FormattedReport {
  const workloads = report.workloads.map((entry) => formatWorkload(entry, report.binary));
  return { workloads, total: formatTotal(report, workloads) };
}

/** A group of figures under a heading, as the estimates table and `designpress estimate` show them. */
export interface FigureSection {
  /** Workload name, the total's name, or undefined for a writeup with one workload. */
  name: string | undefined;
  figures: FormattedFigure[];
}

/** A section per workload, then the total; a single workload is its own total, shown once. */
export function tableSections(formatted: FormattedReport, totalName: string): FigureSection[] {
  if (formatted.workloads.length === 1) return [{ name: undefined, figures: formatted.total }];
  return [
    ...formatted.workloads.map((workload) => ({ name: workload.name, figures: workload.figures })),
    { name: totalName, figures: formatted.total },
  ];
}
