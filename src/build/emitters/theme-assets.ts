import path from "node:path";
import {
  copyFiles,
  describeRefusedLink,
  type FileToCopy,
  listFilesWithin,
} from "../../files/within.js";
import { BuildError } from "../context.js";
import type { Emitter, EmitterSite } from "./types.js";

const listed = new WeakMap<EmitterSite, Promise<FileToCopy[]>>();

/**
 * The theme's assets, as files: a symlink among them is copied as the file it
 * points to when that is inside the theme folder, and fails the build
 * otherwise (it would publish `/etc/passwd`, or a secret beside the project).
 */
function themeAssets(site: EmitterSite): Promise<FileToCopy[]> {
  let files = listed.get(site);
  if (!files) {
    const { theme, root } = site;
    files = listFilesWithin(theme.assetsDir, theme.dir).then(({ files, refused }) => {
      if (refused.length > 0) {
        throw new BuildError(
          `Expected the theme's assets to be files inside the theme, found ${refused
            .map((link) => describeRefusedLink(link, root, theme.dir))
            .join(", ")}; copy the file itself into \`${path.relative(root, theme.assetsDir)}\``,
        );
      }
      return files;
    });
    listed.set(site, files);
  }
  return files;
}

/** `assets/`: the theme's stylesheet, script and images (the folder is the theme's). */
export const themeAssetsEmitter: Emitter = {
  name: "assets",
  async claims(site) {
    const source = `the assets of the theme \`${site.theme.name}\``;
    return [
      { path: "assets", source, folder: true },
      ...(await themeAssets(site)).map((file) => ({ path: `assets/${file.relative}`, source })),
    ];
  },
  async emit(site, out) {
    await copyFiles(await themeAssets(site), path.join(out.dir, "assets"));
  },
};
