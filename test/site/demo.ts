import { cp, readdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { reporter } from "vfile-reporter";
import { build } from "../../src/build/index.js";
import { configFileNames } from "../../src/config/index.js";
import { createStaticHandler } from "../../src/dev/static.js";
import { projectWith, repoRoot } from "../helpers.js";

/** The repository's own portfolio (its `content/` and config) copied into a fresh project. */
export async function demoProject(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const project = await projectWith(path.join(repoRoot, "content"));
  for (const name of configFileNames) {
    await cp(path.join(repoRoot, name), path.join(project.root, name)).catch(() => undefined);
  }
  return project;
}

/** Build the demo portfolio under `base`; throws with the build's messages when it fails. */
export async function buildDemo(
  base: string,
): Promise<{ root: string; outDir: string; cleanup: () => Promise<void> }> {
  const project = await demoProject();
  const outDir = path.join(project.root, "dist");
  const result = await build({ root: project.root, base });
  if (!result.ok) {
    await project.cleanup();
    throw new Error(
      `the demo portfolio did not build:\n${reporter(result.files)}\n${result.error?.message ?? ""}`,
    );
  }
  return { ...project, outDir };
}

/** Every `.html` file under `dir`, sorted. */
export async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** A plain static server for a built site under `base`, on a free port of 127.0.0.1. */
export async function serveSite(
  dir: string,
  base: string,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const handle = createStaticHandler({ dir: () => dir, base: () => base });
  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
