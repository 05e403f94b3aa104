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
    await Promise.all(
      [...theme.assets.files.values()].map((asset) =>
        out.write(`assets/${asset.output}`, asset.content),
      ),
    );
  },
};
