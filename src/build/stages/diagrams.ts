import path from "node:path";
import { defaultCacheDir, pruneDiagramCache } from "../../mermaid/cache.js";
import { rememberFigures } from "../../mermaid/figures.js";
import { collectMermaid, createMermaidRenderer, inlineMermaidBlocks } from "../../mermaid/index.js";
import { colourVariants, mergeConfig } from "../../mermaid/mermaid-package.js";
import type { DiagramResult } from "../../mermaid/renderer.js";
import { reportSyntaxErrors } from "../../structure/mermaid-syntax.js";
import { diagramVariants } from "../../theme/diagram-colours.js";
import { hash } from "../cache/keys.js";
import { extendContentKey } from "../cache/rendered.js";
import { type BuildContext, BuildError, ready, type Stage } from "../context.js";

/** What a diagram's block became: the SVG of each scheme, the failure, or left to the reader's browser. */
function outcomeKey(result: DiagramResult | undefined): string {
  if (!result) return "client";
  return result.status === "rendered"
    ? // The SVGs as they are: serialized, they would be copied with every quote escaped.
      hash("rendered", ...colourVariants.map((variant) => result.svg[variant]))
    : hash("failed", result.kind, result.message);
}

/**
 * Every diagram of the site in one batch, one browser; after the links, so the
 * links inside diagrams are not taken for the page's own.
 */
export const diagramsStage: Stage = {
  name: "diagrams",
  async run(context: BuildContext) {
    const { root, config, trees, options, result, browser } = ready(context, "config", "trees");
    // A page whose source never says "mermaid" has no diagram: no need to walk it.
    const pagesWithBlocks = [...trees]
      .filter(([file]) => String(file.value).includes("mermaid"))
      .map(([file, page]) => ({ file, blocks: collectMermaid(page.tree) }));
    const requests = pagesWithBlocks.flatMap(({ file, blocks }) =>
      blocks.map((block) => ({
        source: block.source,
        file: file.path,
        line: block.position?.start.line,
      })),
    );
    const { cacheDir, timeout, light, dark } = config.mermaid;
    // dev keeps the renderings and the figures made from them between builds.
    const memory = options.diagramMemory;
    const figures = memory && rememberFigures(memory);
    const renderer = createMermaidRenderer({
      root,
      cacheDir,
      memory: memory?.renderings,
      timeoutMs: timeout,
      config: config.mermaid.config,
      requireBrowser: options.requireBrowser,
      onProgress: options.onDiagramProgress,
      // The theme's colours for mermaid, then the site's own settings per scheme.
      variants: {
        light: mergeConfig(diagramVariants.light, light ?? {}),
        dark: mergeConfig(diagramVariants.dark, dark ?? {}),
      },
      signal: options.signal,
      // The build's browser: the social cards may use it after the diagrams.
      browser,
    });
    try {
      // The renderer stops at once on the build's signal (and does not relaunch).
      const report = await renderer.renderAll(requests);
      // A diagram mermaid rejects for its syntax is reported where check reports it.
      const syntax = await reportSyntaxErrors(pagesWithBlocks, report.results);
      for (const { file, blocks } of pagesWithBlocks) {
        inlineMermaidBlocks(
          blocks.filter((block) => !syntax.has(block)),
          file,
          report.results,
          undefined,
          figures?.makeFigure,
        );
        extendContentKey(
          context.contentKeys,
          file,
          ...blocks.map((block) =>
            syntax.has(block) ? "syntax" : outcomeKey(report.results.get(block.source)),
          ),
        );
      }
      const keys = [...report.results.values()].map((diagram) => diagram.key);
      // What this build and the one before used is kept: older renderings are let go.
      figures?.forgetUnused(keys);
      // dev, which rebuilds at every save, leaves the folder to the next `build`.
      if (!memory)
        await pruneDiagramCache(root, path.resolve(root, cacheDir ?? defaultCacheDir), keys);
      result.diagrams = { ...renderer.stats, warnings: report.warnings };
    } catch (error) {
      // The browser is the environment's: whatever stops it stops the build with its message.
      if (options.signal?.aborted) throw error;
      throw new BuildError((error as Error).message, { cause: error });
    } finally {
      await renderer.close();
    }
  },
};
