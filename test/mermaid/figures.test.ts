// dev's memory of diagram figures: a remembered figure is the figure made afresh.
import type { Element } from "hast";
import { describe, expect, it } from "vitest";
import type { MermaidBlock } from "../../src/mermaid/collect.js";
import { createDiagramMemory, rememberFigures } from "../../src/mermaid/figures.js";
import { diagramFigure } from "../../src/mermaid/rehype-mermaid.js";
import type { DiagramResult } from "../../src/mermaid/renderer.js";

const svg = (fill: string) =>
  `<svg id="mermaid-7" viewBox="0 0 120 40" style="max-width: 120px;"><style>#mermaid-7 .node{fill:${fill}}</style><g id="n1" class="node"><rect width="50" height="20"/></g><use href="#n1"/></svg>`;

const result: Extract<DiagramResult, { status: "rendered" }> = {
  status: "rendered",
  key: "a".repeat(64),
  source: "flowchart LR\n  A --> B",
  svg: { light: svg("#fff"), dark: svg("#000") },
  fromCache: false,
};

function block(line: number): MermaidBlock {
  const position = { start: { line, column: 1 }, end: { line: line + 3, column: 4 } };
  const node: Element = { type: "element", tagName: "pre", properties: {}, children: [], position };
  return { node, source: result.source, position, index: 1, heading: "High-level design" };
}

describe("rememberFigures", () => {
  it("hands out the figure diagramFigure makes, with the same ids taken, at the block's place", () => {
    const memory = createDiagramMemory();
    const fresh = new Set(["overview"]);
    const expected = diagramFigure(result, block(12), "diagram", fresh);
    for (const line of [12, 40]) {
      const taken = new Set(["overview"]);
      const { makeFigure } = rememberFigures(memory);
      const figure = makeFigure(result, block(line), "diagram", taken);
      expect(figure).toEqual({ ...expected, position: block(line).node.position });
      expect(taken).toEqual(fresh);
    }
    expect(memory.figures.size).toBe(1);
  });

  it("hands out a copy each time: a later stage may change the one it got", () => {
    const { makeFigure } = rememberFigures(createDiagramMemory());
    const first = makeFigure(result, block(1), "diagram", new Set());
    const second = makeFigure(result, block(1), "diagram", new Set());
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    first.children.length = 0;
    expect(makeFigure(result, block(1), "diagram", new Set()).children).not.toHaveLength(0);
  });

  it("makes another figure when the page has taken one of the names it would give", () => {
    const memory = createDiagramMemory();
    const { makeFigure } = rememberFigures(memory);
    makeFigure(result, block(1), "diagram", new Set());
    const taken = new Set(["diagram-1-light"]);
    const figure = makeFigure(result, block(1), "diagram", taken);
    expect(figure).toEqual(
      diagramFigure(result, block(1), "diagram", new Set(["diagram-1-light"])),
    );
    expect(memory.figures.size).toBe(2);
  });

  it("lets go of the figures and renderings neither this build nor the one before asked for", () => {
    const memory = createDiagramMemory();
    const second = { ...block(1), index: 2 };
    memory.renderings.set(result.key, { status: "rendered", svg: result.svg });
    const builds = [[block(1)], [second], [second]];
    const kept = builds.map((blocks, index) => {
      const build = rememberFigures(memory);
      for (const each of blocks) build.makeFigure(result, each, "diagram", new Set());
      // Only the first build asks for the rendering.
      build.forgetUnused(index === 0 ? [result.key] : []);
      return [memory.figures.size, memory.renderings.size];
    });
    // What the first build used outlives the second build, not the third.
    expect(kept).toEqual([
      [1, 1],
      [2, 1],
      [1, 0],
    ]);
  });
});
