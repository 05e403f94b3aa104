import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Code files under designpress's code folder: modules, their types, and the
 * commands' bundles (`*.bundle.cjs`, what the CLI runs, dependencies
 * included), but not the vendored mermaid, which runs in the browser and
 * whose output its cache keys by its own version.
 */
const isCode = (relative: string) =>
  /\.[cm]?(js|ts)$/.test(relative) && !relative.split(path.sep).includes("vendor");

/** A hash of every code file under `dir` (`lib/`, or `src/` run from source), by its path and bytes. */
export function codeHash(dir: string): string {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter(isCode)
    .sort();
  const digest = createHash("sha256");
  for (const file of files)
    digest
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(dir, file)));
  return digest.digest("hex").slice(0, 16);
}
