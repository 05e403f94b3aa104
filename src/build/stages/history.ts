import { realpath } from "node:fs/promises";
import path from "node:path";
import type { VFile } from "vfile";
import { readHistory } from "../../history/git.js";
import { type BuildContext, ready, type Stage } from "../context.js";

declare module "vfile" {
  interface DataMap {
    /** When the file last changed: its last commit's date (ISO 8601), when committed as it is. */
    lastUpdated: string;
    /** Its path in the repository (or the project, outside git), `/`-separated, for "Edit this page". */
    repositoryPath: string;
  }
}

/**
 * Each writeup's place in its repository and, from git, the date of its last
 * commit: one `git log` for the whole content folder. Outside a git
 * repository, or without git, there are no dates; a file changed since its
 * last commit has none either (its commit date would be wrong). Runs after
 * the transform, whose cached pages (in `designpress dev`) carry old data.
 */
export const historyStage: Stage = {
  name: "history",
  async run(context: BuildContext) {
    const { config, contentDir, root, trees, options, result } = ready(context, "config", "trees");
    if (!config.lastUpdated && !config.repo) return;
    // The unchanged stage may have read it already, to key the site by it.
    const history = context.history ?? (await readHistory(contentDir, options.signal));
    const top = history?.top ?? (await realpath(root));
    const dated = config.lastUpdated && history !== undefined && !history.shallow;
    if (config.lastUpdated && history?.shallow) {
      result.warnings.push(
        "Expected the whole git history for the writeups' “last updated” dates, found a shallow clone; no dates are shown — fetch the whole history (`fetch-depth: 0` for actions/checkout) or set `lastUpdated: false`",
      );
    }
    await Promise.all(
      [...trees.keys()].map(async (file: VFile) => {
        // Set afresh each build: `designpress dev` keeps pages' data between builds.
        delete file.data.lastUpdated;
        delete file.data.repositoryPath;
        if (!file.data.slug) return;
        const real = await realpath(path.resolve(file.cwd, file.path)).catch(() => undefined);
        if (real === undefined) return;
        const inRepository = path.relative(top, real).split(path.sep).join("/");
        if (inRepository.startsWith("../")) return;
        file.data.repositoryPath = inRepository;
        const date = history?.lastChanged.get(inRepository);
        if (dated && date && !history.uncommitted.has(inRepository)) file.data.lastUpdated = date;
      }),
    );
  },
};
