import type { Nodes } from "mdast";
import type { StepSection } from "../method/index.js";

/** The text of a step's section: its sub-headings, prose, lists, tables and code. */
export function sectionText(section: StepSection): string {
  return section.children.map(plainText).join("\n");
}

// Like mdast-util-to-string, but blocks (list items, table cells) are kept apart, so
// `- **Customer**: …` and `- **Purpose**: …` do not run together as `…Purpose`.
const inlineParents = new Set([
  "paragraph",
  "heading",
  "emphasis",
  "strong",
  "delete",
  "link",
  "linkReference",
]);

function plainText(node: Nodes): string {
  if ("value" in node) return node.value;
  if ((node.type === "image" || node.type === "imageReference") && node.alt) return node.alt;
  if (!("children" in node)) return "";
  return node.children.map(plainText).join(inlineParents.has(node.type) ? "" : "\n");
}

/** Every node inside the sections, depth first (for rules that look for a kind of node). */
export function stepNodes(sections: readonly StepSection[]): Nodes[] {
  return sections.flatMap((section) => [...descendants(section.children)]);
}

function* descendants(nodes: readonly Nodes[]): Generator<Nodes> {
  for (const node of nodes) {
    yield node;
    if ("children" in node) yield* descendants(node.children);
  }
}

/** A topic a step should cover, recognised by a few documented keywords. */
export interface Topic {
  /** How messages name it, e.g. `customer (who uses the system)`. */
  name: string;
  /** The words that count, as the docs list them. */
  pattern: RegExp;
}

/** The topics `text` never mentions, in the order given. */
export function missingTopics(text: string, topics: readonly Topic[]): Topic[] {
  return topics.filter((topic) => !topic.pattern.test(text));
}

/** `a`, `a and b`, `a, b and c` (or `or`). */
export function listWords(words: readonly string[], conjunction: "and" | "or" = "and"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${words.at(-1)}`;
}

/** `“Capacity Estimation” (step 3)`, the way messages name a step. */
export function stepName(step: { number: number; canonical: string }): string {
  return `step ${step.number} “${step.canonical}”`;
}

/** `## Capacity Estimation`, the heading an author should write. */
export function headingMarkup(depth: number, canonical: string): string {
  return `${"#".repeat(depth)} ${canonical}`;
}
