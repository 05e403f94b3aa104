import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type BuildContext, ready, type Stage } from "../context.js";
import type { OutputFolder } from "../emitters/types.js";
import { writeAtomically } from "../output.js";

/** Every emitter in turn into a fresh folder, swapped in for the output folder at the end. */
export const writeStage: Stage = {
  name: "write",
  needsValidPages: true,
  async run(context: BuildContext) {
    const { outDir, root, emitterSite, emitters, options, result } = ready(
      context,
      "emitterSite",
      "emitters",
    );
    await writeAtomically(
      outDir,
      async (dir) => {
        const out = outputFolder(dir);
        // Each emitter's warnings, said in list order at the end whatever ran alongside.
        const said = emitters.map(() => [] as string[]);
        const overlapping: Promise<void>[] = [];
        const emitting = (async () => {
          for (const [index, { emitter }] of emitters.entries()) {
            options.signal?.throwIfAborted();
            const site = { ...emitterSite, warn: (message: string) => said[index]?.push(message) };
            const done = emitter.emit(site, out);
            if (!emitter.overlaps) await done;
            else {
              done.catch(() => undefined);
              overlapping.push(done);
            }
          }
        })();
        // Every write started has ended before the folder is swapped in or removed.
        const [emitted] = await Promise.allSettled([emitting]);
        const outcomes = await Promise.allSettled(overlapping);
        for (const message of said.flat()) emitterSite.warn(message);
        if (emitted.status === "rejected") throw emitted.reason;
        const failed = outcomes.find((outcome) => outcome.status === "rejected");
        if (failed) throw failed.reason;
        options.signal?.throwIfAborted();
      },
      root,
    );
    result.pages = emitterSite.site.pages.length;
  },
};

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
