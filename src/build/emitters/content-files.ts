import path from "node:path";
import type { Emitter } from "./types.js";

/** Files of the content folder the pages link to (images, downloads), copied to the same path. */
export const contentFilesEmitter: Emitter = {
  name: "content files",
  claims({ files, contentDir, root }) {
    const linkedFrom = new Map<string, string>();
    for (const file of files) {
      for (const asset of file.data.assets ?? []) {
        if (!linkedFrom.has(asset)) linkedFrom.set(asset, file.path);
      }
    }
    return [...linkedFrom].map(([asset, page]) => ({
      path: path.relative(contentDir, asset).split(path.sep).join("/"),
      source: `\`${path.relative(root, asset)}\` (linked from \`${page}\`)`,
      fromContent: path.relative(root, asset),
    }));
  },
  async emit({ files, contentDir }, out) {
    const assets = new Set(files.flatMap((file) => file.data.assets ?? []));
    await Promise.all(
      [...assets].map((asset) =>
        out.copy(asset, path.relative(contentDir, asset).split(path.sep).join("/")),
      ),
    );
  },
};
