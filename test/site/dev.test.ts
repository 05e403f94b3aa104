import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { VFile } from "vfile";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatBuildMessages } from "../../src/build/report.js";
import { type DevServer, startDev } from "../../src/dev/index.js";
import { reloadScript } from "../../src/dev/reload.js";
import { createStaticHandler } from "../../src/dev/static.js";
import { repoRoot, temporaryFolder } from "../helpers.js";

const writeup = "url-shortener.md";

/** A project with one writeup of the demo portfolio (its links to the others removed). */
async function smallProject() {
  const project = await temporaryFolder("designpress-dev-");
  const source = await readFile(path.join(repoRoot, "content", writeup), "utf8");
  await mkdir(path.join(project.dir, "content"));
  // Links to the other writeups would fail the build in a one-writeup project.
  await writeFile(
    path.join(project.dir, "content", writeup),
    source.replace(/\]\(\.\/[\w-]+\.md(#[\w-]+)?\)/g, "](#1-gather-requirements)"),
  );
  await writeFile(
    path.join(project.dir, "designpress.config.yaml"),
    "title: Dev test\nbase: /designs/\n",
  );
  return project;
}

/** The status of a GET sent with exactly this `Host` header (none when empty). */
function statusFor(port: number, pathname: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: "127.0.0.1", port, path: pathname, setHost: false },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        // The event stream stays open: done with it once its status is known.
        response.destroy();
      },
    );
    if (host) request.setHeader("Host", host);
    request.on("error", reject);
    request.end();
  });
}

