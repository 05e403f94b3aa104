import type { Element, Root } from "hast";
import { visit } from "unist-util-visit";
import "../mermaid/rehype-mermaid.js";
import type { PageModel } from "./model.js";

/**
 * The files a page links beside its `index.html` (each diagram on its own,
 * light and dark), by path relative to the page's folder.
 */
export function pageFiles(page: PageModel): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  visit(page.content as Root, "element", (element: Element) => {
    const diagramFiles = element.data?.diagramFiles;
    if (!diagramFiles) return;
    for (const [path, text] of Object.entries(diagramFiles)) files.push({ path, text });
    return "skip";
  });
  return files;
}
