import {
  bitsPerByte,
  type CapacityReport,
  type FigureKey,
  type Figures,
  type WorkloadEstimate,
} from "../estimate.js";
import { formatFigure } from "../format.js";
import { formatBits, formatBytes, formatCount, formatNumber, group } from "../units.js";
import { type Claim, type ClaimKind, findClaims } from "./claims.js";

/**
 * Prose figures that disagree with the estimates. A claim agrees when it is
 * within the tolerance of any figure the estimator computes for its kind, in any
 * workload or the total, at average or peak, and before or after replication and
 * overhead (writeups often show the raw figure, then multiply): only a figure far
 * from all of them is reported.
 */

/** A figure the estimator computes, as a claim may state it. */
export interface Candidate {
  value: number;
  /** The estimate it comes from, as cited: `storage_bytes`, `media.cache_bytes`. */
  cite: string;
  /** The figure in the claim's unit: `15.2 TB`, `30.9 Mbit/s`. */
  shown: string;
  /** How it follows from the cited estimate, when it is not the estimate itself: `× 365`, `at peak`. */
  how: string;
}

export interface StaleFigure {
  claim: Claim;
  /** The computed figure nearest to the claim. */
  nearest: Candidate;
}

/** Default tolerance: a claim more than 10% from every computed figure is reported. */
export const defaultTolerance = 0.1;

interface Scope {
  /** Prefix of a citation: `` for the total, `media.` for a workload. */
  prefix: string;
  figures: Figures;
  /** The workloads it covers (all of them for the total). */
  entries: readonly WorkloadEstimate[];
}

function scopes(report: CapacityReport): Scope[] {
  const workloads = report.workloads.map((entry) => ({
    prefix: report.workloads.length === 1 ? "" : `${entry.workload.name}.`,
    figures: entry.figures,
    entries: [entry],
  }));
  if (report.workloads.length === 1) return workloads;
  return [{ prefix: "", figures: report.total, entries: report.workloads }, ...workloads];
}

/** Σ over a scope's workloads. */
function sum(scope: Scope, value: (entry: WorkloadEstimate) => number): number {
  return scope.entries.reduce((total, entry) => total + value(entry), 0);
}

/** `× 365 days`: how a span multiplies a per-day figure (nothing for one day). */
function spanHow(days: number): string {
  return days === 1 ? "" : `× ${group(days)} days`;
}

