import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
}

/**
 * An npm registry on 127.0.0.1 that knows exactly the packages of a lockfile
 * and serves their tarballs from npm's own cache (where `npm ci` put them). An
 * install pointed at it needs nothing else: what it lacks is a 404 and fails
 * the install, so a test that passes through it proves it ran offline.
 */
export async function startLockfileRegistry(
  lockfile: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const cache = spawnSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).stdout.trim();
  const { packages } = JSON.parse(readFileSync(lockfile, "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const versions = new Map<string, Map<string, LockEntry>>();
  // Tarballs by the path of their registry URL, as a lockfile install asks for them.
  const tarballs = new Map<string, string>();
  // (A lockfile may leave out `resolved` for the registry's own URL.)
  const tarballPath = (name: string, entry: LockEntry) =>
    entry.resolved
      ? decodeURIComponent(new URL(entry.resolved).pathname).slice(1)
      : `${name}/-/${name.split("/").at(-1)}-${entry.version}.tgz`;
  for (const [location, entry] of Object.entries(packages)) {
    if (location === "" || !entry.version || !entry.integrity) continue;
    const name = entry.name ?? location.slice(location.lastIndexOf("node_modules/") + 13);
    if (!versions.has(name)) versions.set(name, new Map());
    versions.get(name)?.set(entry.version, entry);
    const content = cachedContent(cache, entry.integrity);
    if (content) tarballs.set(tarballPath(name, entry), content);
  }
  const server = createServer((request, response) => {
    const address = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${address.port}`;
    const url = decodeURIComponent(new URL(request.url ?? "/", base).pathname).slice(1);
    const tarball = tarballs.get(url);
    if (tarball) {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      createReadStream(tarball).pipe(response);
      return;
    }
    const known = versions.get(url);
    if (!known) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const manifests: Record<string, unknown> = {};
    for (const [version, entry] of known) {
      const { resolved: _resolved, integrity, name: _name, ...rest } = entry;
      manifests[version] = {
        ...rest,
        name: url,
        version,
        dist: { tarball: `${base}/${tarballPath(url, entry)}`, integrity },
      };
    }
    const latest = [...known.keys()].at(-1) ?? "";
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ name: url, "dist-tags": { latest }, versions: manifests }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The environment that points npm at such a registry, quietly (no audit, fund or
 * update notice), with a cache of its own in `cache`: test files run side by side,
 * and an `npm install` sharing its cache with another npm has hung for good in its
 * reify stage here (the pre-commit test, 20 minutes; npm/cli#4028).
 */
export function registryEnv(url: string, cache: string): NodeJS.ProcessEnv {
  return {
    npm_config_registry: url,
    npm_config_cache: cache,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
}

/** The file npm's cache keeps a tarball in, by its integrity (cacache's content-v2 layout). */
function cachedContent(cache: string, integrity: string): string | undefined {
  for (const hash of integrity.split(/\s+/)) {
    const [algorithm, digest] = hash.split(/-(.*)/s);
    if (!algorithm || !digest) continue;
    const hex = Buffer.from(digest, "base64").toString("hex");
    const file = path.join(
      cache,
      "_cacache",
      "content-v2",
      algorithm,
      hex.slice(0, 2),
      hex.slice(2, 4),
      hex.slice(4),
    );
    if (existsSync(file)) return file;
  }
  return undefined;
}
