import path from "node:path";
import { ConfigError, normaliseBase, readConfig } from "../../config/index.js";
import { unknownConfigRuleIds } from "../../structure/config-ids.js";
import { rules } from "../../structure/rules/index.js";
import { type BuildContext, BuildError, type Stage } from "../context.js";
import { checkCacheFolder, checkOutputFolder, shownPath } from "../folders.js";
import { clearLeftovers } from "../output.js";

/**
 * Read the site config, apply `--base`, and check the folders the build will
 * write: the output folder (after clearing what a killed build left beside
 * it) and the diagram cache.
 */
export const configStage: Stage = {
  name: "config",
  async run(context: BuildContext) {
    const { root, contentDir, outDir, options, result } = context;
    const read = await readConfig(root, rules).catch((error: unknown) => {
      if (error instanceof ConfigError) {
        result.files.push(error.file);
        throw error;
      }
      const { code, path: file } = error as NodeJS.ErrnoException;
      throw new BuildError(
        `Cannot read the site config \`${shownPath(root, file ?? root)}\` (${code ?? String(error)}); check that it is a readable file`,
        { cause: error },
      );
    });
    const { config } = read;
    if (options.base !== undefined) {
      const base = normaliseBase(options.base);
      if (base === undefined)
        throw new BuildError(
          `Expected --base to be a path such as \`/\` or \`/repo-name/\`, found \`${options.base}\``,
        );
      config.base = base;
    }
    context.read = read;
    context.config = config;
    result.base = config.base;
    // Unknown rule ids in the config: once, against the config, as `check` reports them.
    const configIds = unknownConfigRuleIds(read);
    if (configIds) result.files.push(configIds);

    for (const restored of await clearLeftovers(outDir)) {
      result.warnings.push(
        `Restored \`${shownPath(root, outDir)}\` from \`${path.basename(restored)}\`, left by a build that was stopped while it replaced the site`,
      );
    }
    await checkOutputFolder(outDir, contentDir, root);
    checkCacheFolder(config.mermaid.cacheDir, outDir, contentDir, root);
  },
};
