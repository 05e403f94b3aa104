import { createRequire } from "node:module";
import type { Page } from "puppeteer";

/**
 * Measurements of a page as a reader meets it, taken in the real browser:
 * axe-core's violations, the size diagram labels are drawn at, and whether
 * the page scrolls sideways.
 */

const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export type ColourScheme = "light" | "dark";

/**
 * Show `page` in `scheme` the two ways a reader gets it: by the system
 * preference (`media`), or by the header switch's `data-theme` on `<html>`
 * with the system preference the other way round (`toggle`).
 */
export async function applyScheme(
  page: Page,
  scheme: ColourScheme,
  how: "media" | "toggle",
): Promise<void> {
  const other = scheme === "light" ? "dark" : "light";
  await page.emulateMediaFeatures([
    { name: "prefers-color-scheme", value: how === "media" ? scheme : other },
  ]);
  await page.evaluate(
    (chosen) => {
      if (chosen) document.documentElement.dataset.theme = chosen;
      else delete document.documentElement.dataset.theme;
    },
    how === "toggle" ? scheme : "",
  );
}

export interface AxeViolation {
  id: string;
  impact: string;
  nodes: number;
  /** The first few offending elements, with axe's explanation. */
  examples: string[];
}

/** axe-core's violations on the page as it is shown now (all WCAG 2.x A/AA rules and best practices). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.addScriptTag({ path: axeSource });
  return page.evaluate(async () => {
    type Result = {
      id: string;
      impact: string;
      nodes: { target: string[]; failureSummary: string }[];
    };
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const results = (await axe.run(document, { resultTypes: ["violations"] })) as {
      violations: Result[];
    };
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.length,
      examples: violation.nodes
        .slice(0, 3)
        .map((node) => `${node.target.join(" ")}: ${node.failureSummary.replace(/\s+/g, " ")}`),
    }));
  });
}

/**
 * axe-core's serious and critical violations on the page in each colour
 * scheme, by preference and by the switch, as lines for a failure message
 * starting with `where`.
 */
export async function seriousViolationsInEachScheme(page: Page, where: string): Promise<string[]> {
  const failures: string[] = [];
  for (const scheme of ["light", "dark"] as ColourScheme[]) {
    for (const how of ["media", "toggle"] as const) {
      await applyScheme(page, scheme, how);
      for (const violation of await axeViolations(page)) {
        if (violation.impact !== "serious" && violation.impact !== "critical") continue;
        failures.push(
          `${where} ${scheme} (${how}): ${violation.id} ×${violation.nodes}\n  ${violation.examples.join("\n  ")}`,
        );
      }
    }
  }
  return failures;
}

export interface DiagramMeasure {
  /** The diagram's accessible name. */
  name: string;
  /** Median on-screen font size of its labels, in CSS px. */
  medianLabelPx: number;
  labels: number;
  /** Its box scrolls sideways (the diagram is wider than the column). */
  scrolls: boolean;
  /** Drawn at mermaid's own width (not scaled down to the column). */
  naturalSize: boolean;
}

/**
 * Every shown diagram (`figure.diagram svg` that is displayed): the on-screen
 * size of its labels (font size × the SVG's scale on screen, for SVG text and
 * for HTML labels in `<foreignObject>`), and whether its box scrolls at
 * natural size.
 */
export async function measureDiagrams(page: Page): Promise<DiagramMeasure[]> {
  // tsx and vitest compile with esbuild's keepNames, which wraps inner functions
  // in a `__name` helper that the page does not have.
  await page.evaluate("globalThis.__name ??= (target) => target");
  return page.evaluate(() => {
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      if (sorted.length === 0) return 0;
      return sorted.length % 2
        ? (sorted[middle] ?? 0)
        : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
    };
    const scaleOf = (element: Element) => {
      const graphic = (
        element instanceof SVGGraphicsElement ? element : element.closest("foreignObject")
      ) as SVGGraphicsElement | null;
      const matrix = graphic?.getScreenCTM();
      return matrix ? Math.sqrt(Math.abs(matrix.a * matrix.d - matrix.b * matrix.c)) : 1;
    };
    const shown = Array.from(document.querySelectorAll<SVGSVGElement>("figure.diagram svg")).filter(
      (svg) => svg.parentElement?.closest("svg") === null && svg.getClientRects().length > 0,
    );
    return shown.map((svg) => {
      const sizes: number[] = [];
      const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !node.textContent?.trim()) continue;
        if (parent.closest("style, title, desc")) continue;
        if (parent.getClientRects().length === 0) continue;
        const fontSize = Number.parseFloat(getComputedStyle(parent).fontSize);
        sizes.push(fontSize * scaleOf(parent));
      }
      const box = svg.closest(".diagram-scroll") ?? svg.parentElement;
      const viewBox = svg.viewBox.baseVal;
      const natural =
        viewBox && viewBox.width > 0 ? viewBox.width : svg.getBoundingClientRect().width;
      const drawn = svg.getBoundingClientRect().width;
      return {
        name: svg.getAttribute("aria-label") ?? svg.querySelector("title")?.textContent ?? svg.id,
        medianLabelPx: Math.round(median(sizes) * 10) / 10,
        labels: sizes.length,
        scrolls: box ? box.scrollWidth > box.clientWidth + 1 : false,
        naturalSize: Math.abs(drawn - natural) <= 1.5,
      };
    });
  });
}

/** How far the page scrolls sideways (0 when it fits the viewport), and the widest culprits. */
export async function sidewaysOverflow(
  page: Page,
): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow = Math.max(0, document.documentElement.scrollWidth - width);
    const culprits: string[] = [];
    if (overflow > 0) {
      for (const element of Array.from(document.body.querySelectorAll("*"))) {
        const rect = element.getBoundingClientRect();
        if (rect.right > width + 1 && culprits.length < 5) {
          culprits.push(
            `${element.tagName.toLowerCase()}.${element.className} right=${Math.round(rect.right)}`,
          );
        }
      }
    }
    return { overflow, culprits };
  });
}
