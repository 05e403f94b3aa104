import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** Written into every output folder, so a later build knows it may replace it. */
const outputMarker = ".designpress";
const markerText = "This folder is written by `designpress build`, which replaces it whole.\n";

export class OutputError extends Error {
  override name = "OutputError";
}

/**
 * Refuse an output folder that a build could hurt: the content folder (or one
 * holding it), the project root (or one above it), or a non-empty folder that
 * designpress did not write.
 */
export async function checkOutputFolder(
  outDir: string,
  contentDir: string,
  root: string,
): Promise<void> {
  const contains = (outer: string, inner: string) => {
    const relative = path.relative(outer, inner);
    return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  };
  if (contains(outDir, contentDir)) {
    throw new OutputError(
      `Refusing to write the site to \`${outDir}\`: it holds the content folder \`${contentDir}\`, which the build would replace; choose another --out`,
    );
  }
  if (contains(outDir, root)) {
    throw new OutputError(
      `Refusing to write the site to \`${outDir}\`: it is the project folder or holds it; choose a folder inside it such as \`dist\``,
    );
  }
  if (!existsSync(outDir)) return;
  const entries = await readdir(outDir);
  if (entries.length > 0 && !entries.includes(outputMarker)) {
    throw new OutputError(
      `Refusing to replace \`${outDir}\`: it is not empty and designpress did not write it (no \`${outputMarker}\` file); empty it, or choose another --out`,
    );
  }
}

/**
 * Write a whole site into a fresh folder beside `outDir`, then swap it in. A build
 * that fails before the swap leaves the previous output exactly as it was.
 */
export async function writeAtomically(
  outDir: string,
  write: (dir: string) => Promise<void>,
): Promise<void> {
  const parent = path.dirname(outDir);
  const name = path.basename(outDir);
  const temporary = path.join(parent, `.${name}.designpress-new-${process.pid}`);
  const previous = path.join(parent, `.${name}.designpress-old-${process.pid}`);
  await mkdir(parent, { recursive: true });
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary);
  try {
    await write(temporary);
    await writeFile(path.join(temporary, outputMarker), markerText);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  const hadPrevious = existsSync(outDir);
  if (hadPrevious) await rename(outDir, previous);
  try {
    await rename(temporary, outDir);
  } catch (error) {
    if (hadPrevious) await rename(previous, outDir);
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
}
