import { collectMermaid, createMermaidRenderer, inlineMermaidBlocks } from "../../mermaid/index.js";
import { mergeConfig } from "../../mermaid/mermaid-package.js";
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
    const { cacheDir, timeout, light, dark } = config.mermaid;
    const renderer = createMermaidRenderer({
      root,
      cacheDir,
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
    });
    try {
      const report = await untilAborted(renderer.renderAll(requests), options.signal, () =>
        renderer.close(),
      );
      for (const { file, blocks } of pagesWithBlocks) {
        inlineMermaidBlocks(blocks, file, report.results);
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
