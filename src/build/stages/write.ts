import { type BuildContext, ready, type Stage } from "../context.js";
import { searchEmitter } from "../emitters/search.js";
import type { Claim, Emitter, OutputFolder } from "../emitters/types.js";
import { diskFolder, updateInPlace, writeAtomically } from "../output.js";

/**
 * Every emitter in turn into a fresh folder, swapped in for the output folder
 * at the end. With `updateInPlace` (dev), the folder is brought up to date
 * file by file where the bytes changed (what the emitters write is compared in
 * memory: only a changed file touches the disk), and the search index
 * (Pagefind over every page, the slowest output) is written after the build
 * returns (`result.pending`), so that an edited page is served without
 * waiting for it.
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
      async (out: OutputFolder) => {
        // Each emitter's warnings, said in list order at the end whatever ran alongside.
        const said = list.map(() => [] as string[]);
        const overlapping: Promise<void>[] = [];
        const emitting = (async () => {
          for (const [index, { emitter }] of list.entries()) {
            signal?.throwIfAborted();
            const site = { ...emitterSite, warn: (message: string) => said[index]?.push(message) };
            if (!emitter.overlaps) {
              await emitter.emit(site, out);
              continue;
            }
            let handOff = () => {};
            const handedOff = new Promise<void>((resolve) => {
              handOff = resolve;
            });
            const done = emitter.emit(site, out, handOff);
            done.catch(() => undefined);
            overlapping.push(done);
            // Its failure is thrown below, with the others'.
            await Promise.race([handedOff, done.catch(() => undefined)]);
          }
        })();
        // Every write started has ended before the folder is swapped in or removed.
        const [emitted] = await Promise.allSettled([emitting]);
        const outcomes = await Promise.allSettled(overlapping);
        for (const message of said.flat()) emitterSite.warn(message);
        if (emitted.status === "rejected") throw emitted.reason;
        const failed = outcomes.find((outcome) => outcome.status === "rejected");
        if (failed) throw failed.reason;
        signal?.throwIfAborted();
      };
    result.pages = emitterSite.site.pages.length;
    if (!options.updateInPlace) {
      const swapped = await writeAtomically(
        outDir,
        (dir, previous) =>
          emitAll(emitters)(
            diskFolder(dir, previous, previous === outDir ? context.outputFolders : undefined),
          ),
        root,
      );
      context.previousOutputRemoved = swapped.previousRemoved;
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
