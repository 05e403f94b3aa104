import { nearestName } from "../core/words.js";
import {
  type CacheNodeLimits,
  type NodeLimits,
  parseCacheNodeLimits,
  parseNodeLimits,
  parseServerLimits,
  type ServerLimits,
  serverLimitProblems,
} from "./limits.js";
import { formatRate } from "./units.js";
import {
  type Amount,
  type Count,
  type Duration,
  daysPerYear,
  describe,
  type Latency,
  type Parsed,
  parseCount,
  parseDuration,
  parseLatency,
  parseNumber,
  parseRate,
  parseRatio,
  parseSize,
  type Rate,
  ratePerDay,
  type Size,
  secondsPerDay,
} from "./values.js";

/** A path into the front matter, from its root: `["capacity", "workloads", 1, "write_size"]`. */
export type CapacityPath = (string | number)[];

export interface CapacityProblem {
  path: CapacityPath;
  /** Point at the key rather than the value (a misspelt or misplaced field). */
  key?: boolean;
  reason: string;
}

/** One flow of the system, validated, with every default applied. */
export interface Workload extends Settings {
  name: string;
  writes: Rate | undefined;
  reads: Rate | undefined;
  readWriteRatio: Amount | undefined;
  /** Bytes stored per write (undefined for a flow without writes). */
  writeSize: Size | undefined;
  /** Bytes sent per read: `read_size`, else `write_size`. */
  readSize: Size | undefined;
  /** Bytes received per write: `request_size`, else `write_size`. */
  requestSize: Size | undefined;
  /** Writes per day, reads per day: the basis of every estimate. */
  writesPerDay: number;
  readsPerDay: number;
}

/** Fields every workload inherits from the `capacity:` level. */
const inheritedFields = [
  "users",
  "retention",
  "replication",
  "storage_overhead",
  "target_utilization",
  "peak_factor",
  "cache_ratio",
  "latency",
  "per_server",
  "per_node",
  "per_cache_node",
] as const;

/** Fields that describe one flow; with `workloads:`, they belong to the items. */
export const flowFields = [
  "writes",
  "reads",
  "read_write_ratio",
  "write_size",
  "read_size",
  "request_size",
] as const;

type InheritedField = (typeof inheritedFields)[number];

const capacityFields: readonly string[] = [...flowFields, ...inheritedFields, "workloads"];
const workloadFields: readonly string[] = ["name", ...flowFields, ...inheritedFields];

/** The inputs a workload inherits from the `capacity:` level unless it sets its own. */
type Settings = ValueSettings & MachineLimits;

/** Settings that are one value each. */
interface ValueSettings {
  /** Daily active users, when given. */
  users: Count | undefined;
  retention: Duration;
  replication: Amount;
  storageOverhead: Amount;
  targetUtilization: Amount;
  peakFactor: Amount;
  cacheRatio: Amount;
  /** Time a request takes, for the requests in flight (Little's law), when given. */
  latency: Latency | undefined;
}

/** What one machine of each kind takes, when given: the inputs of the machine counts. */
interface MachineLimits {
  perServer: ServerLimits | undefined;
  perNode: NodeLimits | undefined;
  perCacheNode: CacheNodeLimits | undefined;
}

/** The defaults of the spec: 3 years, no replication or overhead, full disks, 2× peak, 20% cache. */
const defaultSettings: Settings = {
  users: undefined,
  retention: { days: 3 * daysPerYear, text: "3 years" },
  replication: { value: 1, text: "1" },
  storageOverhead: { value: 1, text: "1" },
  targetUtilization: { value: 1, text: "1" },
  peakFactor: { value: 2, text: "2" },
  cacheRatio: { value: 0.2, text: "0.2" },
  latency: undefined,
  perServer: undefined,
  perNode: undefined,
  perCacheNode: undefined,
};

/** Each setting with the field that gives it and how that field is parsed. */
const settingParsers: {
  [Key in keyof ValueSettings]: {
    field: InheritedField;
    parse: (value: unknown, field: string) => Parsed<ValueSettings[Key]>;
  };
} = {
  users: { field: "users", parse: parseCount },
  retention: { field: "retention", parse: parseDuration },
  replication: {
    field: "replication",
    parse: (value, field) => parseNumber(value, field, { min: 1 }),
  },
  storageOverhead: {
    field: "storage_overhead",
    parse: (value, field) => parseNumber(value, field, { min: 1 }),
  },
  targetUtilization: {
    field: "target_utilization",
    parse: (value, field) =>
      parseNumber(value, field, { min: 0, minExclusive: true, max: 1, percent: true }),
  },
  peakFactor: {
    field: "peak_factor",
    parse: (value, field) => parseNumber(value, field, { min: 1 }),
  },
  cacheRatio: {
    field: "cache_ratio",
    parse: (value, field) => parseNumber(value, field, { min: 0, max: 1, percent: true }),
  },
  latency: { field: "latency", parse: parseLatency },
};

