import type { Position } from "unist";
import type { FrontMatter } from "../frontmatter/index.js";
import {
  type CapacityReport,
  estimate,
  type Figures,
  keysOf,
  unrepresentable,
  type WorkloadEstimate,
} from "./estimate.js";
import { type FormattedFigure, formatTotal } from "./format.js";
import { type CapacityProblem, normaliseCapacity } from "./inputs.js";
import { secondsPerDay } from "./values.js";

/** The rule that reports invalid `capacity:` front matter, in the check and in the build. */
export const capacityInputRuleId = "nine-steps/capacity-input";

/**
 * Validate a `capacity:` block and compute its estimates. Either a report, or
 * every problem of the block (never both); `undefined` yields neither.
 */
export function analyzeCapacity(capacity: unknown): CapacityAnalysis {
  if (typeof capacity !== "object" || capacity === null) return analyze(capacity);
  let analysis = analyses.get(capacity);
  if (!analysis) {
    analysis = analyze(capacity);
    analyses.set(capacity, analysis);
  }
  return analysis;
}

export interface CapacityAnalysis {
  report?: CapacityReport;
  problems: CapacityProblem[];
}

// A page's `capacity:` is judged by several rules and rendered by the build:
// one analysis per parsed block, however many ask (the block is never edited).
const analyses = new WeakMap<object, CapacityAnalysis>();

function analyze(capacity: unknown): CapacityAnalysis {
  const { workloads, problems } = normaliseCapacity(capacity);
  if (!workloads) return { problems };
  const report = estimate(workloads);

  // Without `workloads:`, the one flow is the `capacity:` block itself.
  const inList =
    typeof capacity === "object" && capacity !== null && Object.hasOwn(capacity, "workloads");
  const overflow: CapacityProblem[] = [];
  report.workloads.forEach((entry, index) => {
    const keys = unrepresentable(entry.figures);
    if (keys.length === 0) return;
    overflow.push({
      path: inList ? ["capacity", "workloads", index] : ["capacity"],
      key: true,
      reason: `Expected inputs that give figures a computer can hold, found ${keys.map((key) => `\`${key}\``).join(", ")} too large for ${inList ? `workload \`${entry.workload.name}\`` : "`capacity:`"}; check the units and magnitudes of its rates and sizes`,
    });
  });
  const totalKeys = unrepresentable(report.total);
  if (overflow.length === 0 && totalKeys.length > 0) {
    overflow.push({
      path: ["capacity", "workloads"],
      key: true,
      reason: `Expected inputs that give figures a computer can hold, found the total ${totalKeys.map((key) => `\`${key}\``).join(", ")} too large; check the units and magnitudes of the workloads`,
    });
  }
  return overflow.length > 0 ? { problems: overflow } : { report, problems };
}

/** Capacity problems of a page's front matter, placed in the Markdown file. */
export function capacityProblems(
  matter: FrontMatter,
): { reason: string; place: Position | undefined }[] {
  if (!Object.hasOwn(matter.data, "capacity")) return [];
  return placeProblems(matter, analyzeCapacity(matter.data.capacity).problems);
}

/** Problems with their paths resolved to positions in the Markdown file. */
export function placeProblems(
  matter: FrontMatter,
  problems: readonly CapacityProblem[],
): { reason: string; place: Position | undefined }[] {
  const placed = problems.map((problem) => ({
    reason: problem.reason,
    place: matter.locate(problem.path, problem.key ? { key: true } : undefined),
  }));
  // In file order, as a reader fixes them; the sort is stable for equal places.
  const order = (place: Position | undefined) =>
    place ? place.start.line * 1e6 + place.start.column : Number.MAX_SAFE_INTEGER;
  return placed.sort((a, b) => order(a.place) - order(b.place));
}

/** The normalised inputs of a workload, in SI base units, as the JSON output shows them. */
function inputsJson({ workload, figures }: WorkloadEstimate): Record<string, number> {
  const inputs: Record<string, number> = {};
  if (workload.users) inputs.users = workload.users.value;
  inputs.writes_per_second = figures.writes_per_second;
  inputs.reads_per_second = figures.reads_per_second;
  // The ratio as written when given, not a quotient that floating point blurs (100.00000000000001).
  if (workload.readWriteRatio) inputs.read_write_ratio = workload.readWriteRatio.value;
  else if (workload.writesPerDay > 0)
    inputs.read_write_ratio = workload.readsPerDay / workload.writesPerDay;
  inputs.write_size_bytes = workload.writeSize?.bytes ?? 0;
  inputs.read_size_bytes = workload.readSize?.bytes ?? 0;
  inputs.request_size_bytes = workload.requestSize?.bytes ?? 0;
  inputs.retention_seconds = workload.retention.days * secondsPerDay;
  inputs.replication = workload.replication.value;
  inputs.storage_overhead = workload.storageOverhead.value;
  inputs.target_utilization = workload.targetUtilization.value;
  inputs.peak_factor = workload.peakFactor.value;
  inputs.cache_ratio = workload.cacheRatio.value;
  if (workload.latency) inputs.latency_seconds = workload.latency.seconds;
  const server = workload.perServer;
  if (server) {
    if (server.rps) inputs.per_server_rps = server.rps.value;
    if (server.readRps) inputs.per_server_read_rps = server.readRps.value;
    if (server.writeRps) inputs.per_server_write_rps = server.writeRps.value;
    inputs.per_server_redundancy = server.redundancy.value;
  }
  if (workload.perNode) inputs.per_node_storage_bytes = workload.perNode.storage.bytes;
  if (workload.perCacheNode)
    inputs.per_cache_node_memory_bytes = workload.perCacheNode.memory.bytes;
  return inputs;
}

/** The figures in table order (the machine counts among them only when their inputs are given). */
function orderedFigures(figures: Figures): Figures {
  return Object.fromEntries(keysOf(figures).map((key) => [key, figures[key]])) as Figures;
}

interface EstimatesJson {
  file: string;
  workloads: ({ name: string; inputs: Record<string, number> } & Figures)[];
  total: Figures;
}

/** The object `designpress estimate FILE --json` prints (spec: capacity.md). */
export function estimatesJson(report: CapacityReport, fileName: string): EstimatesJson {
  return {
    file: fileName,
    workloads: report.workloads.map((entry) => ({
      name: entry.workload.name,
      inputs: inputsJson(entry),
      ...orderedFigures(entry.figures),
    })),
    total: orderedFigures(report.total),
  };
}

const headlineKeys = [
  "peak_reads_per_second",
  "peak_writes_per_second",
  "storage_bytes",
  "bandwidth_out_bytes_per_second",
] as const;

/** A few total figures for an index card: peak reads and writes, storage, bandwidth out. */
export function headlineFigures(report: CapacityReport): FormattedFigure[] {
  const total = formatTotal(report);
  return headlineKeys.flatMap((key) => total.filter((figure) => figure.key === key));
}