function candidates(kind: ClaimKind, claim: Claim, scope: Scope, binary: boolean): Candidate[] {
  const { figures, prefix } = scope;
  // A span equal to the retention is the storage over the retention.
  const days = scope.entries.every((entry) => entry.workload.retention.days === claim.days)
    ? undefined
    : claim.days;
  const option = (key: FigureKey, value: number, shown: string, how = ""): Candidate => ({
    value,
    cite: `${prefix}${key}`,
    shown,
    how,
  });
  const figure = (key: FigureKey): Candidate[] => {
    const value = figures[key];
    return value === undefined ? [] : [option(key, value, formatFigure(key, value, binary))];
  };
  const peak = (entry: WorkloadEstimate) => entry.workload.peakFactor.value;
  const copies = (entry: WorkloadEstimate) => entry.workload.replication.value;
  const overhead = (entry: WorkloadEstimate) => entry.workload.storageOverhead.value;

  switch (kind) {
    case "writes":
      return [...figure("writes_per_second"), ...figure("peak_writes_per_second")];
    case "reads":
      return [...figure("reads_per_second"), ...figure("peak_reads_per_second")];
    case "requests": {
      const average = figures.reads_per_second + figures.writes_per_second;
      const atPeak = figures.peak_reads_per_second + figures.peak_writes_per_second;
      return [
        ...candidates("writes", claim, scope, binary),
        ...candidates("reads", claim, scope, binary),
        option("reads_per_second", average, formatFigure("reads_per_second", average), "+ writes"),
        option(
          "peak_reads_per_second",
          atPeak,
          formatFigure("reads_per_second", atPeak),
          "+ peak writes",
        ),
      ];
    }
    case "bandwidth": {
      const seconds = days === undefined ? 1 : days * 86_400;
      const span = days === undefined ? "" : spanHow(days);
      const unit = (bytes: number) =>
        days !== undefined
          ? formatBytes(bytes, binary)
          : claim.bits
            ? formatBits(bytes * bitsPerByte)
            : `${formatBytes(bytes, binary)}/s`;
      const how = (...parts: string[]) => parts.filter(Boolean).join(", ");
      const keys = {
        in: "bandwidth_in_bytes_per_second",
        out: "bandwidth_out_bytes_per_second",
      } as const;
      const options: Candidate[] = [];
      for (const key of Object.values(keys)) {
        const value = figures[key] * seconds;
        options.push(option(key, value, unit(value), how(claim.bits ? "× 8" : "", span)));
        const atPeak = sum(scope, (entry) => entry.figures[key] * peak(entry)) * seconds;
        options.push(option(key, atPeak, unit(atPeak), how("at peak", span)));
      }
      const both = (figures[keys.in] + figures[keys.out]) * seconds;
      options.push(option(keys.out, both, unit(both), how("+ in", span)));
      return options;
    }
    case "storage": {
      const key: FigureKey = days === undefined ? "storage_bytes" : "storage_bytes_per_day";
      const stored = (entry: WorkloadEstimate) =>
        days === undefined
          ? entry.figures.storage_bytes
          : entry.figures.storage_bytes_per_day * days;
      const span = days === undefined ? "" : spanHow(days);
      const forms: [string, (entry: WorkloadEstimate) => number][] = [
        ["", () => 1],
        ["before replication", copies],
        ["before overhead", overhead],
        ["before replication and overhead", (entry) => copies(entry) * overhead(entry)],
      ];
      const options = forms.map(([note, divisor]) => {
        const value = sum(scope, (entry) => stored(entry) / divisor(entry));
        return option(
          key,
          value,
          formatBytes(value, binary),
          [span, note].filter(Boolean).join(", "),
        );
      });
      if (days === undefined) {
        options.push(...figure("provisioned_storage_bytes"));
        const oneCopy = sum(
          scope,
          (entry) => entry.figures.provisioned_storage_bytes / copies(entry),
        );
        options.push(
          option(
            "provisioned_storage_bytes",
            oneCopy,
            formatBytes(oneCopy, binary),
            "before replication",
          ),
        );
      }
      return options;
    }
    case "cache":
      return figure("cache_bytes");
    case "objects": {
      if (days === undefined) return figure("storage_objects");
      const value = sum(scope, (entry) => entry.workload.writesPerDay * days);
      return [
        option(
          "storage_objects",
          value,
          `${formatCount(value)} objects`,
          `over ${group(days)} days`,
        ),
      ];
    }
    case "servers":
    case "storage_nodes":
    case "storage_shards":
    case "cache_nodes":
      return figure(kind);
  }
}

/** Whether a claim is within the tolerance of a computed figure. */
function agrees(value: number, candidate: number, tolerance: number): boolean {
  return Math.abs(value - candidate) <= tolerance * Math.abs(candidate);
}

/** How far apart, as a multiple: ln of the ratio, or infinity for a zero. */
function distance(value: number, candidate: number): number {
  return value > 0 && candidate > 0
    ? Math.abs(Math.log(value / candidate))
    : Number.POSITIVE_INFINITY;
}

/** The claims of a text (a paragraph, list item or table cell) that no computed figure supports. */
export function staleFigures(
  text: string,
  report: CapacityReport,
  tolerance = defaultTolerance,
  rowLabel = "",
): StaleFigure[] {
  const stale: StaleFigure[] = [];
  for (const claim of findClaims(text, rowLabel)) {
    const options = scopes(report).flatMap((scope) =>
      claim.kinds.flatMap((kind) => candidates(kind, claim, scope, report.binary)),
    );
    if (options.length === 0) continue;
    if (options.some((option) => agrees(claim.value, option.value, tolerance))) continue;
    const nearest = options.reduce((best, option) =>
      distance(claim.value, option.value) < distance(claim.value, best.value) ? option : best,
    );
    stale.push({ claim, nearest });
  }
  return stale;
}

/** How a claim compares with the figure: `10 times the estimate`, `1/1,000 of it`, `23% more`. */
export function howFar(value: number, expected: number): string {
  if (!(expected > 0)) return "where the estimate is 0";
  const ratio = value / expected;
  if (ratio >= 2) return `${formatNumber(ratio)} times the estimate`;
  if (ratio <= 0.5) return `1/${formatNumber(1 / ratio)} of the estimate`;
  const percent = Math.round(Math.abs(ratio - 1) * 100);
  return `${percent}% ${ratio > 1 ? "more" : "less"} than the estimate`;
}

/** The rule's message for a stale figure. */
export function staleReason({ claim, nearest }: StaleFigure): string {
  const source = `\`:estimate[${nearest.cite}]\`${nearest.how ? ` ${nearest.how}` : ""}`;
  return `Expected about ${nearest.shown} (${source}, from \`capacity:\`), found \`${claim.text}\`, ${howFar(claim.value, nearest.value)}; cite the estimate so the text follows the inputs, or correct the figure`;
}
