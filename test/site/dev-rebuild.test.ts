import { cp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { type DevServer, startDev } from "../../src/dev/index.js";
import { hashTree, repoRoot, temporaryFolder } from "../helpers.js";

/** The dev server's served folder: the one site folder in its preview folder. */
async function servedFolder(): Promise<string> {
  const previews = (await readdir(tmpdir())).filter((name) => name.startsWith("designpress-dev-"));
  for (const name of previews) {
    const site = path.join(tmpdir(), name, "site");
    const marker = await readFile(path.join(site, "index.html"), "utf8").catch(() => "");
    if (marker.includes(projectTitle)) return site;
  }
  throw new Error("the dev server's folder was not found");
}

const projectTitle = "Dev rebuild test portfolio";

/** The main process of each browser this process launched (found by its own profile folder). */
async function ownBrowsers(): Promise<number[]> {
  const prefix = `--user-data-dir=${path.join(tmpdir(), `designpress-chromium-${process.pid}-`)}`;
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "")).split("\0");
    if (
      args.some((arg) => arg.startsWith(prefix)) &&
      !args.some((arg) => arg.startsWith("--type="))
    )
      pids.push(Number(entry));
  }
  return pids;
}

describe("designpress dev across rebuilds (the demo project)", () => {
  let project: Awaited<ReturnType<typeof temporaryFolder>>;
  let dev: DevServer;
  let site: string;
  const file = (name: string) => path.join(project.dir, "content", name);

  /** Write `name`, wait for the rebuild (pages served, reload sent) and everything after it. */
  async function edit(name: string, change: (source: string) => string) {
    const built = dev.nextBuild();
    await writeFile(file(name), change(await readFile(file(name), "utf8")));
    const result = await built;
    expect(result.ok, result.error?.message).toBe(true);
    await dev.idle();
    return result;
  }

  beforeAll(async () => {
    project = await temporaryFolder("designpress-dev-rebuild-");
    await cp(path.join(repoRoot, "content"), path.join(project.dir, "content"), {
      recursive: true,
    });
    const config = await readFile(path.join(repoRoot, "designpress.config.yaml"), "utf8");
    await writeFile(
      path.join(project.dir, "designpress.config.yaml"),
      config.replace(/^title: .*$/m, `title: ${projectTitle}`),
    );
    dev = await startDev({
      root: project.dir,
      port: 0,
      log: { info: () => undefined, error: () => undefined },
    });
    site = await servedFolder();
  });
  afterAll(async () => {
    await dev?.close();
    await project?.cleanup();
  });

  it("launches one browser for several diagram edits, and another only after it is killed", async () => {
    // After the first build, mermaid is loaded in a render page per colour scheme.
    await dev.idle();
    expect(dev.renderPagesOpened).toBe(2);
    for (const round of [1, 2]) {
      const result = await edit("url-shortener.md", (source) =>
        source.replace(/cdn\["CDN edge[^"]*"\]/, `cdn["CDN edge ${round}"]`),
      );
      expect(result.diagrams?.rendered).toBe(1);
    }
    // Every edit rendered in the pages kept from the first build.
    expect(dev.renderPagesOpened).toBe(2);
    expect(dev.browserLaunches).toBe(1);
    const browsers = await ownBrowsers();
    expect(browsers).toHaveLength(1);

    process.kill(browsers[0] as number, "SIGKILL");
    const result = await edit("url-shortener.md", (source) =>
      source.replace(/cdn\["CDN edge[^"]*"\]/, 'cdn["CDN edge 3"]'),
    );
    expect(result.diagrams?.rendered).toBe(1);
    expect(result.browserLaunches).toBe(1);
    expect(dev.browserLaunches).toBe(2);
    // The killed browser's pages went with it: the new one has its own.
    expect(dev.renderPagesOpened).toBe(4);
  });

  it("serves an edited page's new text after the reload, without rewriting unchanged pages", async () => {
    const unchanged = path.join(site, "rate-limiter", "index.html");
    const before = await stat(unchanged);
    const events = await fetch(`http://127.0.0.1:${dev.port}/__designpress/events`);
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the stream's opening comment
    const reloaded = reader.read();
    await edit("url-shortener.md", (source) =>
      source.replace("looks like a weekend project", "looks like a weekend project, edited live"),
    );
    expect(new TextDecoder().decode((await reloaded).value)).toContain("event: reload");
    await reader.cancel();
    const page = await (await fetch(`${dev.url}url-shortener/`)).text();
    expect(page).toContain("edited live");
    const after = await stat(unchanged);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it("removes a deleted writeup's page", async () => {
    expect((await fetch(`${dev.url}chat-service/`)).status).toBe(200);
    // Links to it from the other writeups would fail the build: cut them first.
    for (const name of await readdir(path.join(project.dir, "content"))) {
      if (name === "chat-service.md") continue;
      const source = await readFile(file(name), "utf8");
      await writeFile(file(name), source.replace(/\]\(\.\/chat-service\.md(#[\w-]+)?\)/g, "](#)"));
    }
    const built = dev.nextBuild();
    await rm(file("chat-service.md"));
    let result = await built;
    while (result.pages !== 3) result = await dev.nextBuild();
    expect(result.ok, result.error?.message).toBe(true);
    await dev.idle();
    expect((await fetch(`${dev.url}chat-service/`)).status).toBe(404);
    await expect(stat(path.join(site, "chat-service"))).rejects.toThrow();
  });

  it("serves, after those edits, exactly what a cold build of the same project writes", async () => {
    // A diagram before the page's first one, under a heading whose id is a name the
    // diagrams' ids would take: every figure of the page is made again, none remembered.
    await edit("url-shortener.md", (source) =>
      source.replace(
        "## 5. Draw Top-Level System Diagram",
        "### Diagram 1 light\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n## 5. Draw Top-Level System Diagram",
      ),
    );
    await dev.idle();
    const cold = await build({ root: project.dir, outDir: path.join(project.dir, "cold") });
    expect(cold.ok, cold.error?.message).toBe(true);
    expect(await hashTree(site)).toEqual(await hashTree(path.join(project.dir, "cold")));
  });
});
