import path from "node:path";
import type { VFile } from "vfile";
import type { PageTree } from "../../theme/page-tree.js";
import { prepareWriteup, readWriteupSource } from "../../writeup/read.js";
import { buildCacheDir } from "../cache/folder.js";
import { configKey, designpressVersion } from "../cache/keys.js";
import { PageStore } from "../cache/store.js";
import { type BuildContext, type ReadPage, ready, type Stage } from "../context.js";
import { turn } from "../transform-threads.js";

/**
 * Read every source. A page the build cache holds (its source, path, config
 * and designpress unchanged) is taken from it as the transform left it: its
 * front matter's fields, its messages and its tree. The others' front matter
 * is parsed here, their slug and title set, for the transform stage. A
 * rebuild after one edit parses one file's YAML, not every file's.
 */
export const readStage: Stage = {
  name: "read",
  async run(context: BuildContext) {
    const { root, contentDir, config, read, sources, options, result } = ready(
      context,
      "config",
      "read",
      "sources",
    );
    const files = await Promise.all(sources.map((source) => readWriteupSource(source, root)));
    context.files = files;
    result.files.push(...files);

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
    // Only a build that may carry over the last one's pages, or that remembers
    // renders (dev), keys their content.
    const contentKeys =
      context.siteCacheDir !== undefined || options.renderMemory !== undefined
        ? new Map<VFile, string>()
        : undefined;
    const jobs = files
      .filter(
        (file) =>
          !file.messages.some((message) => message.fatal && message.ruleId === "content/read"),
      )
      .map((file) => {
        const relative = projectPath(root, file);
        const key = PageStore.key(version, pageConfig, relative, file.data.source ?? "");
        return { file, relative, key };
      });
    const taken = new Map<VFile, PageTree>();
    const missed: ReadPage[] = [];
    const extraFields = config.check.frontMatter?.extraFields;
    for (const [position, job] of jobs.entries()) {
      await turn(position, options.signal);
      contentKeys?.set(job.file, job.key);
      const cached = await store?.take(job.key, job.file);
      if (cached) {
        taken.set(job.file, cached);
        continue;
      }
      const { file } = job;
      if (file.data.source !== undefined)
        prepareWriteup(file, file.data.source, contentDir, { extraFields });
      missed.push(job);
    }
    context.pages = { jobs, taken, missed, store };
    context.contentKeys = contentKeys;
  },
};

/** A file's path in the project, with `/`: a page's slug and links depend on it. */
function projectPath(root: string, file: VFile): string {
  return path.relative(root, path.resolve(file.cwd, file.path)).split(path.sep).join("/");
}
