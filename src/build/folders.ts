import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { contains } from "../files/within.js";
import { BuildError } from "./context.js";

/** Written into every output folder, so a later build knows it may replace it. */
export const outputMarker = ".designpress";

/** How a path reads in a message: relative to the project inside it (`dist`), else absolute. */
export function shownPath(root: string, target: string): string {
  return contains(root, target) ? path.relative(root, target) || "." : path.resolve(target);
}

export class OutputError extends BuildError {
  override name = "OutputError";
}

/**
 * Refuse an output folder that a build could hurt: the content folder, one
 * inside it or one holding it; the project root (or one above it); a
 * non-empty folder that designpress did not write; a mount point, which cannot
 * be swapped for the new site.
 */
export async function checkOutputFolder(
  outDir: string,
  contentDir: string,
  root: string,
): Promise<void> {
  const shown = (target: string) => `\`${shownPath(root, target)}\``;
  if (contains(outDir, contentDir)) {
    throw new OutputError(
      `Refusing to write the site to ${shown(outDir)}: it holds the content folder ${shown(contentDir)}, which the build would replace; choose another --out`,
    );
  }
  if (contains(contentDir, outDir)) {
    throw new OutputError(
      `Refusing to write the site to ${shown(outDir)}: it is inside the content folder ${shown(contentDir)}, so the next build would read its own output; choose a folder outside it such as \`dist\``,
    );
  }
  if (contains(outDir, root)) {
    throw new OutputError(
      `Refusing to write the site to ${shown(outDir)}: it is the project folder or holds it; choose a folder inside it such as \`dist\``,
    );
  }
  if (!existsSync(outDir)) return;
  const stats = statSync(outDir);
  if (!stats.isDirectory()) {
    throw new OutputError(
      `Refusing to replace ${shown(outDir)}: it is a file, not a folder; remove it or choose another --out`,
    );
  }
  const entries = await readdir(outDir);
  if (entries.length > 0 && !entries.includes(outputMarker)) {
    throw new OutputError(
      `Refusing to replace ${shown(outDir)}: it is not empty and designpress did not write it (no \`${outputMarker}\` file); empty it, or choose another --out`,
    );
  }
  if (stats.dev !== statSync(path.dirname(outDir)).dev) throw mountPointError(outDir, root);
}

/** The output folder is a mount point (or in use): it cannot be renamed away. */
export function mountPointError(outDir: string, root: string): OutputError {
  return new OutputError(
    `Refusing to replace \`${shownPath(root, outDir)}\`: it is a mount point (or in use), which the build cannot swap for the new site; build into a folder beside it (--out) and copy that, or mount the folder above it instead`,
  );
}

/**
 * Refuse a diagram cache folder whose entries would be lost or misplaced: one
 * inside the output folder (replaced whole by every build), inside the
 * content folder (cache files among the writeups), or outside the project (a
 * config, which a pull request may change, would have the build read and
 * write files elsewhere on the machine).
 */
export function checkCacheFolder(
  cacheDir: string,
  outDir: string,
  contentDir: string,
  root: string,
): void {
  const shown = (target: string) => `\`${shownPath(root, target)}\``;
  const where = !contains(root, cacheDir)
    ? "outside the project, where a site's config may not have the build read or write"
    : contains(outDir, cacheDir)
      ? `inside the output folder ${shown(outDir)}, which every build replaces whole, so the cache would be thrown away each time`
      : contains(contentDir, cacheDir)
        ? `inside the content folder ${shown(contentDir)}, so cache files would be written among the writeups`
        : undefined;
  if (where === undefined) return;
  throw new BuildError(
    `Refusing the diagram cache folder ${shown(cacheDir)} (\`mermaid.cacheDir\`): it is ${where}; set \`mermaid.cacheDir\` in the config to a folder of the project outside the output and content folders, such as \`.designpress-cache/mermaid\``,
  );
}
