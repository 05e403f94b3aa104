import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface InstalledPackage {
  /** The package's folder. */
  folder: string;
  version: string;
}

/**
 * The package `name` as Node would find it from the file `from`, by its
 * `package.json` in each `node_modules` folder Node would look in (packages
 * such as pagefind export neither that file nor a `require` entry to resolve
 * it by).
 */
export function installedPackage(name: string, from: string): InstalledPackage | undefined {
  for (const folder of createRequire(from).resolve.paths(name) ?? []) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(folder, name, "package.json"), "utf8"));
      return { folder: path.join(folder, name), version: String(manifest.version) };
    } catch {
      // Not in this folder: the next one up.
    }
  }
  return undefined;
}
