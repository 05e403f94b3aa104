import type { Element, ElementContent, Root } from "hast";
import { h } from "hastscript";
import { describe, expect, it } from "vitest";
import { pageFiles } from "./page-files.js";

/** A diagram's figure as the diagrams stage makes it: its files on `data`. */
function figure(index: number): Element {
  const element = h("figure.diagram", [h("div.diagram-scroll", [h("svg", [h("g")])])]);
  // As in rehype-mermaid: hast-util-from-parse5 declares `data.position` required.
  return Object.assign(element, {
    data: {
      diagramFiles: {
        [`diagram-${index}-light.svg`]: `<svg>${index} light</svg>\n`,
        [`diagram-${index}-dark.svg`]: `<svg>${index} dark</svg>\n`,
      },
    },
  });
}

describe("pageFiles", () => {
  it("finds each diagram's files wherever its figure is, in page order", () => {
    // The highlighter leaves a root inside each code block; a plugin may nest one anywhere.
    const nested = { type: "root", children: [figure(3)] } as unknown as ElementContent;
    const content: Root = {
      type: "root",
      children: [
        figure(1),
        h("pre", [
          h("code", [{ type: "root", children: [h("span", "x")] } as unknown as ElementContent]),
        ]),
        h("ul", [h("li", [h("p", "In a list:"), figure(2)])]),
        // Not through `h`, which would take the root's children in its place.
        { type: "element", tagName: "div", properties: {}, children: [nested] },
      ],
    };
    const page = { content } as Parameters<typeof pageFiles>[0];
    expect(pageFiles(page).map((file) => file.path)).toEqual([
      "diagram-1-light.svg",
      "diagram-1-dark.svg",
      "diagram-2-light.svg",
      "diagram-2-dark.svg",
      "diagram-3-light.svg",
      "diagram-3-dark.svg",
    ]);
    expect(pageFiles(page)[5]?.text).toBe("<svg>3 dark</svg>\n");
  });
});
