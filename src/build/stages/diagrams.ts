import { collectMermaid, createMermaidRenderer, inlineMermaidBlocks } from "../../mermaid/index.js";
import { reportSyntaxErrors } from "../../structure/mermaid-syntax.js";
import { diagramVariants } from "../../theme/diagram-colours.js";
import { type BuildContext, BuildError, ready, type Stage } from "../context.js";

/**
 * Every diagram of the site in one batch, one browser; after the links, so the
 * links inside diagrams are not taken for the page's own.
 */
export const diagramsStage: Stage = {
  name: "diagrams",
  async run(context: BuildContext) {
    const { root, config, trees, options, result } = ready(context, "config", "trees");
    // A page whose source never says "mermaid" has no diagram: no need to walk it.
    const pagesWithBlocks = [...trees]
      .filter(([file]) => String(file.value).includes("mermaid"))
      .map(([file, tree]) => ({ file, blocks: collectMermaid(tree) }));
    const requests = pagesWithBlocks.flatMap(({ file, blocks }) =>
      blocks.map((block) => ({
        source: block.source,
        file: file.path,
        line: block.position?.start.line,
      })),
    );
    const renderer = createMermaidRenderer({
      root,
      cacheDir: config.mermaid.cacheDir,
      requireBrowser: options.requireBrowser,
      onProgress: options.onDiagramProgress,
      variants: diagramVariants,
    });
    try {
      const report = await untilAborted(renderer.renderAll(requests), options.signal, () =>
        renderer.close(),
      );
      // A diagram mermaid rejects for its syntax is reported where check reports it.
      const syntax = await reportSyntaxErrors(pagesWithBlocks, report.results);
      for (const { file, blocks } of pagesWithBlocks) {
        inlineMermaidBlocks(
          blocks.filter((block) => !syntax.has(block)),
          file,
          report.results,
        );
      }
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

/**
 * `work`, or the signal's reason as soon as it is aborted (after `stop`, which
 * makes the work give up: closing the browser ends its renders).
 */
async function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  stop: () => Promise<void>,
): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      void stop().finally(() => reject(signal.reason));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
  // The work's own rejection after an abort is expected: nobody waits for it.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}
