import type { Workload } from "./inputs.js";
import { secondsPerDay } from "./values.js";

/** Every figure's key, in the order the table shows them. */
export const figureKeys = [
  "writes_per_second",
  "peak_writes_per_second",
  "reads_per_second",
  "peak_reads_per_second",
  "servers",
  "concurrent_requests",
  "connections_per_server",
  "storage_objects",
  "storage_bytes_per_day",
  "storage_bytes",
  "provisioned_storage_bytes",
  "storage_shards",
  "storage_nodes",
  "bandwidth_in_bytes_per_second",
  "bandwidth_in_bits_per_second",
  "bandwidth_out_bytes_per_second",
  "bandwidth_out_bits_per_second",
  "server_bandwidth_bits_per_second",
  "cache_bytes",
  "cache_nodes",
] as const;

export type FigureKey = (typeof figureKeys)[number];

/**
 * The figures that need a machine limit (`per_server`, `per_node`,
 * `per_cache_node`) or `latency`: a workload has each only with its inputs.
 */
export const planningKeys = [
  "servers",
  "concurrent_requests",
  "connections_per_server",
  "server_bandwidth_bits_per_second",
  "storage_shards",
  "storage_nodes",
  "cache_nodes",
] as const satisfies readonly FigureKey[];

export type PlanningKey = (typeof planningKeys)[number];

/** The figures every workload has: the spec's, and bandwidth in bits. */
export type EstimateKey = Exclude<FigureKey, PlanningKey>;

export const estimateKeys: readonly EstimateKey[] = figureKeys.filter(
  (key): key is EstimateKey => !(planningKeys as readonly string[]).includes(key),
);

/** One number per key, in SI base units (per second, bytes, bytes or bits per second). */
export type Figures = Record<EstimateKey, number> & Partial<Record<PlanningKey, number>>;

export interface WorkloadEstimate {
  workload: Workload;
  figures: Figures;
}

export interface CapacityReport {
  workloads: WorkloadEstimate[];
  /**
   * Each key summed over the workloads that have it (the total peak assumes the
   * flows peak together); the per-server figures are the totals' quotients.
   */
  total: Figures;
  /** Show bytes in binary units: some size was written as KiB, MiB, … */
  binary: boolean;
}

export function isFigureKey(key: string): key is FigureKey {
  return (figureKeys as readonly string[]).includes(key);
}

/** The keys a set of figures has, in table order. */
export function keysOf(figures: Figures): FigureKey[] {
  return figureKeys.filter((key) => figures[key] !== undefined);
}

/** Bits per byte, for network figures. */
export const bitsPerByte = 8;

/** Servers' worth of peak load at full utilization: reads and writes over what one server takes. */
export function serverLoad(workload: Workload, figures: Figures): number {
  const limits = workload.perServer;
  if (!limits) return 0;
  const reads = figures.peak_reads_per_second;
  const writes = figures.peak_writes_per_second;
  if (limits.rps) return (reads + writes) / limits.rps.value;
  return (
    (reads > 0 ? reads / (limits.readRps?.value ?? 1) : 0) +
    (writes > 0 ? writes / (limits.writeRps?.value ?? 1) : 0)
  );
}

/** Servers without the spares: those that share the load once the spares have taken over. */
export function activeServers(workload: Workload, figures: Figures): number {
  const servers = figures.servers ?? 0;
  return servers === 0 ? 0 : servers - (workload.perServer?.redundancy.value ?? 0);
}

/** Storage shards before rounding: one copy of the provisioned data over one node's storage. */
export function shardLoad(workload: Workload, figures: Figures): number {
  const node = workload.perNode?.storage.bytes ?? 0;
  return node > 0 ? figures.provisioned_storage_bytes / workload.replication.value / node : 0;
}

/** Cache nodes before rounding: the cache over one node's memory at the target utilization. */
export function cacheNodeLoad(workload: Workload, figures: Figures): number {
  const memory = workload.perCacheNode?.memory.bytes ?? 0;
  return memory > 0 ? figures.cache_bytes / (memory * workload.targetUtilization.value) : 0;
}

/** Whole machines for a load: rounded up (the error of floating point aside, so 3.0000000001 is 3). */
export function machines(load: number): number {
  const rounded = Math.round(load);
  return Math.abs(load - rounded) <= 1e-9 * load ? rounded : Math.ceil(load);
}

