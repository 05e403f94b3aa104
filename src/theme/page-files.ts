import "../mermaid/rehype-mermaid.js";
import { walkContent } from "../core/walk.js";
import type { PageModel } from "./model.js";
import { parsedContent } from "./page-tree.js";

/** Elements that cannot hold a diagram's figure: code blocks and diagrams. */
const skipped: ReadonlySet<string> = new Set(["pre", "svg"]);

/**
 * The files a page links beside its `index.html` (each diagram on its own,
 * light and dark), by path relative to the page's folder.
 */
export function pageFiles(page: PageModel): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  // A tree left unparsed holds no diagram: the diagrams stage parses every page with one.
  const content = parsedContent(page);
  if (!content) return files;
  walkContent(content, skipped, (node) => {
    const diagramFiles = node.type === "element" ? node.data?.diagramFiles : undefined;
    if (!diagramFiles) return;
    for (const [path, text] of Object.entries(diagramFiles)) files.push({ path, text });
    return false;
  });
  return files;
}
