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
        for (const { emitter } of emitters) {
          options.signal?.throwIfAborted();
          await emitter.emit(emitterSite, out);
        }
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