/** The text of each setting's default, by field (`retention: "3 years"`), for those with one. */
export const defaultTexts: Readonly<Record<string, string>> = Object.fromEntries(
  (Object.keys(settingParsers) as (keyof ValueSettings)[]).flatMap((key) => {
    const value = defaultSettings[key];
    return value ? [[settingParsers[key].field, value.text]] : [];
  }),
);

/** Each machine limit with its field and parser (a mapping, checked field by field). */
const limitParsers: {
  [Key in keyof MachineLimits]: {
    field: InheritedField;
    parse: (
      value: unknown,
      path: CapacityPath,
      problems: CapacityProblem[],
    ) => MachineLimits[Key] | undefined;
  };
} = {
  perServer: { field: "per_server", parse: parseServerLimits },
  perNode: { field: "per_node", parse: parseNodeLimits },
  perCacheNode: { field: "per_cache_node", parse: parseCacheNodeLimits },
};

// Names are cited in prose as `:estimate[name.key]`, so they are single words.
const namePattern = /^[\p{L}\p{N}_-]+$/u;
const reservedNames = new Set(["total"]);

type Fields = Record<string, unknown>;

function isMapping(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function has(fields: Fields, name: string): boolean {
  return Object.hasOwn(fields, name);
}

/**
 * Validate and normalise a `capacity:` block. Every problem of the block is
 * collected (not only the first); workloads are returned only when there is none.
 * `undefined` (no `capacity:` at all) is not a problem: the writeup has no estimates.
 */
export function normaliseCapacity(capacity: unknown): {
  workloads: Workload[] | undefined;
  problems: CapacityProblem[];
} {
  const problems: CapacityProblem[] = [];
  const root: CapacityPath = ["capacity"];
  if (capacity === undefined) return { workloads: undefined, problems };
  if (!isMapping(capacity)) {
    problems.push({
      path: root,
      reason: `Expected \`capacity:\` to be a mapping of inputs such as \`writes: 10M / month\`, found ${describe(capacity)}`,
    });
    return { workloads: undefined, problems };
  }

  const misspelt = checkFieldNames(capacity, capacityFields, root, "`capacity:`", problems);
  const settings = parseSettings(capacity, defaultSettings, root, problems);
  let workloads: Workload[];
  if (has(capacity, "workloads")) {
    workloads = parseWorkloadList(capacity, settings, problems);
  } else {
    const place = { path: root, label: "`capacity:`", inList: false };
    const workload = parseWorkload(capacity, "default", settings, place, problems, misspelt);
    workloads = workload ? [workload] : [];
  }
  return problems.length > 0 ? { workloads: undefined, problems } : { workloads, problems };
}

/** The items of `workloads:`, each inheriting the settings of the `capacity:` level. */
function parseWorkloadList(
  capacity: Fields,
  settings: Settings,
  problems: CapacityProblem[],
): Workload[] {
  const root: CapacityPath = ["capacity"];
  for (const field of flowFields) {
    if (has(capacity, field)) {
      problems.push({
        path: [...root, field],
        key: true,
        reason: `Expected \`${field}\` inside each item of \`workloads:\`, found it at the \`capacity:\` level; move it into the workloads it describes`,
      });
    }
  }
  const list = capacity.workloads;
  const listPath = [...root, "workloads"];
  if (!Array.isArray(list) || list.length === 0) {
    problems.push({
      path: listPath,
      reason: `Expected \`workloads:\` to be a list of flows (\`- name: tweets\` with \`writes\`, sizes, …), found ${Array.isArray(list) ? "an empty list" : describe(list)}`,
    });
    return [];
  }
  const workloads: Workload[] = [];
  const seen = new Set<string>();
  list.forEach((item: unknown, index) => {
    const path = [...listPath, index];
    if (!isMapping(item)) {
      problems.push({
        path,
        reason: `Expected each workload to be a mapping (\`name:\`, \`writes:\`, …), found ${describe(item)}`,
      });
      return;
    }
    const name = parseName(item, path, seen, problems);
    const label = name === undefined ? `workload ${index + 1}` : `workload \`${name}\``;
    const misspelt = checkFieldNames(item, workloadFields, path, label, problems);
    const own = parseSettings(item, settings, path, problems);
    const place = { path, label, inList: true };
    const workload = parseWorkload(
      item,
      name ?? `workload-${index + 1}`,
      own,
      place,
      problems,
      misspelt,
    );
    if (workload && name !== undefined) workloads.push(workload);
  });
  return workloads;
}

/**
 * Report fields that are not valid names. Returns the names the misspelt fields
 * suggest, so a missing-field check does not report the same mistake twice.
 */
function checkFieldNames(
  fields: Fields,
  valid: readonly string[],
  path: CapacityPath,
  where: string,
  problems: CapacityProblem[],
): Set<string> {
  const suggested = new Set<string>();
  for (const name of Object.keys(fields)) {
    if (valid.includes(name)) continue;
    const nearest = nearestName(name.replace(/[-\s]/g, "_"), valid);
    if (nearest) suggested.add(nearest);
    const hint = nearest
      ? `; did you mean \`${nearest}\`?`
      : `; expected one of ${valid.map((field) => `\`${field}\``).join(", ")}`;
    problems.push({
      path: [...path, name],
      key: true,
      reason: `Unexpected field \`${name.slice(0, 60)}\` in ${where}${hint}`,
    });
  }
  return suggested;
}

