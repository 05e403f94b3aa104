import type { CapacityReport, EstimateKey, WorkloadEstimate } from "./estimate.js";
import { estimateKeys } from "./estimate.js";
import type { Workload } from "./inputs.js";
import type { Rate, Size } from "./values.js";

/** A figure as a person reads it, with how it was worked out. */
export interface FormattedFigure {
  key: EstimateKey;
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

const superscriptDigits = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** Rounded to three significant figures (as a number). */
function significant(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(3));
}

function scientific(value: number): string {
  const [mantissa = "0", exponent = "0"] = value.toExponential(2).split("e");
  const power = [...String(Number(exponent))]
    .map((character) => (character === "-" ? "⁻" : (superscriptDigits[Number(character)] ?? "")))
    .join("");
  return `${Number(mantissa)} × 10${power}`;
}

/** A number with at most three significant figures: `3.86`, `0.2`, `1,500`. */
export function formatNumber(value: number): string {
  if (value === 0) return "0";
  const rounded = significant(value);
  if (rounded < 0.001 || rounded >= 1e15) return scientific(rounded);
  return rounded >= 1000 ? group(rounded) : String(rounded);
}

/** An exact number with thousands separators: `2,592,000`. */
function group(value: number): string {
  if (!Number.isInteger(value) || value >= 1e21) return formatNumber(value);
  return String(value).replace(/\B(?=(\d{3})+$)/g, ",");
}

const countUnits: readonly [string, number][] = [
  ["T", 1e12],
  ["B", 1e9],
  ["M", 1e6],
  ["K", 1e3],
];

/** A count with the suffixes authors write: `19.3K`, `30.4B` (B is billions in a count). */
export function formatCount(value: number): string {
  const rounded = significant(value);
  if (rounded >= 1e15) return scientific(rounded);
  for (const [suffix, size] of countUnits) {
    if (rounded >= size) return `${formatNumber(rounded / size)}${suffix}`;
  }
  return formatNumber(rounded);
}

export function formatRate(perSecond: number): string {
  return `${formatCount(perSecond)} /s`;
}

const decimalUnits = ["B", "KB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
const binaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

/** Bytes in decimal units (`12.7 GB`) or, when the author wrote binary ones, binary (`11.8 GiB`). */
export function formatBytes(bytes: number, binary = false): string {
  const base = binary ? 1024 : 1000;
  const units = binary ? binaryUnits : decimalUnits;
  let scaled = significant(bytes);
  let unit = 0;
  while (scaled >= base && unit < units.length - 1) {
    scaled = significant(scaled / base);
    unit++;
  }
  if (scaled >= base || (scaled > 0 && scaled < 0.001)) return `${scientific(bytes)} B`;
  return `${formatNumber(scaled)} ${units[unit]}`;
}

type Unit = "rate" | "count" | "bytes" | "bytesPerDay" | "bytesPerSecond";

const units: Record<EstimateKey, Unit> = {
  writes_per_second: "rate",
  peak_writes_per_second: "rate",
  reads_per_second: "rate",
  peak_reads_per_second: "rate",
  storage_objects: "count",
  storage_bytes_per_day: "bytesPerDay",
  storage_bytes: "bytes",
  provisioned_storage_bytes: "bytes",
  bandwidth_in_bytes_per_second: "bytesPerSecond",
  bandwidth_out_bytes_per_second: "bytesPerSecond",
  cache_bytes: "bytes",
};

/** One figure for people, in the unit its key names. */
function formatFigure(key: EstimateKey, value: number, binary = false): string {
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
  }
}

/** The label of a figure; storage labels name the retention (`Storage over 5 years`). */
function figureLabel(key: EstimateKey, retention: string): string {
  switch (key) {
    case "writes_per_second":
      return "Writes (average)";
    case "peak_writes_per_second":
      return "Writes (peak)";
    case "reads_per_second":
      return "Reads (average)";
    case "peak_reads_per_second":
      return "Reads (peak)";
    case "storage_objects":
      return `Objects stored over ${retention}`;
    case "storage_bytes_per_day":
      return "Storage added per day";
    case "storage_bytes":
      return `Storage over ${retention}`;
    case "provisioned_storage_bytes":
      return "Provisioned storage";
    case "bandwidth_in_bytes_per_second":
      return "Bandwidth in";
    case "bandwidth_out_bytes_per_second":
      return "Bandwidth out";
    case "cache_bytes":
      return "Cache";
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

/** How a workload's figure follows from its inputs, ending in `= <figure>`. */
function derivation(key: EstimateKey, estimate: WorkloadEstimate, binary = false): string {
  const { workload, figures } = estimate;
  const show = (figureKey: EstimateKey) => formatFigure(figureKey, figures[figureKey], binary);
  const bytes = (value: number) => formatBytes(value, binary);
  const perDay = (value: number) => `${formatCount(value)}/day`;
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
    case "bandwidth_in_bytes_per_second":
      steps = `${show("writes_per_second")} × ${sizeText(workload.requestSize)}`;
      break;
    case "bandwidth_out_bytes_per_second":
      steps = `${show("reads_per_second")} × ${sizeText(workload.readSize)}`;
      break;
    case "cache_bytes":
      steps = `${workload.cacheRatio.text} (cache ratio) × ${formatCount(workload.readsPerDay)} reads/day × ${sizeText(workload.readSize)}`;
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
    figures: estimateKeys.map((key) => ({
      key,
      label: figureLabel(key, estimate.workload.retention.text),
      value: formatFigure(key, estimate.figures[key], binary),
      derivation: derivation(key, estimate, binary),
    })),
  };
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
  return estimateKeys.map((key) => {
    const value = formatFigure(key, report.total[key], report.binary);
    const terms = report.workloads.map(
      (entry) => `${entry.workload.name} ${formatFigure(key, entry.figures[key], report.binary)}`,
    );
    return {
      key,
      label: figureLabel(key, retention),
      value,
      derivation: `${terms.join(" + ")} = ${value}`,
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
