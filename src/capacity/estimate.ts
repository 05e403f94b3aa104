import type { Workload } from "./inputs.js";
import { secondsPerDay } from "./values.js";

/** The estimate keys of the spec, in the order the table shows them. */
export const estimateKeys = [
  "writes_per_second",
  "peak_writes_per_second",
  "reads_per_second",
  "peak_reads_per_second",
  "storage_objects",
  "storage_bytes_per_day",
  "storage_bytes",
  "provisioned_storage_bytes",
  "bandwidth_in_bytes_per_second",
  "bandwidth_out_bytes_per_second",
  "cache_bytes",
] as const;

export type EstimateKey = (typeof estimateKeys)[number];

/** One number per key, in SI base units (per second, bytes, bytes per second). */
export type Figures = Record<EstimateKey, number>;

export interface WorkloadEstimate {
  workload: Workload;
  figures: Figures;
}

export interface CapacityReport {
  workloads: WorkloadEstimate[];
  /** Each key summed over the workloads (the total peak assumes the flows peak together). */
  total: Figures;
  /** Show bytes in binary units: some size was written as KiB, MiB, … */
  binary: boolean;
}

export function isEstimateKey(key: string): key is EstimateKey {
  return (estimateKeys as readonly string[]).includes(key);
}

/** The formulas of the spec for one workload. */
function estimateWorkload(workload: Workload): WorkloadEstimate {
  const writeBytes = workload.writeSize?.bytes ?? 0;
  const readBytes = workload.readSize?.bytes ?? 0;
  const requestBytes = workload.requestSize?.bytes ?? 0;
  const storageMultiplier = workload.replication.value * workload.storageOverhead.value;

  const writesPerSecond = workload.writesPerDay / secondsPerDay;
  const readsPerSecond = workload.readsPerDay / secondsPerDay;
  const storageObjects = workload.writesPerDay * workload.retention.days;
  const storageBytes = storageObjects * writeBytes * storageMultiplier;

  return {
    workload,
    figures: {
      writes_per_second: writesPerSecond,
      peak_writes_per_second: writesPerSecond * workload.peakFactor.value,
      reads_per_second: readsPerSecond,
      peak_reads_per_second: readsPerSecond * workload.peakFactor.value,
      storage_objects: storageObjects,
      storage_bytes_per_day: workload.writesPerDay * writeBytes * storageMultiplier,
      storage_bytes: storageBytes,
      provisioned_storage_bytes: storageBytes / workload.targetUtilization.value,
      bandwidth_in_bytes_per_second: writesPerSecond * requestBytes,
      bandwidth_out_bytes_per_second: readsPerSecond * readBytes,
      cache_bytes: workload.cacheRatio.value * workload.readsPerDay * readBytes,
    },
  };
}

/** Estimates per workload and their total. */
export function estimate(workloads: readonly Workload[]): CapacityReport {
  const estimates = workloads.map(estimateWorkload);
  const total = Object.fromEntries(
    estimateKeys.map((key) => [key, estimates.reduce((sum, entry) => sum + entry.figures[key], 0)]),
  ) as Figures;
  const binary = workloads.some((workload) =>
    [workload.writeSize, workload.readSize, workload.requestSize].some((size) => size?.binary),
  );
  return { workloads: estimates, total, binary };
}

/** The keys whose figure cannot be shown (too large to compute), if any. */
export function unrepresentable(figures: Figures): EstimateKey[] {
  return estimateKeys.filter((key) => !Number.isFinite(figures[key]) || figures[key] < 0);
}