/** The spec's formulas for one workload, then the machine counts its limits allow. */
function estimateWorkload(workload: Workload): WorkloadEstimate {
  const writeBytes = workload.writeSize?.bytes ?? 0;
  const readBytes = workload.readSize?.bytes ?? 0;
  const requestBytes = workload.requestSize?.bytes ?? 0;
  const storageMultiplier = workload.replication.value * workload.storageOverhead.value;

  const writesPerSecond = workload.writesPerDay / secondsPerDay;
  const readsPerSecond = workload.readsPerDay / secondsPerDay;
  const storageObjects = workload.writesPerDay * workload.retention.days;
  const storageBytes = storageObjects * writeBytes * storageMultiplier;
  const bandwidthIn = writesPerSecond * requestBytes;
  const bandwidthOut = readsPerSecond * readBytes;

  const figures: Figures = {
    writes_per_second: writesPerSecond,
    peak_writes_per_second: writesPerSecond * workload.peakFactor.value,
    reads_per_second: readsPerSecond,
    peak_reads_per_second: readsPerSecond * workload.peakFactor.value,
    storage_objects: storageObjects,
    storage_bytes_per_day: workload.writesPerDay * writeBytes * storageMultiplier,
    storage_bytes: storageBytes,
    provisioned_storage_bytes: storageBytes / workload.targetUtilization.value,
    bandwidth_in_bytes_per_second: bandwidthIn,
    bandwidth_in_bits_per_second: bandwidthIn * bitsPerByte,
    bandwidth_out_bytes_per_second: bandwidthOut,
    bandwidth_out_bits_per_second: bandwidthOut * bitsPerByte,
    cache_bytes: workload.cacheRatio.value * workload.readsPerDay * readBytes,
  };
  planMachines(workload, figures);
  return { workload, figures };
}

/** Servers, requests in flight, shards and cache nodes: each only with its inputs. */
function planMachines(workload: Workload, figures: Figures): void {
  const peakRequests = figures.peak_reads_per_second + figures.peak_writes_per_second;
  if (workload.perServer) {
    const busy = machines(serverLoad(workload, figures) / workload.targetUtilization.value);
    figures.servers = busy === 0 ? 0 : busy + workload.perServer.redundancy.value;
    const active = activeServers(workload, figures);
    const peakBits =
      (figures.bandwidth_in_bits_per_second + figures.bandwidth_out_bits_per_second) *
      workload.peakFactor.value;
    figures.server_bandwidth_bits_per_second = active > 0 ? peakBits / active : 0;
  }
  if (workload.latency) {
    // Little's law: requests in flight = arrival rate × time each spends in the system.
    figures.concurrent_requests = peakRequests * workload.latency.seconds;
    if (workload.perServer) {
      const active = activeServers(workload, figures);
      figures.connections_per_server = active > 0 ? figures.concurrent_requests / active : 0;
    }
  }
  if (workload.perNode) {
    figures.storage_shards = machines(shardLoad(workload, figures));
    figures.storage_nodes = machines(figures.storage_shards * workload.replication.value);
  }
  if (workload.perCacheNode) figures.cache_nodes = machines(cacheNodeLoad(workload, figures));
}

/** The per-server figures of the total: the workloads' numerators over their active servers. */
const perServerKeys = {
  connections_per_server: (entry: WorkloadEstimate) => entry.figures.concurrent_requests ?? 0,
  server_bandwidth_bits_per_second: (entry: WorkloadEstimate) =>
    (entry.figures.server_bandwidth_bits_per_second ?? 0) *
    activeServers(entry.workload, entry.figures),
} as const;

export function isPerServerKey(key: FigureKey): key is keyof typeof perServerKeys {
  return Object.hasOwn(perServerKeys, key);
}

/** A figure's total: its value, the workloads that have it and, for a per-server figure, its parts. */
export interface Total {
  value: number;
  from: WorkloadEstimate[];
  /** What is shared (requests in flight, bits per second at peak) and by how many active servers. */
  perServer?: { numerator: number; active: number };
}

/** The total of a figure over the workloads that have it (undefined when none has it). */
export function totalOf(estimates: readonly WorkloadEstimate[], key: FigureKey): Total | undefined {
  const from = estimates.filter((entry) => entry.figures[key] !== undefined);
  if (from.length === 0) return undefined;
  if (!isPerServerKey(key)) {
    return { value: from.reduce((sum, entry) => sum + (entry.figures[key] ?? 0), 0), from };
  }
  const active = from.reduce((sum, entry) => sum + activeServers(entry.workload, entry.figures), 0);
  const numerator = from.reduce((sum, entry) => sum + perServerKeys[key](entry), 0);
  return { value: active > 0 ? numerator / active : 0, from, perServer: { numerator, active } };
}

/** Estimates per workload and their total. */
export function estimate(workloads: readonly Workload[]): CapacityReport {
  const estimates = workloads.map(estimateWorkload);
  const total = Object.fromEntries(
    figureKeys.flatMap((key) => {
      const sum = totalOf(estimates, key);
      return sum ? [[key, sum.value]] : [];
    }),
  ) as Figures;
  const binary = workloads.some((workload) =>
    [
      workload.writeSize,
      workload.readSize,
      workload.requestSize,
      workload.perNode?.storage,
      workload.perCacheNode?.memory,
    ].some((size) => size?.binary),
  );
  return { workloads: estimates, total, binary };
}

/** The keys whose figure cannot be shown (too large to compute), if any. */
export function unrepresentable(figures: Figures): FigureKey[] {
  return keysOf(figures).filter((key) => {
    const value = figures[key] ?? 0;
    return !Number.isFinite(value) || value < 0;
  });
}
