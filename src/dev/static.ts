import { createReadStream, type Stats } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { contains } from "../files/within.js";
import { contentType } from "./content-types.js";

export interface StaticSiteOptions {
  /** The built site. Read on every request, so a rebuild that swaps the folder is served at once. */
  dir: () => string;
  /** Path the site lives under, `/` or `/repo-name/`, as on GitHub Pages. */
  base: () => string;
  /** Applied to every HTML response (dev injects its reload script here). */
  transformHtml?: (html: string) => string;
}

/** Where a URL path points inside the site folder, or undefined when it leaves it. */
export function resolveSitePath(dir: string, base: string, pathname: string): string | undefined {
  if (!pathname.startsWith(base)) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(base.length));
  } catch {
    return undefined;
  }
  if (relative.includes("\0")) return undefined;
  const target = path.resolve(dir, `.${path.posix.sep}${relative}`);
  const fromRoot = path.relative(dir, target);
  if (fromRoot.startsWith("..") || path.isAbsolute(fromRoot)) return undefined;
  return target;
}

/** What is at `target` (a file, a folder…), or undefined when nothing is. */
async function statOf(target: string): Promise<Stats | undefined> {
  return stat(target).catch(() => undefined);
}

/**
 * A request handler serving a static site the way GitHub Pages does: under its
 * base path, `folder/` answered by `folder/index.html`, `folder` redirected to
 * `folder/`, and anything missing answered by the site's `404.html` with a 404.
 */
export function createStaticHandler(options: StaticSiteOptions) {
  const transform = options.transformHtml ?? ((html: string) => html);

  async function sendHtml(response: ServerResponse, status: number, file: string, head: boolean) {
    const html = transform(await readFile(file, "utf8"));
    response.writeHead(status, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Length": Buffer.byteLength(html),
      "Cache-Control": "no-cache",
    });
    response.end(head ? undefined : html);
  }

  async function notFound(response: ServerResponse, dir: string, head: boolean) {
    const page = path.join(dir, "404.html");
    if ((await statOf(page))?.isFile()) return sendHtml(response, 404, page, head);
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(head ? undefined : "Not found\n");
  }

  return async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" });
      response.end();
      return;
    }
    const head = method === "HEAD";
    const dir = options.dir();
    const base = options.base();
    const url = new URL(request.url ?? "/", "http://localhost");
    const pathname = url.pathname;

    // The site root without the base (`/` for a site under `/repo/`), or the base without its slash.
    if (base !== "/" && (pathname === "/" || `${pathname}/` === base)) {
      response.writeHead(302, { Location: base });
      response.end();
      return;
    }
    const target = resolveSitePath(dir, base, pathname);
    if (!target) return notFound(response, dir, head);

    let file = target;
    let stats = await statOf(target);
    if (stats?.isDirectory()) {
      if (!pathname.endsWith("/")) {
        response.writeHead(301, { Location: `${pathname}/${url.search}` });
        response.end();
        return;
      }
      file = path.join(target, "index.html");
      stats = await statOf(file);
    }
    if (!stats?.isFile()) return notFound(response, dir, head);
    // The build writes files, not links; a link in the folder is never followed out of it.
    const [realDir, realFile] = await Promise.all([realpath(dir), realpath(file)]);
    if (!contains(realDir, realFile)) return notFound(response, dir, head);

    const type = contentType(file);
    if (type.startsWith("text/html")) return sendHtml(response, 200, file, head);
    response.writeHead(200, {
      "Content-Type": type,
      "Content-Length": stats.size,
      "Cache-Control": "no-cache",
    });
    if (head) {
      response.end();
      return;
    }
    createReadStream(file).pipe(response);
  };
}
