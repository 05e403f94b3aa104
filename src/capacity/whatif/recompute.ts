import { analyzeCapacity } from "../analyze.js";
import { estimatesCharts } from "../charts.js";
import type { CapacityReport } from "../estimate.js";
import { type FigureSection, formatReport, tableSections } from "../format.js";
import type { Markup } from "../markup.js";

/**
 * What the estimates block shows for a report: the table's sections and the
 * charts. The build and the what-if in the reader's browser both call this, so
 * the page and its what-if cannot differ in a formula, a format or a chart.
 */
export interface EstimatesView {
  sections: FigureSection[];
  charts: Markup[];
}

/** The what-if form's id, and the prefix of its inputs' ids (`estimates-whatif-2` for a second block). */
export const whatIfId = "estimates-whatif";

/** The total's section is called this in the table. */
export const totalName = "Total";

export function estimatesView(report: CapacityReport, suffix = ""): EstimatesView {
  return {
    sections: tableSections(formatReport(report), totalName),
    charts: estimatesCharts(report, suffix),
  };
}

/** A what-if's outcome: the view for the edited inputs, or why they are not valid. */
export type WhatIfOutcome =
  | { ok: true; view: EstimatesView }
  | { ok: false; problems: { name: string; reason: string }[] };

/**
 * The writeup's `capacity:` block with some fields replaced (`{"workloads.1.writes": "2 / user / day"}`,
 * as the form names them), estimated again.
 */
export function recompute(
  capacity: unknown,
  edits: Readonly<Record<string, string>>,
  suffix = "",
): WhatIfOutcome {
  // The block came from JSON (the form's `data-capacity`): a JSON copy is a deep one.
  const edited: unknown = capacity === undefined ? undefined : JSON.parse(JSON.stringify(capacity));
  for (const [name, value] of Object.entries(edits)) setField(edited, name.split("."), value);
  const { report, problems } = analyzeCapacity(edited);
  if (!report) {
    return {
      ok: false,
      problems: problems.map((problem) => ({
        name: problem.path.slice(1).join("."),
        reason: problem.reason,
      })),
    };
  }
  return { ok: true, view: estimatesView(report, suffix) };
}

/** Set a field at a path of mapping keys and list indexes, making the mappings it needs. */
function setField(root: unknown, path: readonly string[], value: string): void {
  let node = root;
  for (const [index, key] of path.entries()) {
    if (typeof node !== "object" || node === null || key === "__proto__") return;
    const fields = node as Record<string, unknown>;
    if (index === path.length - 1) {
      fields[key] = value;
      return;
    }
    if (typeof fields[key] !== "object" || fields[key] === null) fields[key] = {};
    node = fields[key];
  }
}
