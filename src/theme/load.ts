import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface Theme {
  name: string;
  /** The theme's folder. */
  dir: string;
  /** Copied as is to `dist/assets/`. */
  assetsDir: string;
  templates: { page: string; index: string; tag: string; notFound: string };
}

/** The themes that ship with designpress, used when the project has no folder of that name. */
export const bundledThemesDir = fileURLToPath(new URL("../../themes/", import.meta.url));

export class ThemeError extends Error {
  override name = "ThemeError";
}

/** Find a theme under `<root>/themes/<name>`, else among the bundled themes. */
export async function loadTheme(root: string, name: string): Promise<Theme> {
  const candidates = [path.join(root, "themes", name), path.join(bundledThemesDir, name)];
  const dir = candidates.find((candidate) => existsSync(path.join(candidate, "page.html")));
  if (!dir) {
    throw new ThemeError(
      `Cannot find the theme \`${name}\` (looked for \`${candidates.map((candidate) => path.join(path.relative(root, candidate) || ".", "page.html")).join("` and `")}\`); set \`theme\` in the config to a folder under \`themes/\``,
    );
  }
  const read = (file: string) => readFile(path.join(dir, file), "utf8");
  const [page, index, tag, notFound] = await Promise.all([
    read("page.html"),
    read("index.html"),
    read("tag.html"),
    read("404.html"),
  ]);
  return {
    name,
    dir,
    assetsDir: path.join(dir, "assets"),
    templates: { page, index, tag, notFound },
  };
}