function parseName(
  item: Fields,
  path: CapacityPath,
  seen: Set<string>,
  problems: CapacityProblem[],
): string | undefined {
  const value = item.name;
  const namePath = [...path, "name"];
  if (value === undefined) {
    problems.push({
      path,
      reason:
        "Expected a `name:` in each workload, such as `name: tweets`, found none; prose cites it as `:estimate[tweets.reads_per_second]`",
    });
    return undefined;
  }
  const name = typeof value === "number" ? String(value) : value;
  if (typeof name !== "string" || !namePattern.test(name) || name.length > 60) {
    problems.push({
      path: namePath,
      reason: `Expected \`name\` to be one word of letters, digits, \`-\` or \`_\` (such as \`tweets\`), found ${describe(value)}`,
    });
    return undefined;
  }
  if (reservedNames.has(name)) {
    problems.push({
      path: namePath,
      reason: "Expected a workload name other than `total`, which names the sum of all workloads",
    });
    return undefined;
  }
  if (seen.has(name)) {
    problems.push({
      path: namePath,
      reason: `Expected each workload name once, found \`${name}\` again; give this workload another name`,
    });
    return undefined;
  }
  seen.add(name);
  return name;
}

function parseSettings(
  fields: Fields,
  inherited: Settings,
  path: CapacityPath,
  problems: CapacityProblem[],
): Settings {
  const settings: Settings = { ...inherited };
  const parseSetting = <Key extends keyof ValueSettings>(key: Key) => {
    const { field, parse } = settingParsers[key];
    const value = parseField(fields, field, parse, path, problems);
    if (value !== undefined) (settings as ValueSettings)[key] = value;
  };
  for (const key of Object.keys(settingParsers) as (keyof ValueSettings)[]) parseSetting(key);
  const parseLimit = <Key extends keyof MachineLimits>(key: Key) => {
    const { field, parse } = limitParsers[key];
    if (!has(fields, field)) return;
    const value = parse(fields[field], [...path, field], problems);
    if (value !== undefined) (settings as MachineLimits)[key] = value;
  };
  for (const key of Object.keys(limitParsers) as (keyof MachineLimits)[]) parseLimit(key);
  return settings;
}

function parseField<T>(
  fields: Fields,
  field: string,
  parse: (value: unknown, field: string) => Parsed<T>,
  path: CapacityPath,
  problems: CapacityProblem[],
): T | undefined {
  if (!has(fields, field)) return undefined;
  const parsed = parse(fields[field], field);
  if (parsed.ok) return parsed.value;
  problems.push({ path: [...path, field], reason: parsed.reason });
  return undefined;
}

/** Where a flow's fields are written, and how messages name that place. */
interface FlowPlace {
  path: CapacityPath;
  /** `` `capacity:` `` for the top level, `` workload `tweets` `` for an item of `workloads:`. */
  label: string;
  /** An item of `workloads:`, which may set its own `users`. */
  inList: boolean;
}

