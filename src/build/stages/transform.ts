import type { Root as HastRoot } from "hast";
import type { VFile } from "vfile";
import { createPageProcessor } from "../../pipeline/processor.js";
import { type BuildContext, ready, type Stage } from "../context.js";
import { applyOutcome, pageKey, serialiseOutcome } from "../page-cache.js";

/**
 * Every readable page through the page processor (Markdown → hast with every
 * page plugin applied); with the dev cache, only the pages that changed.
 */
export const transformStage: Stage = {
  name: "transform",
  async run(context: BuildContext) {
    const { config, read, files, options } = ready(context, "config", "read", "files");
    // In this thread: on two cores a second transform thread gained little (1.25×,
    // measured), as V8's garbage collector already works on the other core.
    const processor = createPageProcessor(config, read.extensions);
    // A config module's plugins and rules are code: its text's hash stands for them.
    const configKey = options.cache ? JSON.stringify([config, read.module?.hash]) : "";
    const trees = new Map<VFile, HastRoot>();
    for (const file of files) {
      options.signal?.throwIfAborted();
      if (file.messages.some((message) => message.fatal && message.ruleId === "content/read"))
        continue;
      const transform = async () => processor.run(processor.parse(file), file);
      if (!options.cache) {
        trees.set(file, await transform());
        continue;
      }
      const key = pageKey(configKey, file);
      const cached = options.cache.pages.get(file.path);
      // Later stages change the tree and data in place: the cache keeps its own copy.
      if (cached?.key === key) {
        trees.set(file, applyOutcome(file, structuredClone(cached.outcome)));
        continue;
      }
      const tree = await transform();
      trees.set(file, tree);
      options.cache.pages.set(file.path, {
        key,
        outcome: structuredClone(serialiseOutcome(tree, file)),
      });
    }
    context.trees = trees;
  },
};
