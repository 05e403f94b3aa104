import type { Element, Root } from "hast";
import "../mermaid/rehype-mermaid.js";
import type { PageModel } from "./model.js";

/** Elements that cannot hold a diagram's figure: code blocks and diagrams. */
const skipped: ReadonlySet<string> = new Set(["pre", "svg"]);

/**
 * The files a page links beside its `index.html` (each diagram on its own,
 * light and dark), by path relative to the page's folder.
 */
export function pageFiles(page: PageModel): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  // It runs for every page of every build (the pages' claims): code blocks (a
  // node per highlighted token) and diagrams, which hold no figure, are not
  // walked. Walking every element took 3 ms a page of the demo, this 0.04 ms.
  const walk = (parent: Root | Element) => {
    for (const child of parent.children) {
      if (!("children" in child)) continue;
      const diagramFiles = child.type === "element" ? child.data?.diagramFiles : undefined;
      if (diagramFiles) {
        for (const [path, text] of Object.entries(diagramFiles)) files.push({ path, text });
      } else if (!(child.type === "element" && skipped.has(child.tagName))) walk(child);
    }
  };
  walk(page.content);
  return files;
}
