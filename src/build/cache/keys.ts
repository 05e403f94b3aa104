import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ReadConfig, SiteConfig } from "../../config/index.js";

/** SHA-256 of the parts (text as UTF-8), each ended by a NUL so that no two lists of parts hash alike. */
export function hash(...parts: readonly (string | Uint8Array)[]): string {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(part).update("\0");
  return digest.digest("hex");
}

/** designpress's own code: `lib/` (or `src/` when run from source), whose every file may shape a page. */
const codeDir = fileURLToPath(new URL("../../", import.meta.url));
const packageFile = fileURLToPath(new URL("../../../package.json", import.meta.url));

/**
 * The code files under `dir`: modules, their types, and the commands' bundles
 * (`*.bundle.cjs`, what the CLI runs, dependencies included), but not the
 * vendored mermaid, which runs in the browser: the diagram cache keys its own
 * output.
 */
const isCode = (relative: string) =>
  /\.[cm]?(js|ts)$/.test(relative) && !relative.split(path.sep).includes("vendor");

/** A hash of every code file under `dir`, by its path and bytes. */
export async function codeHash(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter(isCode)
    .sort();
  const texts = await Promise.all(files.map((file) => readFile(path.join(dir, file))));
  const digest = createHash("sha256");
  for (const [index, file] of files.entries()) {
    digest
      .update(file)
      .update("\0")
      .update(texts[index] ?? "");
  }
  return digest.digest("hex").slice(0, 16);
}

let codeVersion: Promise<string> | undefined;

/**
 * designpress's version as the build cache sees it: the package's, and a hash
 * of its code, so that a checkout rebuilt without a version bump (this
 * repository, a git install) does not reuse pages older code made. Hashed once
 * per process.
 */
export function designpressVersion(): Promise<string> {
  codeVersion ??= (async () => {
    const { version } = JSON.parse(readFileSync(packageFile, "utf8")) as { version: string };
    return `${version}+${await codeHash(codeDir)}`;
  })();
  return codeVersion;
}

/** The config as the cache keys it: its values, and a config module's text, which stands for its code. */
export function configKey(config: SiteConfig, read: ReadConfig): string {
  return JSON.stringify([config, read.module?.hash]);
}
