import { createPageProcessor } from "../../pipeline/processor.js";
import { PageTree } from "../../theme/page-tree.js";
import { type BuildContext, keepHouse, ready, type Stage } from "../context.js";
import { rehearseTransform } from "../rehearsal.js";
import { defaultThreads, type TransformedPage, transformPages } from "../transform-threads.js";

/**
 * Every readable page the read stage did not take from the build cache
 * through the page processor (Markdown → hast with every page plugin
 * applied), shared out between threads when there are enough of them; each
 * kept in the cache as soon as it is made. With a cache kept in memory
 * (`dev`), a build that transformed nothing leaves it a rehearsal of the
 * processor, for the first edit (see {@link rehearseTransform}).
 */
export const transformStage: Stage = {
  name: "transform",
  async run(context: BuildContext) {
    const { root, config, read, pages, options, result } = ready(
      context,
      "config",
      "read",
      "pages",
    );
    const { jobs, taken, missed, store } = pages;
    if (options.cache) {
      options.cache.rehearse =
        missed.length === 0 ? () => rehearseTransform(jobs, config, context.contentDir) : undefined;
    }
    const transformed =
      missed.length === 0
        ? []
        : await transformPages(missed, createPageProcessor(config, read.extensions), {
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
    const made = new Map(
      missed.map(({ file }, position) => [
        file,
        PageTree.of((transformed[position] as TransformedPage).tree),
      ]),
    );
    // In the files' order, whichever came from the cache.
    context.trees = new Map(
      jobs.map(({ file }) => [file, (taken.get(file) ?? made.get(file)) as PageTree]),
    );
    if (store) {
      const failure = await store.finish();
      if (failure) result.warnings.push(failure);
      // Its unused entries listed and the old ones removed while the build goes on
      // (0.1–0.4 s of a rebuild after one edit, for a day after designpress changed).
      else keepHouse(context, store.prune());
      result.cache = store.stats;
    }
  },
};
