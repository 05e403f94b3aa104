import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describeRefusedLink, type FileToCopy, listFilesWithin } from "../files/within.js";

/**
 * A theme's assets under content-hashed names (`style.css` → `style.3f2a1c9e.css`),
 * so a host may cache them for good: a changed file gets a new name, and the
 * pages, written in the same build, point at it.
 */
export interface ThemeAssets {
  /** By path under `assets/` (`style.css`, `fonts/inter.woff2`), in sorted order. */
  files: ReadonlyMap<string, ThemeAsset>;
}

export interface ThemeAsset {
  /** The name written under `dist/assets/`. */
  output: string;
  /** What is written: the file's bytes, with a style sheet's references to other assets renamed. */
  content: Buffer;
}

/** The prefix of a template slot that names an asset: `{{assets/style.css}}`. */
export const assetSlotPrefix = "assets/";

const hashLength = 8;

function hashedName(relative: string, content: Buffer): string {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, hashLength);
  const extension = path.posix.extname(relative);
  return `${relative.slice(0, relative.length - extension.length)}.${hash}${extension}`;
}

/**
 * Every file under a theme's `assets/` folder, each with the real file to read:
 * a symlink is taken as the file it points to when that is inside the theme
 * folder, and refused (naming it) when it leads out of it or to a folder.
 */
async function filesUnder(dir: string, root: string): Promise<FileToCopy[]> {
  const theme = path.dirname(dir);
  const { files, refused } = await listFilesWithin(dir, theme);
  if (refused.length > 0) {
    throw new Error(
      `Expected the theme's assets to be files inside the theme, found ${refused
        .map((link) => describeRefusedLink(link, root, theme))
        .join(", ")}; copy the file itself into \`${path.relative(root, dir)}\``,
    );
  }
  return files;
}

const cssUrl = /url\(\s*(['"]?)([^'")\s]+)\1\s*\)/g;

/**
 * A style sheet's `url(…)` references to other assets, renamed to their hashed
 * names (relative to the sheet's own folder), so fonts and images keep loading.
 */
function renameCssReferences(
  css: string,
  sheet: string,
  outputs: ReadonlyMap<string, string>,
): string {
  const folder = path.posix.dirname(sheet);
  return css.replace(cssUrl, (match, quote: string, reference: string) => {
    if (/^[a-z][\w+.-]*:|^\/|^#/i.test(reference)) return match;
    const [file = "", suffix = ""] = reference.split(/(?=[?#])/);
    const target = path.posix.normalize(path.posix.join(folder, file));
    const output = outputs.get(target);
    if (!output) return match;
    return `url(${quote}${path.posix.relative(folder, output)}${suffix}${quote})`;
  });
}

/**
 * Every file under the given `assets/` folders, the first folder winning for
 * a path found in several (a theme's own file over the default theme's).
 * Style sheets are hashed after their references are renamed, so a font's new
 * name gives the sheet a new name too.
 */
export async function hashAssets(
  dirs: readonly string[],
  root = process.cwd(),
): Promise<ThemeAssets> {
  const sources = new Map<string, string>();
  for (const dir of dirs) {
    for (const { relative, source } of await filesUnder(dir, root)) {
      if (!sources.has(relative)) sources.set(relative, source);
    }
  }
  const names = [...sources.keys()].sort();
  const contents = new Map<string, Buffer>();
  await Promise.all(
    names.map(async (name) => contents.set(name, await readFile(sources.get(name) as string))),
  );
  const outputs = new Map<string, string>();
  const files = new Map<string, ThemeAsset>();
  const isSheet = (name: string) => name.endsWith(".css");
  for (const name of names.filter((candidate) => !isSheet(candidate))) {
    const content = contents.get(name) as Buffer;
    outputs.set(name, hashedName(name, content));
  }
  for (const name of names.filter(isSheet)) {
    const text = (contents.get(name) as Buffer).toString("utf8");
    contents.set(name, Buffer.from(renameCssReferences(text, name, outputs)));
    outputs.set(name, hashedName(name, contents.get(name) as Buffer));
  }
  for (const name of names) {
    files.set(name, { output: outputs.get(name) as string, content: contents.get(name) as Buffer });
  }
  return { files };
}

/** The template slots that name assets, `assets/style.css` → `<base>assets/style.3f2a1c9e.css`. */
export function assetUrls(assets: ThemeAssets, base: string): Record<string, string> {
  return Object.fromEntries(
    [...assets.files].map(([name, asset]) => [
      `${assetSlotPrefix}${name}`,
      `${base}${assetSlotPrefix}${asset.output}`,
    ]),
  );
}
