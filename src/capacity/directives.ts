import type { LeafDirective, TextDirective } from "mdast-util-directive";
import { toString as mdastToString } from "mdast-util-to-string";
import { nearestName } from "../core/words.js";
import {
  type CapacityReport,
  estimateKeys,
  type FigureKey,
  type Figures,
  isFigureKey,
  keysOf,
  type PlanningKey,
  planningKeys,
} from "./estimate.js";

/** The rule id of a misused `estimate`/`estimates` directive, in the build and in `check`. */
export const directiveRuleId = "content/estimate-directive";

/** What a page's `capacity:` block gives its directives. */
export interface DirectiveContext {
  /** Whether the front matter has a `capacity:` block at all. */
  hasCapacity: boolean;
  /** The estimates, when the block is valid. */
  report: CapacityReport | undefined;
}

/** `::estimate[…]` or `:estimates`: the author meant the other form. */
export function isMisused(node: LeafDirective | TextDirective): boolean {
  return (
    (node.type === "leafDirective" && node.name === "estimate") ||
    (node.type === "textDirective" && node.name === "estimates")
  );
}

/** The inputs each machine figure needs, as the front matter writes them. */
const planningInputs: Record<PlanningKey, { fields: string[]; example: string }> = {
  servers: { fields: ["per_server"], example: "per_server: { rps: 5K }" },
  concurrent_requests: { fields: ["latency"], example: "latency: 50 ms" },
  connections_per_server: {
    fields: ["latency", "per_server"],
    example: "latency: 50 ms` and `per_server: { rps: 5K }",
  },
  server_bandwidth_bits_per_second: { fields: ["per_server"], example: "per_server: { rps: 5K }" },
  storage_shards: { fields: ["per_node"], example: "per_node: { storage: 10 TB }" },
  storage_nodes: { fields: ["per_node"], example: "per_node: { storage: 10 TB }" },
  cache_nodes: { fields: ["per_cache_node"], example: "per_cache_node: { memory: 64 GB }" },
};

/**
 * The figures a `:estimate[…]` name cites: the total's (`reads_per_second`) or one
 * workload's (`media.reads_per_second`); undefined for a workload the report lacks.
 */
function scopeOf(report: CapacityReport, name: string): Figures | undefined {
  const dot = name.lastIndexOf(".");
  if (dot === -1) return report.total;
  return report.workloads.find((entry) => entry.workload.name === name.slice(0, dot))?.figures;
}

/**
 * What is wrong with an `estimate` or `estimates` directive, or undefined: the one
 * judgement remark-estimates reports when it builds a page and `designpress check`
 * reports before a commit.
 */
export function directiveProblem(
  node: LeafDirective | TextDirective,
  { hasCapacity, report }: DirectiveContext,
): string | undefined {
  if (node.type === "leafDirective" && node.name === "estimate") {
    return `Expected \`::estimates\` (the table) on its own line, or \`:estimate[${mdastToString(node)}]\` inside a sentence, found \`::estimate\``;
  }
  if (node.type === "textDirective" && node.name === "estimates") {
    return "Expected `:estimate[key]` for one figure in a sentence, or `::estimates` on its own line for the table, found `:estimates`";
  }
  if (!hasCapacity) {
    const written =
      node.type === "leafDirective" ? "::estimates" : `:estimate[${mdastToString(node)}]`;
    return `Expected a \`capacity:\` block in the front matter for \`${written}\`, found none; add \`capacity:\` with \`writes\`, \`read_write_ratio\`, \`write_size\`, … (see “Capacity estimates” in the README)`;
  }
  if (node.type !== "textDirective" || !report) return undefined;
  const name = mdastToString(node).trim();
  const dot = name.lastIndexOf(".");
  const key = name.slice(dot + 1);
  const scope = scopeOf(report, name);
  if (scope && isFigureKey(key) && keysOf(scope).includes(key)) return undefined;

  // A machine figure cited where its inputs are not given (`:estimate[servers]`
  // without `per_server`): say which input to add, not that the key is unknown.
  if (scope && (planningKeys as readonly string[]).includes(key)) {
    const { fields, example } = planningInputs[key as PlanningKey];
    const where =
      dot === -1 ? "`capacity:`" : `\`capacity:\` or workload \`${name.slice(0, dot)}\``;
    return `Expected ${fields.map((field) => `\`${field}\``).join(" and ")} in ${where} for \`:estimate[${name}]\`, found none; add \`${example}\`, or cite another figure`;
  }

  const valid: string[] = [
    ...keysOf(report.total),
    ...report.workloads.flatMap((entry) =>
      keysOf(entry.figures).map((figure: FigureKey) => `${entry.workload.name}.${figure}`),
    ),
  ];
  const nearest = nearestName(name, valid);
  const workloads = report.workloads.map((entry) => `\`${entry.workload.name}\``).join(", ");
  return `Expected a known estimate, found \`:estimate[${name}]\`${nearest ? ` (did you mean \`${nearest}\`?)` : ""}; valid keys are ${estimateKeys.join(", ")}, each also as \`<workload>.<key>\` with workload ${workloads}`;
}
