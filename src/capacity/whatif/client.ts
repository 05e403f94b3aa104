/**
 * The what-if in the reader's browser: shows the form under each estimates
 * table and, on every change, estimates the edited `capacity:` block again with
 * the build's own modules (bundled into one script at compile time) and redraws
 * the table's figures and the charts. "Reset" returns to the writeup's values.
 * Without this script the form stays hidden and the page is the build's.
 */
import type { Markup } from "../markup.js";
import { type EstimatesView, recompute, whatIfId } from "./recompute.js";

export { recompute } from "./recompute.js";

const svgNamespace = "http://www.w3.org/2000/svg";

function toDom(node: Markup, document: Document, inSvg = false): Element {
  const svg = inSvg || node.tag === "svg";
  const element = svg
    ? document.createElementNS(svgNamespace, node.tag)
    : document.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attributes)) {
    if (name !== "xmlns") element.setAttribute(name, String(value));
  }
  for (const child of node.children) {
    element.append(typeof child === "string" ? child : toDom(child, document, svg));
  }
  return element;
}

function setText(row: Element, selector: string, text: string): void {
  const cell = row.querySelector(selector);
  if (cell && cell.textContent !== text) cell.textContent = text;
}

/** The block's table cells and charts, as the view has them. */
function show(block: Element, view: EstimatesView): void {
  const bodies = block.querySelectorAll(".estimates-table tbody");
  view.sections.forEach((section, index) => {
    const rows = bodies[index]?.querySelectorAll("tr[data-key]") ?? [];
    section.figures.forEach((figure, row) => {
      const cells = rows[row];
      if (!cells) return;
      setText(cells, "th", figure.label);
      setText(cells, ".estimates-figure", figure.value);
      setText(cells, ".estimates-derivation", figure.derivation);
    });
  });
  for (const chart of Array.from(block.querySelectorAll("figure.estimates-chart"))) chart.remove();
  block.append(...view.charts.map((chart) => toDom(chart, block.ownerDocument)));
}

function start(form: HTMLFormElement): void {
  const block = form.closest(".estimates");
  let capacity: unknown;
  try {
    capacity = JSON.parse(form.dataset.capacity ?? "");
  } catch {
    return;
  }
  if (!block) return;
  const suffix = form.id.slice(whatIfId.length);
  const inputs = Array.from(form.querySelectorAll("input"));
  const status = form.querySelector(".estimates-whatif-status");
  const say = (text: string) => {
    if (status) status.textContent = text;
  };

  const update = (edits: Record<string, string>) => {
    const outcome = recompute(capacity, edits, suffix);
    for (const input of inputs) input.removeAttribute("aria-invalid");
    if (!outcome.ok) {
      const lines = outcome.problems.map((problem) => {
        const input = inputs.find((candidate) => candidate.name === problem.name);
        input?.setAttribute("aria-invalid", "true");
        const label = input?.labels?.[0]?.textContent;
        return label ? `${label}: ${problem.reason}` : problem.reason;
      });
      say(`Not worked out: ${lines.join(" ")}`);
      return;
    }
    show(block, outcome.view);
    say(
      Object.keys(edits).length === 0
        ? ""
        : "Showing your what-if: the table and charts use your values.",
    );
  };

  const edited = () => {
    const edits: Record<string, string> = {};
    for (const input of inputs) {
      if (input.value !== input.defaultValue) edits[input.name] = input.value;
    }
    update(edits);
  };
  form.addEventListener("input", edited);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    edited();
  });
  // After a reset the fields hold the writeup's values again: so does the view.
  form.addEventListener("reset", () => update({}));
  form.hidden = false;
}

if (typeof document !== "undefined") {
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>(`form.${whatIfId}`))) {
    start(form);
  }
}