/** Poll `check` until it returns true, for at most `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not true after ${timeoutMs} ms`);
}

describe("formatBuildMessages (what build and dev print)", () => {
  it("prints diagram warnings, every file's messages, then why the build stopped", () => {
    const file = new VFile({ path: "content/a.md", value: "# A\n" });
    file.message("Expected a title", { place: { line: 1, column: 1 }, ruleId: "title" });
    const lines = formatBuildMessages({
      files: [file],
      diagrams: {
        rendered: 0,
        cached: 0,
        failed: 0,
        browserLaunched: false,
        ms: 0,
        warnings: ["No browser found; diagrams will be rendered in the reader's browser instead"],
      },
      error: new Error("Refusing to replace `src`"),
    });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      "designpress: No browser found; diagrams will be rendered in the reader's browser instead",
    );
    expect(lines[1]).toMatch(/content\/a\.md\n\s*1:1.*Expected a title/);
    expect(lines[2]).toBe("designpress: Refusing to replace `src`");
  });

  it("prints nothing for a clean build", () => {
    expect(formatBuildMessages({ files: [new VFile({ path: "content/a.md" })] })).toEqual([]);
  });
});

describe("designpress dev", () => {
  let project: Awaited<ReturnType<typeof smallProject>>;
  let dev: DevServer;
  const logged: string[] = [];

  beforeAll(async () => {
    project = await smallProject();
    dev = await startDev({
      root: project.dir,
      port: 0,
      log: { info: (text) => logged.push(text), error: (text) => logged.push(text) },
    });
    console.log(`designpress dev test server on port ${dev.port}`);
  });
  afterAll(async () => {
    await dev?.close();
    await project?.cleanup();
  });

  it("serves the site under its base on 127.0.0.1, with the reload script only in what it serves", async () => {
    expect(dev.url).toBe(`http://127.0.0.1:${dev.port}/designs/`);
    const index = await fetch(dev.url);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await index.text();
    expect(html).toContain("URL shortener");
    expect(html).toContain(reloadScript);
    expect(existsSync(path.join(project.dir, "dist")), "dev writes nothing to dist/").toBe(false);

    // Assets carry a content hash in their name: take it from the page.
    const asset = (name: string, extension: string) =>
      html.match(new RegExp(`assets/(${name}\\.[0-9a-f]{8}\\.${extension})`))?.[1];
    const css = await fetch(`${dev.url}assets/${asset("style", "css")}`);
    expect([css.status, css.headers.get("content-type")]).toEqual([200, "text/css; charset=utf-8"]);
    const icon = await fetch(`${dev.url}assets/${asset("favicon", "svg")}`);
    expect([icon.status, icon.headers.get("content-type")]).toEqual([200, "image/svg+xml"]);

    const redirect = await fetch(`http://127.0.0.1:${dev.port}/`, { redirect: "manual" });
    expect([redirect.status, redirect.headers.get("location")]).toEqual([302, "/designs/"]);
    const folder = await fetch(`${dev.url}url-shortener`, { redirect: "manual" });
    expect([folder.status, folder.headers.get("location")]).toEqual([
      301,
      "/designs/url-shortener/",
    ]);

    const missing = await fetch(`${dev.url}no-such-design/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Page not found");
    const outside = await fetch(`${dev.url}..%2f..%2f..%2fetc%2fpasswd`);
    expect(outside.status).toBe(404);
  });

  it("answers only requests for this machine's names (DNS rebinding gets 403)", async () => {
    const answers: Record<string, number> = {};
    for (const host of [
      `localhost:${dev.port}`,
      `127.0.0.1:${dev.port}`,
      `[::1]:${dev.port}`,
      "LOCALHOST",
      `attacker.example:${dev.port}`,
      "127.0.0.1.attacker.example",
      "localhost.attacker.example",
      "",
    ]) {
      answers[host] = await statusFor(dev.port, "/designs/", host);
    }
    expect(answers).toEqual({
      [`localhost:${dev.port}`]: 200,
      [`127.0.0.1:${dev.port}`]: 200,
      [`[::1]:${dev.port}`]: 200,
      LOCALHOST: 200,
      [`attacker.example:${dev.port}`]: 403,
      "127.0.0.1.attacker.example": 403,
      "localhost.attacker.example": 403,
      // Node's server itself refuses an HTTP/1.1 request without a Host.
      "": 400,
    });
    expect(await statusFor(dev.port, "/__designpress/events", "attacker.example")).toBe(403);
  });

  it("rebuilds when a writeup changes, tells open pages to reload, and serves the new page", async () => {
    const events = await fetch(`http://127.0.0.1:${dev.port}/__designpress/events`);
    expect(events.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    let received = "";
    const reloaded = (async () => {
      const decoder = new TextDecoder();
      while (!received.includes("event: reload")) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
    })();

    const file = path.join(project.dir, "content", writeup);
    const source = await readFile(file, "utf8");
    await writeFile(
      file,
      source.replace("title: URL shortener", "title: URL shortener, edited live"),
    );

    const page = `${dev.url}url-shortener/`;
    await eventually(async () =>
      (await (await fetch(page)).text()).includes("URL shortener, edited live"),
    );
    await reloaded;
    expect(received).toContain("event: reload");
    await reader.cancel();
  });

  it("keeps serving the last good site when a rebuild fails, and prints why", async () => {
    const file = path.join(project.dir, "content", writeup);
    const source = await readFile(file, "utf8");
    const failed = dev.nextBuild();
    await writeFile(
      file,
      source.replace(
        "## 1. Gather Requirements",
        "See [nowhere](#no-such-heading).\n\n## 1. Gather Requirements",
      ),
    );
    const result = await failed;
    expect(result.ok).toBe(false);
    expect(logged.join("\n")).toContain("no-such-heading");
    expect(logged.join("\n")).toContain("still serving the last good site");
    const page = await fetch(`${dev.url}url-shortener/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("URL shortener, edited live");

    const fixed = dev.nextBuild();
    await writeFile(file, source);
    expect((await fixed).ok).toBe(true);
  });
});

describe("designpress dev on the command line", () => {
  it("prints its URL, serves, and stops cleanly on Ctrl-C", async () => {
    const project = await smallProject();
    const entry = path.join(repoRoot, "src", "cli", "dev.ts");
    // tsx by its path: the child runs in the temporary project, which has no node_modules.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const child = spawn(
      process.execPath,
      [
        "--import",
        tsx,
        "--input-type=module",
        "-e",
        `const { run } = await import(${JSON.stringify(entry)}); process.exitCode = await run(["--port", "0"]);`,
      ],
      {
        cwd: project.dir,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NODE_NO_WARNINGS: "1" },
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code)),
    );
    try {
      await eventually(
        async () => /serving http:\/\/127\.0\.0\.1:\d+\/designs\//.test(output),
        30_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the command printed:\n${output}`);
      });
      const url = /serving (http:\/\/\S+)/.exec(output)?.[1] as string;
      console.log(`designpress dev (command line) on ${url}`);
      expect((await fetch(url)).status).toBe(200);
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(output).toContain("designpress dev: stopped");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await project.cleanup();
    }
  });
});

describe("the dev server's allowed hosts and served files", () => {
  it("answers a host given with allowedHosts, names under a dotted one, and never serves through a link out of the site", async () => {
    const project = await smallProject();
    const server = await startDev({
      root: project.dir,
      port: 0,
      allowedHosts: ["preview.test", ".tunnel.test"],
      log: { info: () => undefined, error: () => undefined },
    });
    try {
      expect(await statusFor(server.port, "/designs/", "preview.test")).toBe(200);
      expect(await statusFor(server.port, "/designs/", "me.tunnel.test:8080")).toBe(200);
      expect(await statusFor(server.port, "/designs/", "other.test")).toBe(403);
    } finally {
      await server.close();
      await project.cleanup();
    }

    const { dir, cleanup } = await temporaryFolder("designpress-served-");
    try {
      await writeFile(path.join(dir, "index.html"), "<p>site</p>");
      await symlink("/etc/passwd", path.join(dir, "passwd.txt"));
      await symlink("index.html", path.join(dir, "home.html"));
      const handle = createStaticHandler({ dir: () => dir, base: () => "/" });
      const served = createServer((request, response) => void handle(request, response));
      await new Promise<void>((resolve) => served.listen(0, "127.0.0.1", resolve));
      const { port } = served.address() as AddressInfo;
      try {
        const passwd = await fetch(`http://127.0.0.1:${port}/passwd.txt`);
        expect(passwd.status).toBe(404);
        expect(await passwd.text()).not.toMatch(/^root:/m);
        expect((await fetch(`http://127.0.0.1:${port}/home.html`)).status).toBe(200);
      } finally {
        served.closeAllConnections();
        await new Promise((resolve) => served.close(resolve));
      }
    } finally {
      await cleanup();
    }
  });
});
