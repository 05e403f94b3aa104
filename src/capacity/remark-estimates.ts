/**
 * remark-estimates: capacity estimates on the page.
 *
 * - `::estimates` (a leaf directive on its own line) becomes the estimates table
 *   and charts; without one, they go right after the capacity-estimation heading
 *   (step 3); without step 3, nowhere.
 * - `:estimate[reads_per_second]` or `:estimate[media.storage_bytes]` in prose
 *   becomes the formatted figure, with its derivation as a tooltip.
 * - Every problem of the front-matter `capacity:` block is a fatal message
 *   (`nine-steps/capacity-input`) at its place in the front matter; a bad
 *   directive is a fatal message (`estimate-directive`) at the directive.
 *
 * Class names for the theme:
 * - `estimates`: the block (a `div`) holding the table, the what-if and the charts.
 * - `estimates-table`: the `table`; a `tbody` per workload, `th[scope=rowgroup]`
 *   naming it; each row (`tr[data-key]`) has the estimate (`th[scope=row]`), the
 *   figure (`td.estimates-figure`) and the derivation (`td.estimates-derivation`),
 *   each cell with its column's name in `data-label` for a stacked layout.
 * - `estimates-whatif`: the what-if `form` (hidden until its script runs; see
 *   `whatif/form.ts` for its classes).
 * - `estimates-chart`: a `figure` around each inline SVG chart
 *   (`svg.estimates-chart-svg`; inside it `estimates-chart-line`,
 *   `estimates-chart-area`, `estimates-chart-provisioned`,
 *   `estimates-chart-average`, `estimates-chart-peak`), then its visible title,
 *   `figcaption.estimates-chart-caption`. Charts draw in `currentColor`.
 * - `estimate`: the `span` a `:estimate[…]` directive becomes: focusable, with
 *   the derivation in `span.estimate-derivation` (`role="tooltip"`, its
 *   description), which the theme shows on hover and focus.
 *
 * The plugin emits mdast nodes with `data.hName`/`hProperties`/`hChildren`, so
 * remark-rehype builds the HTML: no raw HTML, no inline script (the what-if's
 * script is a file the build adds to pages with `file.data.whatIf`). Run it after
 * remark-directive and before any plugin that handles leftover directives.
 */
import type { Element, ElementContent } from "hast";
import { h } from "hastscript";
import type { Paragraph, Parent, Root, RootContent, Text } from "mdast";
import type { TextDirective } from "mdast-util-directive";
import { toString as mdastToString } from "mdast-util-to-string";
import type { Plugin } from "unified";
import type { VFile } from "vfile";
import { readFrontMatter } from "../frontmatter/index.js";
import { type AcceptedHeadings, createStepMatcher, outlineSteps } from "../method/index.js";
import "../writeup/data.js";
import { fail } from "../core/messages.js";
import { analyzeCapacity, capacityInputRuleId, placeProblems } from "./analyze.js";
import { directiveProblem, directiveRuleId, isMisused } from "./directives.js";
import { type CapacityReport, isFigureKey } from "./estimate.js";
import {
  type FigureSection,
  type FormattedFigure,
  type FormattedReport,
  formatReport,
} from "./format.js";
import { markupToHast } from "./markup-hast.js";
import { whatIfForm } from "./whatif/form.js";
import { estimatesView } from "./whatif/recompute.js";

declare module "vfile" {
  interface DataMap {
    /** The capacity estimates of the page, when its `capacity:` block is valid. */
    estimates: CapacityReport;
    /** The page has a what-if form, which needs its script. */
    whatIf: boolean;
  }
}

export interface RemarkEstimatesOptions {
  /** Extra headings accepted per step (the site config's `check.headings`). */
  headings?: AcceptedHeadings;
}

const remarkEstimates: Plugin<[RemarkEstimatesOptions?], Root> = (options = {}) => {
  const matchStep = createStepMatcher(options.headings);
  return (tree, file) => {
    // designpress's reader sets the front matter; in a plain unified pipeline the
    // plugin reads it from the file's text (YAML that does not parse is
    // remarkNineSteps's to report, as the reader's is in designpress).
    const matter = file.data.matter ?? readFrontMatter(String(file.value ?? "")).matter;
    if (!matter) return;

    const hasCapacity = Object.hasOwn(matter.data, "capacity");
    let report: CapacityReport | undefined;
    if (hasCapacity) {
      const analysis = analyzeCapacity(matter.data.capacity);
      for (const problem of placeProblems(matter, analysis.problems)) {
        fail(file, problem.reason, problem.place, capacityInputRuleId);
      }
      report = analysis.report;
      if (report) file.data.estimates = report;
    }
    const formatted = report ? formatReport(report) : undefined;

    let blocks = 0;
    eachNode(tree, (node, index, parent) => {
      if (node.type !== "leafDirective" && node.type !== "textDirective") return;
      if (node.name !== "estimate" && node.name !== "estimates") return;
      // The judgement is shared with `designpress check`.
      const problem = directiveProblem(node, { hasCapacity, report });
      if (problem) fail(file, problem, node.position, directiveRuleId);
      let replacement: Paragraph | Text;
      if (isMisused(node)) {
        const text: Text = { type: "text", value: mdastToString(node) };
        replacement =
          node.type === "leafDirective" ? { type: "paragraph", children: [text] } : text;
      } else {
        blocks += node.type === "leafDirective" ? 1 : 0;
        replacement =
          node.type === "leafDirective"
            ? estimatesBlock(report, matter.data.capacity, blocks)
            : estimateText(node, formatted, file);
      }
      parent.children.splice(index, 1, replacement as (typeof parent.children)[number]);
    });

    if (blocks === 0 && report) {
      // The check before it outlined the page (designpress's processor); alone, it outlines it itself.
      const outline = file.data.outline ?? outlineSteps(tree, matchStep);
      const capacityStep = outline.find((section) => section.step.id === "capacity");
      if (capacityStep) {
        tree.children.splice(
          capacityStep.index + 1,
          0,
          estimatesBlock(report, matter.data.capacity, 1),
        );
        blocks = 1;
      }
    }
    if (report && blocks > 0) file.data.whatIf = true;
  };
};

