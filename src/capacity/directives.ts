import type { LeafDirective, TextDirective } from "mdast-util-directive";
import { toString as mdastToString } from "mdast-util-to-string";
import { estimateKeys, isEstimateKey } from "./estimate.js";
import { nearestName } from "./values.js";

/** The rule id of a misused `estimate`/`estimates` directive, in the build and in `check`. */
export const directiveRuleId = "estimate-directive";

/** What a page's `capacity:` block gives its directives. */
export interface DirectiveContext {
  /** Whether the front matter has a `capacity:` block at all. */
  hasCapacity: boolean;
  /** The workloads' names when the block is valid (`default` without `workloads:`). */
  workloads: readonly string[] | undefined;
}

/** `::estimate[…]` or `:estimates`: the author meant the other form. */
export function isMisused(node: LeafDirective | TextDirective): boolean {
  return (
    (node.type === "leafDirective" && node.name === "estimate") ||
    (node.type === "textDirective" && node.name === "estimates")
  );
}

/**
 * What is wrong with an `estimate` or `estimates` directive, or undefined: the one
 * judgement remark-estimates reports when it builds a page and `designpress check`
 * reports before a commit.
 */
export function directiveProblem(
  node: LeafDirective | TextDirective,
  { hasCapacity, workloads }: DirectiveContext,
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
    return `Expected a \`capacity:\` block in the front matter for \`${written}\`, found none; add \`capacity:\` with \`writes\`, \`read_write_ratio\`, \`write_size\`, … (see the capacity reference)`;
  }
  if (node.type !== "textDirective" || !workloads) return undefined;
  const name = mdastToString(node).trim();
  if (isKnownEstimate(name, workloads)) return undefined;
  const valid = [
    ...estimateKeys,
    ...workloads.flatMap((workload) => estimateKeys.map((key) => `${workload}.${key}`)),
  ];
  const nearest = nearestName(name, valid);
  return `Expected a known estimate, found \`:estimate[${name}]\`${nearest ? ` (did you mean \`${nearest}\`?)` : ""}; valid keys are ${estimateKeys.join(", ")}, each also as \`<workload>.<key>\` with workload ${workloads.map((workload) => `\`${workload}\``).join(", ")}`;
}

/** `reads_per_second` (the total) or `media.reads_per_second` (one workload's). */
function isKnownEstimate(name: string, workloads: readonly string[]): boolean {
  const dot = name.lastIndexOf(".");
  return (
    isEstimateKey(name.slice(dot + 1)) && (dot === -1 || workloads.includes(name.slice(0, dot)))
  );
}
