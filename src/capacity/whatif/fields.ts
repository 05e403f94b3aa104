/**
 * The inputs a writeup's what-if offers: every field its `capacity:` block
 * gives, and the settings it leaves at their defaults (shown with the default,
 * so a reader can try another retention or peak factor). Values are the text the
 * author wrote, so the reader edits them in the same syntax.
 */

import { defaultTexts, flowFields as flowOnlyFields } from "../inputs.js";

/** One input of the what-if form. */
export interface WhatIfField {
  /** The field's path inside `capacity:`, joined with dots: `workloads.1.write_size`, `per_server.rps`. */
  name: string;
  label: string;
  /** The value as written (or the default's text). */
  value: string;
}

/** A group of inputs: the shared settings, or one workload's. */
export interface WhatIfGroup {
  /** `undefined` for a writeup without workloads, whose inputs form one group. */
  legend: string | undefined;
  fields: WhatIfField[];
}

const labels: Record<string, string> = {
  users: "Daily active users",
  writes: "Writes",
  reads: "Reads",
  read_write_ratio: "Read:write ratio",
  write_size: "Write size",
  read_size: "Read size",
  request_size: "Request size",
  retention: "Retention",
  replication: "Replication",
  storage_overhead: "Storage overhead",
  target_utilization: "Target utilization",
  peak_factor: "Peak factor",
  cache_ratio: "Cache ratio",
  latency: "Latency",
  "per_server.rps": "Requests/s per server",
  "per_server.read_rps": "Reads/s per server",
  "per_server.write_rps": "Writes/s per server",
  "per_server.redundancy": "Spare servers",
  "per_node.storage": "Storage per node",
  "per_cache_node.memory": "Memory per cache node",
};

/** The fields of one flow, and `users`, which per-user rates multiply. */
const flowFields = ["users", ...flowOnlyFields];

/** Settings shown with their default when the writeup leaves them out. */
const defaults = defaultTexts;

const settingFields = [...Object.keys(defaults), "latency"];

const limitFields: Record<string, readonly string[]> = {
  per_server: ["rps", "read_rps", "write_rps", "redundancy"],
  per_node: ["storage"],
  per_cache_node: ["memory"],
};

type Fields = Record<string, unknown>;

function isMapping(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** The fields among `names` that `fields` gives, under `prefix` (labelled as `scope.name`). */
function given(
  fields: Fields,
  names: readonly string[],
  prefix: string,
  scope = "",
): WhatIfField[] {
  return names.flatMap((name) => {
    const text = Object.hasOwn(fields, name) ? shown(fields[name]) : undefined;
    return text === undefined
      ? []
      : [{ name: `${prefix}${name}`, label: labels[`${scope}${name}`] ?? name, value: text }];
  });
}

/** The machine limits `fields` gives (`per_server.rps`, …), under `prefix`. */
function limits(fields: Fields, prefix: string): WhatIfField[] {
  return Object.entries(limitFields).flatMap(([limit, inner]) => {
    const mapping = fields[limit];
    return isMapping(mapping) ? given(mapping, inner, `${prefix}${limit}.`, `${limit}.`) : [];
  });
}

/** The settings left out, with their defaults. */
function defaulted(fields: Fields): WhatIfField[] {
  return Object.entries(defaults)
    .filter(([name]) => !Object.hasOwn(fields, name))
    .map(([name, value]) => ({ name, label: labels[name] ?? name, value }));
}

/** The inputs of one flow (or of the shared level), in the order the reference lists them. */
function inputs(fields: Fields, names: readonly string[], prefix = ""): WhatIfField[] {
  return [...given(fields, names, prefix), ...limits(fields, prefix)];
}

/** The groups of inputs for a valid `capacity:` block. */
export function whatIfGroups(capacity: Fields): WhatIfGroup[] {
  const workloads = capacity.workloads;
  if (!Array.isArray(workloads)) {
    const fields = [...inputs(capacity, [...flowFields, ...settingFields]), ...defaulted(capacity)];
    return [{ legend: undefined, fields }];
  }
  return [
    {
      legend: "Every workload",
      fields: [...inputs(capacity, ["users", ...settingFields]), ...defaulted(capacity)],
    },
    ...workloads.filter(isMapping).map((item, index) => ({
      legend: `Workload ${String(item.name)}`,
      fields: inputs(item, [...flowFields, ...settingFields], `workloads.${index}.`),
    })),
  ];
}