export default remarkEstimates;

/**
 * Each node under `parent` in document order, with its place; a node replaced
 * there still has its own children walked (as `unist-util-visit` does), and
 * the node put in its place is not walked. A loop of its own, as the rehype
 * walks are (`walkContent`): `visit` names a function for every node it
 * enters, on every page of every build.
 */
function eachNode(
  parent: Parent,
  enter: (node: RootContent, index: number, parent: Parent) => void,
): void {
  for (let index = 0; index < parent.children.length; index++) {
    const node = parent.children[index] as RootContent;
    enter(node, index, parent);
    if ("children" in node) eachNode(node, enter);
  }
}

/** The figure a key names: `reads_per_second` (the total) or `media.reads_per_second`. */
function findFigure(formatted: FormattedReport, name: string): FormattedFigure | undefined {
  const dot = name.lastIndexOf(".");
  const key = name.slice(dot + 1);
  if (!isFigureKey(key)) return undefined;
  if (dot === -1) return formatted.total.find((figure) => figure.key === key);
  const workload = formatted.workloads.find((entry) => entry.name === name.slice(0, dot));
  return workload?.figures.find((figure) => figure.key === key);
}

function estimateText(
  node: TextDirective,
  formatted: FormattedReport | undefined,
  file: VFile,
): Text {
  const name = mdastToString(node).trim();
  // An unknown name was reported with the other directive problems.
  const figure = formatted ? findFigure(formatted, name) : undefined;
  // A text node keeps the figure readable to anything that reads the tree as text.
  if (!figure) {
    return {
      type: "text",
      value: name,
      data: { hName: "span", hProperties: { className: ["estimate"] } },
    };
  }
  // The derivation shows on hover, keyboard focus and tap (focusable, CSS only),
  // and is the figure's description for screen readers.
  const id = `estimate-derivation-${nextCitation(file)}`;
  return {
    type: "text",
    value: figure.value,
    data: {
      hName: "span",
      hProperties: { className: ["estimate"], tabIndex: 0, ariaDescribedBy: [id] },
      hChildren: [
        { type: "text", value: figure.value },
        h("span.estimate-derivation", { id, role: "tooltip" }, figure.derivation),
      ],
    },
  };
}

const citations = new WeakMap<VFile, number>();

/** 1, 2, 3… per page: the derivations' ids. */
function nextCitation(file: VFile): number {
  const count = (citations.get(file) ?? 0) + 1;
  citations.set(file, count);
  return count;
}

/**
 * The table, the what-if and the charts, as a paragraph whose `hChildren` replace
 * its HTML. Its text children hold the same figures, so checks that read step 3 as
 * text see them.
 */
function estimatesBlock(
  report: CapacityReport | undefined,
  capacity: unknown,
  occurrence: number,
): Paragraph {
  if (!report) {
    return {
      type: "paragraph",
      children: [],
      data: { hName: "div", hProperties: { className: ["estimates"] }, hChildren: [] },
    };
  }
  const suffix = occurrence === 1 ? "" : `-${occurrence}`;
  const { sections, charts } = estimatesView(report, suffix);
  const lines = sections.flatMap((section) =>
    section.figures.map(
      (figure) =>
        `${section.name ? `${section.name} ` : ""}${figure.label}: ${figure.value} (${figure.derivation})`,
    ),
  );
  return {
    type: "paragraph",
    children: [{ type: "text", value: lines.join("\n") }],
    data: {
      hName: "div",
      hProperties: { className: ["estimates"] },
      hChildren: [
        estimatesTable(sections),
        whatIfForm(capacity as Record<string, unknown>, suffix),
        ...charts.map((chart) => markupToHast(chart)),
      ] as ElementContent[],
    },
  };
}

function estimatesTable(sections: FigureSection[]): Element {
  return h("table", { className: ["estimates-table"] }, [
    h("caption", "Capacity estimates"),
    h("thead", [
      h("tr", [
        h("th", { scope: "col" }, "Estimate"),
        h("th", { scope: "col" }, "Figure"),
        h("th", { scope: "col" }, "Derivation"),
      ]),
    ]),
    ...sections.map((section) =>
      h("tbody", [
        ...(section.name
          ? [h("tr", [h("th", { scope: "rowgroup", colSpan: 3 }, section.name)])]
          : []),
        ...section.figures.map((figure) =>
          h("tr", { dataKey: figure.key }, [
            h("th", { scope: "row" }, figure.label),
            h("td", { className: ["estimates-figure"], dataLabel: "Figure" }, figure.value),
            h(
              "td",
              { className: ["estimates-derivation"], dataLabel: "Derivation" },
              figure.derivation,
            ),
          ]),
        ),
      ]),
    ),
  ]);
}