function parseWorkload(
  fields: Fields,
  name: string,
  settings: Settings,
  { path, label, inList }: FlowPlace,
  problems: CapacityProblem[],
  misspelt: ReadonlySet<string>,
): Workload | undefined {
  const before = problems.length;
  const writes = parseField(fields, "writes", parseRate, path, problems);
  const reads = parseField(fields, "reads", parseRate, path, problems);
  const readWriteRatio = parseField(fields, "read_write_ratio", parseRatio, path, problems);
  const writeSize = parseField(fields, "write_size", parseSize, path, problems);
  const readSize = parseField(fields, "read_size", parseSize, path, problems);
  const requestSize = parseField(fields, "request_size", parseSize, path, problems);

  for (const [field, rate] of [
    ["writes", writes],
    ["reads", reads],
  ] as const) {
    if (rate?.perUser && settings.users === undefined) {
      problems.push({
        path: [...path, field],
        reason: `\`${field}\` is per user, but \`users\` is not set; add \`users: 100M\` (daily active users) to \`capacity:\`${inList ? " or to this workload" : ""}`,
      });
    }
  }

  // A misspelt field counts as given: its typo is already reported.
  const given = (field: string) => has(fields, field) || misspelt.has(field);
  if (!given("writes") && !given("reads") && !given("read_write_ratio")) {
    problems.push({
      path,
      key: true,
      reason: `Expected \`writes\`, \`reads\` or both in ${label}, found neither; add \`writes: 10M / month\` (a read-only flow gives only \`reads\`)`,
    });
  }
  if (given("read_write_ratio") && !given("writes")) {
    problems.push({
      path: [...path, "read_write_ratio"],
      reason:
        "`read_write_ratio` multiplies `writes`, but `writes` is not set; add `writes`, or give `reads` instead",
    });
  }
  const users = settings.users?.value ?? 0;
  // A rate that failed to parse still counts as "there are writes" for the size
  // checks below, so all of a workload's problems show at once.
  const writesPerDay = writes ? ratePerDay(writes, users) : 0;
  const hasWrites = writes ? writesPerDay > 0 : given("writes");
  const readsFromRatio = readWriteRatio ? writesPerDay * readWriteRatio.value : undefined;
  const readsGiven = reads ? ratePerDay(reads, users) : undefined;
  const readsPerDay = readsGiven ?? readsFromRatio ?? 0;
  const hasReads =
    readsPerDay > 0 || (given("reads") && !reads) || (given("read_write_ratio") && !readWriteRatio);
  if (
    readsGiven !== undefined &&
    readsFromRatio !== undefined &&
    Number.isFinite(readsGiven + readsFromRatio) &&
    !agree(readsGiven, readsFromRatio)
  ) {
    problems.push({
      path: [...path, "read_write_ratio"],
      reason: `Expected \`reads\` and \`read_write_ratio\` to agree within 1%, found \`reads: ${reads?.count.text} / ${reads?.perUser ? "user / " : ""}${reads?.periodText}\` (${formatRate(readsGiven / secondsPerDay)}) but \`writes\` × ${readWriteRatio?.text} gives ${formatRate(readsFromRatio / secondsPerDay)}; give only one of them`,
    });
  }

  if (hasWrites && !given("write_size")) {
    problems.push({
      path,
      key: true,
      reason: `Expected \`write_size\` in ${label} (bytes stored per write), found none; add e.g. \`write_size: 500 B\``,
    });
  }
  if (hasReads && !given("read_size") && !given("write_size")) {
    problems.push({
      path,
      key: true,
      reason: `Expected \`read_size\` or \`write_size\` in ${label} (bytes sent per read), found neither; add e.g. \`read_size: 1 KB\``,
    });
  }
  if (settings.perServer) {
    problems.push(
      ...serverLimitProblems(settings.perServer, { label, reads: hasReads, writes: hasWrites }),
    );
  }
  if (problems.length > before) return undefined;

  return {
    ...settings,
    name,
    writes,
    reads,
    readWriteRatio,
    writeSize,
    readSize: readSize ?? writeSize,
    requestSize: requestSize ?? writeSize,
    writesPerDay,
    readsPerDay,
  };
}

function agree(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.01 * Math.max(a, b);
}
