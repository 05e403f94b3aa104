import path from "node:path";
import { ConfigError } from "../config/index.js";
import { failsBuild } from "../core/rule-registry.js";
import { createBrowserSession } from "../mermaid/session.js";
import { ThemeError } from "../theme/load.js";
import { TemplateError } from "../theme/template.js";
import {
  type BuildContext,
  BuildError,
  type BuildOptions,
  type BuildResult,
  type Stage,
} from "./context.js";
import { cardsStage } from "./stages/cards.js";
import { carryStage } from "./stages/carry.js";
import { configStage } from "./stages/config.js";
import { diagramsStage } from "./stages/diagrams.js";
import { discoverStage } from "./stages/discover.js";
import { historyStage } from "./stages/history.js";
import { linksStage } from "./stages/links.js";
import { modelStage } from "./stages/model.js";
import { readStage } from "./stages/read.js";
import { themeStage } from "./stages/theme.js";
import { transformStage } from "./stages/transform.js";
import { rememberStage, unchangedStage } from "./stages/unchanged.js";
import { writeStage } from "./stages/write.js";
import { StageTimer } from "./timer.js";

export { type BuildCache, createBuildCache } from "./cache/store.js";
export { BuildError, type BuildOptions, type BuildResult } from "./context.js";
export type { Claim, Emitter, EmitterSite, OutputFolder } from "./emitters/index.js";

/** The build, in order. Each stage reads what earlier ones put on the context and adds its own. */
export const stages: readonly Stage[] = [
  configStage, // the site config, `--base`, the output and cache folders
  themeStage, // the theme's templates
  discoverStage, // every Markdown file under the content folder
  unchangedStage, // a site whose inputs and output are as the last build left them: done
  readStage, // each file's front matter, slug and title
  transformStage, // each page through the page processor (Markdown → hast)
  historyStage, // each page's path in its repository and, from git, its last change
  linksStage, // unique slugs and tag pages, links resolved across pages
  diagramsStage, // every diagram of the site rendered in one browser
  modelStage, // the site model, and the paths each emitter claims
  cardsStage, // a social card per page, drawn in the diagrams' browser (cached)
  carryStage, // the pages the last build rendered from the same inputs, read back
  writeStage, // every emitter into a fresh folder, swapped in whole
  rememberStage, // what this build printed and left, for the next one with the same inputs
];

/** Errors that stop a build with their message (no stack trace): the user can act on them. */
const expectedErrors = [BuildError, ConfigError, ThemeError, TemplateError];

/**
 * content/ → a static site: each stage in turn, timed. A stage that cannot go
 * on stops the build with `result.error`; writing (and the model it needs)
 * happens only when no message fails the build. Rejects only when stopped by
 * `options.signal` (with its reason, after cleaning up) or on a bug.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const root = path.resolve(options.root ?? process.cwd());
  const outDir = path.resolve(root, options.outDir ?? "dist");
  const timer = new StageTimer();
  const result: BuildResult = {
    ok: false,
    files: [],
    pages: 0,
    outDir,
    timer,
    warnings: [],
    browserLaunches: 0,
  };
  const context: BuildContext = {
    root,
    contentDir: path.resolve(root, options.contentDir ?? "content"),
    outDir,
    options,
    result,
    browser: options.browser ?? createBrowserSession({ signal: options.signal }),
  };
  const launchesBefore = context.browser.launches;
  const strict = options.strict ?? false;
  const failed = () => {
    const customIds = context.read?.extensions.rules.map((rule) => rule.id) ?? [];
    return result.files.some((file) =>
      file.messages.some(
        (message) => message.fatal && failsBuild(message.ruleId ?? undefined, strict, customIds),
      ),
    );
  };

  try {
    for (const stage of stages) {
      if (context.finished) break;
      options.signal?.throwIfAborted();
      if (stage.needsValidPages && failed()) return result;
      try {
        await timer.run(stage.name, () => stage.run(context));
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        result.error = asBuildError(error);
        return result;
      }
    }
    try {
      await context.previousOutputRemoved;
    } catch (error) {
      result.error = asBuildError(error);
      return result;
    }
  } finally {
    // Whatever ended the build, the previous output is gone and the caches pruned before it returns.
    await context.previousOutputRemoved?.catch(() => undefined);
    await Promise.all(context.housekeeping ?? []);
    result.browserLaunches = context.browser.launches - launchesBefore;
    if (!options.browser) await context.browser.close();
  }
  result.ok = true;
  return result;
}

/** An expected error as it is; a file-system error as a message; anything else is a bug. */
function asBuildError(error: unknown): Error {
  if (expectedErrors.some((kind) => error instanceof kind)) return error as Error;
  const { code, syscall, path: where } = error as NodeJS.ErrnoException;
  if (typeof code === "string" && syscall) {
    return new BuildError(
      `Cannot ${syscall}${where ? ` \`${where}\`` : ""} (${code}); check that it exists and that you may read and write it`,
      { cause: error },
    );
  }
  throw error;
}
