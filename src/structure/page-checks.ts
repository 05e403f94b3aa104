import type { Root } from "mdast";
import type { Point, Position } from "unist";
import { visit } from "unist-util-visit";
// analyze.js and directives.js rather than index.js: the index also exports the charts.
import { analyzeCapacity } from "../capacity/analyze.js";
import {
  type DirectiveContext,
  directiveProblem,
  directiveRuleId,
} from "../capacity/directives.js";
import type { FrontMatter } from "../frontmatter/index.js";
import { type FieldOptions, type PageFields, readFields } from "../writeup/fields.js";

/** A problem the build would report, found without building. */
export interface BuildFinding {
  reason: string;
  place: Position | Point | undefined;
  ruleId: string;
  fatal: boolean;
}

/**
 * What the build rejects in one page besides the nine-step rules, with the
 * build's own code and rule ids: the front-matter fields (types, dates, slug,
 * unknown fields, control characters) and the estimate directives.
 */
export function pageFindings(
  tree: Root,
  matter: FrontMatter,
  options: FieldOptions = {},
): { findings: BuildFinding[]; fields: PageFields } {
  const { fields, problems } = readFields(matter, options);
  return { findings: [...problems, ...estimateDirectiveFindings(tree, matter)], fields };
}

/** Misused, unknown or `capacity:`-less estimate directives (a tree parsed with directives). */
function estimateDirectiveFindings(tree: Root, matter: FrontMatter): BuildFinding[] {
  const findings: BuildFinding[] = [];
  let context: DirectiveContext | undefined;
  visit(tree, (node) => {
    if (node.type !== "leafDirective" && node.type !== "textDirective") return;
    if (node.name !== "estimate" && node.name !== "estimates") return;
    // The capacity block is read once, and only for a page that cites it.
    if (!context) {
      const hasCapacity = Object.hasOwn(matter.data, "capacity");
      const report = hasCapacity ? analyzeCapacity(matter.data.capacity).report : undefined;
      context = { hasCapacity, report };
    }
    const reason = directiveProblem(node, context);
    if (reason)
      findings.push({ reason, place: node.position, ruleId: directiveRuleId, fatal: true });
  });
  return findings;
}
