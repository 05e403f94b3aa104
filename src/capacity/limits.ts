import { nearestName } from "../core/words.js";
import type { CapacityPath, CapacityProblem } from "./inputs.js";
import {
  type Amount,
  type Count,
  describe,
  type Parsed,
  parseCount,
  parseNumber,
  parseSize,
  type Size,
} from "./values.js";

/**
 * What one machine of each kind can take (`per_server`, `per_node`,
 * `per_cache_node`): the inputs of the server, shard and cache-node counts.
 * Each is a mapping of its own fields, checked field by field like `capacity:`.
 */

/** `per_server`: requests per second one application server takes at full load. */
export interface ServerLimits {
  /** Any request (`rps`); or reads and writes apart (`read_rps`, `write_rps`). */
  rps: Count | undefined;
  readRps: Count | undefined;
  writeRps: Count | undefined;
  /** Spare servers on top of those the load needs (1 for N+1). */
  redundancy: Amount;
  /** Where it is written, for problems found once a workload inherits it. */
  path: CapacityPath;
}

/** `per_node`: bytes one storage node holds. */
export interface NodeLimits {
  storage: Size;
}

/** `per_cache_node`: memory of one cache node. */
export interface CacheNodeLimits {
  memory: Size;
}

type Fields = Record<string, unknown>;

function isMapping(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A count or size that must be more than 0: a machine that takes nothing sizes nothing. */
function positive<T extends { value: number } | { bytes: number }>(
  parsed: Parsed<T>,
  field: string,
  example: string,
): Parsed<T> {
  if (!parsed.ok) return parsed;
  const amount = "value" in parsed.value ? parsed.value.value : parsed.value.bytes;
  return amount > 0
    ? parsed
    : { ok: false, reason: `Expected \`${field}\` to be more than 0, such as \`${example}\`` };
}

/** The fields of a limits mapping, each parsed; unknown fields reported with "did you mean". */
function readMapping(
  value: unknown,
  path: CapacityPath,
  fields: Record<string, (value: unknown, field: string) => Parsed<unknown>>,
  example: string,
  problems: CapacityProblem[],
): Map<string, unknown> | undefined {
  const name = String(path.at(-1));
  if (!isMapping(value)) {
    problems.push({
      path,
      reason: `Expected \`${name}\` to be a mapping such as \`${example}\`, found ${describe(value)}`,
    });
    return undefined;
  }
  const valid = Object.keys(fields);
  const parsed = new Map<string, unknown>();
  for (const [field, fieldValue] of Object.entries(value)) {
    const parse = Object.hasOwn(fields, field) ? fields[field] : undefined;
    if (!parse) {
      const nearest = nearestName(field.replace(/[-\s]/g, "_"), valid);
      problems.push({
        path: [...path, field],
        key: true,
        reason: `Unexpected field \`${field.slice(0, 60)}\` in \`${name}\`; ${
          nearest
            ? `did you mean \`${nearest}\`?`
            : `expected ${valid.map((known) => `\`${known}\``).join(", ")}`
        }`,
      });
      continue;
    }
    const result = parse(fieldValue, `${name}.${field}`);
    if (result.ok) parsed.set(field, result.value);
    else problems.push({ path: [...path, field], reason: result.reason });
  }
  return parsed;
}

const requestRate = (value: unknown, field: string) =>
  positive(parseCount(value, field), field, "5K");

/** `per_server: { rps: 5K }` or `{ read_rps: 8K, write_rps: 2K }`, with `redundancy` (default 1). */
export function parseServerLimits(
  value: unknown,
  path: CapacityPath,
  problems: CapacityProblem[],
): ServerLimits | undefined {
  const before = problems.length;
  const fields = readMapping(
    value,
    path,
    {
      rps: requestRate,
      read_rps: requestRate,
      write_rps: requestRate,
      redundancy: (redundancy, field) => parseNumber(redundancy, field, { min: 0, integer: true }),
    },
    "{ rps: 5K }",
    problems,
  );
  if (!fields) return undefined;
  const given = (field: string) => isMapping(value) && Object.hasOwn(value, field);
  if (given("rps") && (given("read_rps") || given("write_rps"))) {
    problems.push({
      path: [...path, given("read_rps") ? "read_rps" : "write_rps"],
      key: true,
      reason:
        "Expected either `rps` (any request) or `read_rps` and `write_rps` in `per_server`, found both; keep one way",
    });
  } else if (!given("rps") && !given("read_rps") && !given("write_rps")) {
    problems.push({
      path,
      key: true,
      reason:
        "Expected `rps` (requests per second one server takes), or `read_rps` and `write_rps`, in `per_server`, found none; add e.g. `rps: 5K`",
    });
  }
  if (problems.length > before) return undefined;
  return {
    rps: fields.get("rps") as Count | undefined,
    readRps: fields.get("read_rps") as Count | undefined,
    writeRps: fields.get("write_rps") as Count | undefined,
    redundancy: (fields.get("redundancy") as Amount | undefined) ?? { value: 1, text: "1" },
    path,
  };
}

/** A mapping of one required size, such as `per_node: { storage: 10 TB }`. */
function parseOneSize(
  value: unknown,
  path: CapacityPath,
  field: string,
  example: string,
  problems: CapacityProblem[],
): Size | undefined {
  const before = problems.length;
  const fields = readMapping(
    value,
    path,
    { [field]: (size, name) => positive(parseSize(size, name), name, example) },
    `{ ${field}: ${example} }`,
    problems,
  );
  const size = fields?.get(field) as Size | undefined;
  if (fields && !size && problems.length === before) {
    problems.push({
      path,
      key: true,
      reason: `Expected \`${field}\` in \`${path.at(-1)}\`, found none; add e.g. \`${field}: ${example}\``,
    });
  }
  return size;
}

export function parseNodeLimits(
  value: unknown,
  path: CapacityPath,
  problems: CapacityProblem[],
): NodeLimits | undefined {
  const storage = parseOneSize(value, path, "storage", "10 TB", problems);
  return storage && { storage };
}

export function parseCacheNodeLimits(
  value: unknown,
  path: CapacityPath,
  problems: CapacityProblem[],
): CacheNodeLimits | undefined {
  const memory = parseOneSize(value, path, "memory", "64 GB", problems);
  return memory && { memory };
}

/**
 * A workload's problems with the server limits it has: reads need `read_rps`
 * (or `rps`), writes `write_rps`. Reported where `per_server` is written.
 */
export function serverLimitProblems(
  limits: ServerLimits,
  flow: { label: string; reads: boolean; writes: boolean },
): CapacityProblem[] {
  if (limits.rps) return [];
  const missing = [
    flow.reads && !limits.readRps ? ["reads", "read_rps"] : undefined,
    flow.writes && !limits.writeRps ? ["writes", "write_rps"] : undefined,
  ].filter((entry) => entry !== undefined);
  return missing.map(([noun, field]) => ({
    path: limits.path,
    key: true,
    reason: `Expected \`${field}\` (or \`rps\`) in \`per_server\`, as ${flow.label} has ${noun}, found none; add e.g. \`${field}: 5K\``,
  }));
}
