import { createHash, randomBytes } from "node:crypto";
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";

/** A bundle's exports, and how to keep V8's code cache of this run for the next. */
export interface LoadedBundle<Exports> {
  exports: Exports;
  /** Store V8's code cache when none was used: call after the run, so it holds what ran. */
  saveCodeCache(): void;
}

/** The cache folder's name in the OS temp folder. */
export const codeCacheFolder = "designpress-compile-cache";

/**
 * Runs a CommonJS bundle (`lib/cli/check.bundle.cjs`, `lib/cli/build.bundle.cjs`,
 * see `scripts/bundle-commands.mjs`) through `vm.Script` with V8's code cache,
 * which Node 20 keeps for no module: with the cache of a previous run, V8
 * compiles neither the bundle nor each function as it first runs, which saves
 * a one-file check about 60 ms of its 0.5 s on a 2-core machine.
 *
 * A code cache is executable, so it is never read from or written to the
 * project, nor from a temp folder inside it (a pull request controls those
 * files): it is kept where Node ≥ 22
 * keeps its own compile cache, the OS temp folder, in a folder only this user
 * may write, one file per bundle (named by designpress's version, Node's
 * version, the architecture and the bundle's hash). A cache that fails its
 * checksum, or that V8 rejects (another V8, other flags, another source), is
 * ignored and written again; a cache that cannot be written is skipped.
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does Node's.
 *
 * `file` (absolute): the bundle; `version`: designpress's, part of the cache's name.
 */
export function loadBundle<Exports>(file: string, version: string): LoadedBundle<Exports> {
  const bytes = readFileSync(file);
  const source = bytes.toString("utf8");
  const bundleHash = sha256(bytes);
  const cacheFile = codeCacheFile(path.basename(file, ".bundle.cjs"), version, bundleHash);
  const cachedData = cacheFile === undefined ? undefined : readCodeCache(cacheFile);
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, designpressBundleUrl, designpressImport, designpressResolve, designpressBundleHash) {${source}\n})`,
    { filename: file, cachedData },
  );
  const module = { exports: {} as Exports };
  const body = script.runInThisContext() as (...args: unknown[]) => void;
  body.call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    path.dirname(file),
    pathToFileURL(file).href,
    // The script's own `import()` would throw (see scripts/bundle-commands.mjs): mermaid's
    // bundle, the project's config module and the packages left out are imported from here,
    // and resolved from here (this module and the bundle are in the same folder).
    (specifier: string) => import(specifier),
    (specifier: string) => import.meta.resolve(specifier),
    // What runs, for the caches whose entries the code that made them decides (the check's).
    bundleHash,
  );
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    saveCodeCache() {
      if (cacheFile !== undefined && !cached) writeCodeCache(cacheFile, script.createCachedData());
    },
  };
}

/**
 * The cache's path, or none: when caching is off, when the folder is not this
 * user's alone, or when it is in the project (a `TMPDIR` there, as a CI job may
 * set, would run code a pull request wrote).
 */
function codeCacheFile(command: string, version: string, bundleHash: string): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  let dir: string;
  try {
    if (!path.isAbsolute(tmpdir())) return undefined;
    const temp = realpathSync(tmpdir());
    const fromProject = path.relative(realpathSync(process.cwd()), temp);
    const outside =
      fromProject === ".." ||
      fromProject.startsWith(`..${path.sep}`) ||
      path.isAbsolute(fromProject);
    if (!outside) return undefined;
    dir = path.join(temp, codeCacheFolder);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const folder = lstatSync(dir);
    // Another user's folder, or one others may write, may hold code they chose.
    const ownUid = process.getuid?.();
    if (!folder.isDirectory() || (ownUid !== undefined && folder.uid !== ownUid)) return undefined;
    if (process.platform !== "win32" && (folder.mode & 0o022) !== 0) return undefined;
  } catch {
    return undefined;
  }
  const name = [
    command,
    version,
    `node${process.versions.node}`,
    process.arch,
    bundleHash.slice(0, 16),
  ].join("-");
  return path.join(dir, `${name}.v8cache`);
}

/** The SHA-256 of the code that follows it: a truncated or damaged cache is never handed to V8. */
const checksumLength = 32;

function readCodeCache(file: string): Buffer | undefined {
  let stored: Buffer;
  try {
    stored = readFileSync(file);
  } catch {
    return undefined;
  }
  if (stored.length <= checksumLength) return undefined;
  const data = stored.subarray(checksumLength);
  const checksum = createHash("sha256").update(data).digest();
  return checksum.equals(stored.subarray(0, checksumLength)) ? data : undefined;
}

/** Written atomically (a temporary file renamed into place), readable by this user alone. */
function writeCodeCache(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([createHash("sha256").update(data).digest(), data]), {
      mode: 0o600,
    });
    renameSync(temporary, file);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was written, or the folder cannot be written at all.
    }
  }
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
