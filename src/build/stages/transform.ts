import path from "node:path";
import type { VFile } from "vfile";
import { createPageProcessor } from "../../pipeline/processor.js";
import { PageTree } from "../../theme/page-tree.js";
import { configKey, designpressVersion } from "../cache/keys.js";
import { buildCacheDir, PageStore } from "../cache/store.js";
import { type BuildContext, ready, type Stage } from "../context.js";
import {
  defaultThreads,
  type TransformedPage,
  transformPages,
  turn,
} from "../transform-threads.js";

/**
 * Every readable page through the page processor (Markdown → hast with every
 * page plugin applied), but those the build cache holds: a page whose source,
 * path, config and designpress are unchanged is taken from the cache. The
 * others are shared out between threads when there are enough of them.
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
    const made = new Map<VFile, PageTree>();
    const missed: typeof pages = [];
    for (const [position, page] of pages.entries()) {
      await turn(position, options.signal);
      contentKeys?.set(page.file, page.key);
      const cached = await store?.take(page.key, page.file);
      if (cached) made.set(page.file, cached);
      else missed.push(page);
    }
    const transformed = await transformPages(missed, processor, {
      threads: options.threads ?? defaultThreads,
      setup: {
        root,
        contentDir: context.contentDir,
        config,
        module: read.module,
        extraFields: config.check.frontMatter?.extraFields,
      },
      signal: options.signal,
      // Kept as soon as made: the entries are written while the other pages are transformed.
      onMade: ({ file, key, relative }, { tree, encoded }) => {
        if (encoded === undefined) store?.keep(key, tree, file, relative);
        else store?.keepEncoded(key, encoded, file, relative);
      },
    });
    for (const [position, { file }] of missed.entries())
      made.set(file, PageTree.of((transformed[position] as TransformedPage).tree));
    // In the files' order, whichever came from the cache.
    const trees = new Map(pages.map(({ file }) => [file, made.get(file) as PageTree]));
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
