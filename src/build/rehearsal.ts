import { stat } from "node:fs/promises";
import path from "node:path";
import { VFile } from "vfile";
import type { SiteConfig } from "../config/index.js";
import { createPageProcessor } from "../pipeline/processor.js";
import { prepareWriteup } from "../writeup/read.js";
import type { ReadPage } from "./context.js";

/**
 * How many writeups a rehearsal transforms, those changed last first. On the
 * demo project's first edit in `dev`: one, 192–221 ms from the write to the
 * reload; four, 120–170 ms; none, 438–474 ms (the next edits: 104–150 ms).
 */
export const rehearsedPages = 4;

/**
 * The page processor run, in memory, on the writeups changed last (those most
 * likely to be edited next), one after the other: its modules compiled, and
 * the code highlighter's grammars for their languages loaded. A build that
 * took every page from the cache never ran the processor in this process, so
 * the first edit in `designpress dev` would pay for all of it.
 *
 * Nothing is written and the build's files are left as they are: each
 * writeup is read into a file of its own, and transformed without the config
 * module's plugins (trusted code, but code whose effects the author expects
 * once per build). A writeup that fails here is let go: the next build that
 * transforms it says why. Resolves to the paths rehearsed on, in the project;
 * never rejects.
 */
export async function rehearseTransform(
  pages: readonly ReadPage[],
  config: SiteConfig,
  contentDir: string,
): Promise<string[]> {
  const rehearsed: string[] = [];
  try {
    const processor = createPageProcessor(config);
    for (const page of (await changedLast(pages)).slice(0, rehearsedPages)) {
      const source = page.file.data.source;
      if (source === undefined) continue;
      const file = prepareWriteup(
        new VFile({ path: page.file.path, cwd: page.file.cwd }),
        source,
        contentDir,
        { extraFields: config.check.frontMatter?.extraFields },
      );
      await processor.run(processor.parse(file), file).then(
        () => rehearsed.push(page.relative),
        () => undefined,
      );
    }
  } catch {
    // A processor that cannot be made: the build that needs it says why.
  }
  return rehearsed;
}

/** The pages by when their source was last modified, the latest first (equals in the build's order). */
async function changedLast(pages: readonly ReadPage[]): Promise<ReadPage[]> {
  const modified = await Promise.all(
    pages.map((page) =>
      stat(path.resolve(page.file.cwd, page.file.path)).then(
        (stats) => stats.mtimeMs,
        () => Number.NEGATIVE_INFINITY,
      ),
    ),
  );
  return pages
    .map((page, position) => ({ page, modified: modified[position] as number }))
    .sort((a, b) => b.modified - a.modified)
    .map(({ page }) => page);
}
