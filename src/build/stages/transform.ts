import path from "node:path";
import { setImmediate as yieldToOthers } from "node:timers/promises";
import type { Root as HastRoot } from "hast";
import type { VFile } from "vfile";
import { createPageProcessor } from "../../pipeline/processor.js";
import { configKey, designpressVersion } from "../cache/keys.js";
import { buildCacheDir, PageStore } from "../cache/store.js";
import { type BuildContext, ready, type Stage } from "../context.js";

/** Pages transformed between two turns of the event loop. */
const pagesBetweenYields = 16;

/**
 * Every readable page through the page processor (Markdown → hast with every
 * page plugin applied), but those the build cache holds: a page whose source,
 * path, config and designpress are unchanged is taken from the cache.
 */
export const transformStage: Stage = {
  name: "transform",
  async run(context: BuildContext) {
    const { root, config, read, files, options, result } = ready(
      context,
      "config",
      "read",
      "files",
    );
    // In this thread: on two cores a second transform thread gained little (1.25×,
    // measured), as V8's garbage collector already works on the other core.
    const processor = createPageProcessor(config, read.extensions);
    const dir =
      options.cacheDir === false
        ? undefined
        : path.resolve(root, options.cacheDir ?? buildCacheDir);
    const useCache = dir !== undefined || options.cache !== undefined;
    const { store, warning } = useCache
      ? await PageStore.open(root, dir, options.cache)
      : { store: undefined };
    if (warning) result.warnings.push(warning);
    const version = options.cacheVersion ?? (await designpressVersion());
    const pageConfig = configKey(config, read);
    const trees = new Map<VFile, HastRoot>();
    // Only a build that may carry over the last one's pages keys their content.
    const contentKeys = context.siteCacheDir !== undefined ? new Map<VFile, string>() : undefined;
    const pages = files
      .filter(
        (file) =>
          !file.messages.some((message) => message.fatal && message.ruleId === "content/read"),
      )
      .map((file) => {
        const relative = projectPath(root, file);
        const key = PageStore.key(version, pageConfig, relative, file.data.source ?? "");
        return { file, relative, key };
      });
    store?.readAhead(pages.map(({ key }) => key));
    for (const [position, { file, relative, key }] of pages.entries()) {
      // Page plugins resolve without I/O: a stop (Ctrl-C) is heard only when the event loop turns.
      if (position % pagesBetweenYields === pagesBetweenYields - 1) await yieldToOthers();
      options.signal?.throwIfAborted();
      contentKeys?.set(file, key);
      const cached = await store?.take(key, file);
      if (cached) {
        trees.set(file, cached);
        continue;
      }
      const tree = await processor.run(processor.parse(file), file);
      trees.set(file, tree);
      store?.keep(key, tree, file, relative);
    }
    context.trees = trees;
    context.contentKeys = contentKeys;
    if (store) {
      const failure = await store.finish();
      if (failure) result.warnings.push(failure);
      else await store.prune();
      result.cache = store.stats;
    }
  },
};

/** A file's path in the project, with `/`: a page's slug and links depend on it. */
export function projectPath(root: string, file: VFile): string {
  return path.relative(root, path.resolve(file.cwd, file.path)).split(path.sep).join("/");
}
