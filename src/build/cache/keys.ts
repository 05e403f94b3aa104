import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ReadConfig, SiteConfig } from "../../config/index.js";
import { codeHash } from "../../core/code-version.js";

/** SHA-256 of the parts (text as UTF-8), each ended by a NUL so that no two lists of parts hash alike. */
export function hash(...parts: readonly (string | Uint8Array)[]): string {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(part).update("\0");
  return digest.digest("hex");
}

/** designpress's own code: `lib/` (or `src/` when run from source), whose every file may shape a page. */
const codeDir = fileURLToPath(new URL("../../", import.meta.url));
const packageFile = fileURLToPath(new URL("../../../package.json", import.meta.url));

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
    return `${version}+${codeHash(codeDir)}`;
  })();
  return codeVersion;
}

/** The config as the cache keys it: its values, and a config module's text, which stands for its code. */
export function configKey(config: SiteConfig, read: ReadConfig): string {
  return JSON.stringify([config, read.module?.hash]);
}
