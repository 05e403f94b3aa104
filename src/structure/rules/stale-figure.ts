// analyze.js and prose/, not the capacity index: the index also loads the charts' hastscript.
import type { Nodes } from "mdast";
import type { Point, Position } from "unist";
import { analyzeCapacity } from "../../capacity/analyze.js";
import { defaultTolerance, staleFigures, staleReason } from "../../capacity/prose/stale.js";
import type { Finding, Rule, RuleContext } from "../types.js";

/**
 * `nine-steps/stale-figure`: in step 3, a figure written by hand ("about 36.5 TB
 * of storage") that disagrees with what designpress computes from `capacity:`
 * by more than the tolerance (option `tolerance`, default 10%). Writeups without
 * `capacity:` have nothing to compare with.
 */

/** A block of prose (paragraph, heading, table cell) as text, with where each piece starts. */
interface ProseUnit {
  text: string;
  /** The first cell of a table row, which names what the row's other cells hold. */
  label: string;
  pieces: { offset: number; start: Point; value: string }[];
}

// Cited figures are the estimates themselves, and their keys name kinds ("cache_bytes").
const citation = /:estimates?\[[^\]\n]*\]/g;

function proseUnits(nodes: readonly Nodes[]): ProseUnit[] {
  const units: ProseUnit[] = [];
  const walk = (node: Nodes) => {
    if (node.type === "paragraph" || node.type === "heading") {
      const unit: ProseUnit = { text: "", label: "", pieces: [] };
      collect(node, unit);
      units.push(unit);
      return;
    }
    if (node.type === "tableRow") {
      let label = "";
      for (const [index, cell] of node.children.entries()) {
        const unit: ProseUnit = { text: "", label, pieces: [] };
        collect(cell, unit);
        units.push(unit);
        if (index === 0) label = unit.text;
      }
      return;
    }
    if (node.type === "code" || node.type === "html" || !("children" in node)) return;
    for (const child of node.children) walk(child);
  };
  for (const node of nodes) walk(node);
  return units;
}

/** The text of inline nodes; code, HTML and directives stand as a space between words. */
function collect(node: Nodes, unit: ProseUnit): void {
  if (node.type === "text") {
    if (node.position) {
      unit.pieces.push({ offset: unit.text.length, start: node.position.start, value: node.value });
    }
    unit.text += node.value.replace(citation, (cited) => " ".repeat(cited.length));
    return;
  }
  if (node.type === "break") unit.text += "\n";
  else if (!("children" in node) || node.type === "textDirective") unit.text += " ";
  else for (const child of node.children) collect(child, unit);
}

/** Where a claim is in the file (lines continued in a list item are indented in the source). */
function placeOf(
  unit: ProseUnit,
  offset: number,
  written: string,
  lines: readonly string[],
): Position | Point {
  const piece = unit.pieces.findLast((candidate) => candidate.offset <= offset);
  if (!piece) return { line: 1, column: 1 };
  const local = piece.value.slice(0, offset - piece.offset);
  const breaks = local.split("\n").length - 1;
  const line = piece.start.line + breaks;
  let column = piece.start.column + local.length;
  if (breaks > 0) {
    const source = lines[line - 1] ?? "";
    const found = source.indexOf(written.split("\n")[0] ?? written);
    const indent = source.length - source.trimStart().length;
    column = found === -1 ? indent + local.length - local.lastIndexOf("\n") : found + 1;
  }
  const start = { line, column };
  return written.includes("\n") ? start : { start, end: { line, column: column + written.length } };
}

/** `tolerance` as a fraction: `0.1` or `10%`, from 0 to 1. */
export function parseTolerance(value: unknown): { ok: true; value: number } | { ok: false } {
  const text = typeof value === "string" ? value.trim() : undefined;
  const percent = text?.endsWith("%") ? Number(text.slice(0, -1)) / 100 : undefined;
  const number = typeof value === "number" ? value : (percent ?? Number.NaN);
  return number >= 0 && number <= 1 ? { ok: true, value: number } : { ok: false };
}

function tolerance(options: Readonly<Record<string, unknown>> | undefined): number {
  const parsed = parseTolerance(options?.tolerance);
  return parsed.ok ? parsed.value : defaultTolerance;
}

export const staleFigure: Rule = {
  id: "nine-steps/stale-figure",
  severity: "warning",
  description:
    "A hand-written figure in step 3 that disagrees with the estimate computed from `capacity:` by more than the tolerance (10%)",
  options: {
    tolerance: {
      parse: parseTolerance,
      expected: "a fraction from 0 to 1 such as `0.1`, or a percentage such as `10%`",
    },
  },
  check(context: RuleContext, options): Finding[] {
    const sections = context.byStep.get("capacity");
    const capacity = context.matter?.data.capacity;
    if (!sections || capacity === undefined) return [];
    const { report } = analyzeCapacity(capacity);
    if (!report) return [];
    const allowed = tolerance(options);
    const findings: Finding[] = [];
    for (const unit of proseUnits(sections.flatMap((section) => section.children))) {
      // Most paragraphs hold no digit at all: nothing to read there.
      if (!/\d/.test(unit.text)) continue;
      for (const stale of staleFigures(unit.text, report, allowed, unit.label)) {
        findings.push({
          reason: staleReason(stale),
          place: placeOf(unit, stale.claim.start, stale.claim.text, context.lines),
        });
      }
    }
    return findings;
  },
};
