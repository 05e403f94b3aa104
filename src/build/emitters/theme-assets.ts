import { writeThemeAssets } from "../../theme/assets.js";
import type { Emitter } from "./types.js";

/** `assets/`: the theme's stylesheet, scripts and images under content-hashed names (the folder is the theme's). */
export const themeAssetsEmitter: Emitter = {
  name: "assets",
  claims({ theme }) {
    const source = `the assets of the theme \`${theme.name}\``;
    return [
      { path: "assets", source, folder: true },
      ...[...theme.assets.files.values()].map((asset) => ({
        path: `assets/${asset.output}`,
        source,
      })),
    ];
  },
  async emit({ theme }, out) {
    await writeThemeAssets(theme.assets, out.dir);
  },
};
