import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type BuildContext, ready, type Stage } from "../context.js";
import { searchEmitter } from "../emitters/search.js";
import type { Claim, Emitter, OutputFolder } from "../emitters/types.js";
import { updateInPlace, writeAtomically } from "../output.js";

/**
 * Every emitter in turn into a fresh folder, swapped in for the output folder
 * at the end. With `updateInPlace` (dev), the folder is brought up to date
 * file by file where the bytes changed, and the search index (Pagefind over
 * every page, the slowest output) is written after the build returns
 * (`result.pending`), so that an edited page is served without waiting for it.
 */
export const writeStage: Stage = {
  name: "write",
  needsValidPages: true,
  async run(context: BuildContext) {
    const { outDir, root, emitterSite, emitters, options, result } = ready(
      context,
      "emitterSite",
      "emitters",
    );
    const emitAll =
      (list: readonly { emitter: Emitter }[], signal = options.signal) =>
      async (dir: string) => {
        const out = outputFolder(dir);
        for (const { emitter } of list) {
          signal?.throwIfAborted();
          await emitter.emit(emitterSite, out);
        }
        signal?.throwIfAborted();
      };
    result.pages = emitterSite.site.pages.length;
    if (!options.updateInPlace) {
      await writeAtomically(outDir, emitAll(emitters), root);
      return;
    }
    const later = emitters.filter(({ emitter }) => emitter === searchEmitter);
    const isLater = claimedBy(later.flatMap(({ claims }) => claims));
    await updateInPlace(
      outDir,
      emitAll(emitters.filter((entry) => !later.includes(entry))),
      root,
      (relative) => !isLater(relative),
    );
    if (later.length === 0) return;
    result.pending = updateInPlace(outDir, emitAll(later, undefined), root, isLater).then(
      () => undefined,
      (error: Error) => {
        result.warnings.push(`Could not write the search index (${error.message})`);
      },
    );
  },
};

/** Whether a path of the output is one of `claims`, or inside one. */
function claimedBy(claims: readonly Claim[]): (relative: string) => boolean {
  return (relative) =>
    claims.some((claim) => relative === claim.path || relative.startsWith(`${claim.path}/`));
}

function outputFolder(dir: string): OutputFolder {
  const target = async (relative: string) => {
    const file = path.join(dir, ...relative.split("/"));
    await mkdir(path.dirname(file), { recursive: true });
    return file;
  };
  return {
    dir,
    write: async (relative, data) => writeFile(await target(relative), data),
    copy: async (source, relative) => copyFile(source, await target(relative)),
  };
}
