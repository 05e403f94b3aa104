import { cp } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createStaticHandler } from "../lib/dev/static.js";
import { build } from "../lib/index.js";
import { temporaryDir } from "./util.js";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));

/** The demo portfolio built into a temporary project and served on 127.0.0.1. */
export async function serveDemo(): Promise<{
  origin: string;
  writeup: string;
  close: () => Promise<void>;
}> {
  const project = await temporaryDir("designpress-bench-site-");
  await cp(path.join(repoRoot, "content"), path.join(project.dir, "content"), { recursive: true });
  await cp(
    path.join(repoRoot, "designpress.config.yaml"),
    path.join(project.dir, "designpress.config.yaml"),
  );
  const result = await build({ root: project.dir });
  if (!result.ok)
    throw new Error(`the demo did not build: ${result.error?.message ?? "see messages"}`);
  const dir = path.join(project.dir, "dist");
  const handle = createStaticHandler({ dir: () => dir, base: () => "/" });
  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    writeup: "/url-shortener/",
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await project.cleanup();
    },
  };
}
