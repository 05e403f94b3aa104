import { createHash } from "node:crypto";
import type { Element } from "hast";
import { copyTree } from "../core/copy-tree.js";
import { dropUnused } from "../core/drop-unused.js";
import type { CachedDiagram } from "./cache.js";
import type { MermaidBlock } from "./collect.js";
import { diagramFigure } from "./rehype-mermaid.js";

/** A figure made for a page, and the ids it took. */
interface RememberedFigure {
  figure: Element;
  ids: readonly string[];
}

/**
 * What `designpress dev` keeps of the diagrams from one build to the next:
 * each diagram's rendering by its cache key (so the cache folder is not read
 * again), and each figure made from one (so an unchanged page's diagrams are
 * not parsed, sanitized and serialized again).
 */
export interface DiagramMemory {
  renderings: Map<string, CachedDiagram>;
  figures: Map<string, RememberedFigure>;
  /** The keys of each map the last build used: kept one build more (an edit undone finds them). */
  lastUsed: { renderings: Set<string>; figures: Set<string> };
}

export function createDiagramMemory(): DiagramMemory {
  return {
    renderings: new Map(),
    figures: new Map(),
    lastUsed: { renderings: new Set(), figures: new Set() },
  };
}

/**
 * {@link diagramFigure}, remembered: a figure depends on nothing but the
 * rendering (its key), the block's number and heading, the id prefix and
 * which of the names it would give (`<prefix>-<number>-…`) the page has taken
 * before it, so a figure made from the same is the same, and is handed out as a copy (later stages may change it in place).
 * `forgetUnused`, at the end of the build, lets go of every rendering and
 * figure neither this build nor the one before asked for.
 */
export function rememberFigures(memory: DiagramMemory): {
  makeFigure: typeof diagramFigure;
  forgetUnused(renderingsUsed: Iterable<string>): void;
} {
  const { figures } = memory;
  const used = new Set<string>();
  const makeFigure: typeof diagramFigure = (
    result,
    block,
    idPrefix = "diagram",
    takenIds = new Set(),
  ) => {
    const key = figureKey(result.key, block, idPrefix, takenIds);
    used.add(key);
    let remembered = figures.get(key);
    if (!remembered) {
      const before = new Set(takenIds);
      const figure = diagramFigure(result, block, idPrefix, takenIds);
      const ids = [...takenIds].filter((id) => !before.has(id));
      remembered = { figure: copyTree({ ...figure, position: undefined }), ids };
      figures.set(key, remembered);
      return figure;
    }
    for (const id of remembered.ids) takenIds.add(id);
    return { ...copyTree(remembered.figure), position: block.node.position };
  };
  return {
    makeFigure,
    forgetUnused(renderingsUsed) {
      const renderings = new Set(renderingsUsed);
      dropUnused(memory.renderings, renderings, memory.lastUsed.renderings);
      dropUnused(figures, used, memory.lastUsed.figures);
      memory.lastUsed = { renderings, figures: used };
    },
  };
}

function figureKey(
  renderingKey: string,
  block: Pick<MermaidBlock, "index" | "heading">,
  idPrefix: string,
  takenIds: ReadonlySet<string>,
): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        renderingKey,
        block.index,
        block.heading ?? null,
        idPrefix,
        // The only ids a figure's names can meet: they all start so.
        [...takenIds].filter((id) => id.startsWith(`${idPrefix}-${block.index}-`)).sort(),
      ]),
    )
    .digest("hex");
}
