import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Root } from "hast";
import type { VFile } from "vfile";
import "../remark-estimates.js";

/**
 * The what-if's script: `client.ts` with the capacity modules it uses, bundled
 * and minified by esbuild when designpress is compiled (`npm run compile`). It is
 * in `lib/` in the package; this path resolves there from `src/` too, both being
 * three folders below the package root.
 */
export const whatIfBundle = new URL("../../../lib/capacity/whatif/whatif.min.js", import.meta.url);

/**
 * Write the what-if script into the site's `assets/` under a content-hashed name
 * (so Pages may cache it for long), and load it from each page that has a what-if
 * form. A site without one gets no script.
 */
export async function addWhatIfScript(
  outDir: string,
  base: string,
  pages: Iterable<[VFile, Root]>,
): Promise<void> {
  const trees = [...pages].filter(([file]) => file.data.whatIf).map(([, tree]) => tree);
  if (trees.length === 0) return;
  let script: Buffer;
  try {
    script = await readFile(whatIfBundle);
  } catch (error) {
    throw new Error(
      `The what-if script is missing (${(error as NodeJS.ErrnoException).code ?? String(error)} at ${whatIfBundle.pathname}); run \`npm run compile\` in designpress`,
    );
  }
  const name = `estimates-whatif.${createHash("sha256").update(script).digest("hex").slice(0, 10)}.js`;
  await mkdir(path.join(outDir, "assets"), { recursive: true });
  await writeFile(path.join(outDir, "assets", name), script);
  for (const tree of trees) {
    tree.children.push({
      type: "element",
      tagName: "script",
      properties: { src: `${base}assets/${name}`, defer: true },
      children: [],
    });
  }
}
