import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Element } from "hast";
import { fromHtml } from "hast-util-from-html";
import { selectAll } from "hast-util-select";
import { toHtml } from "hast-util-to-html";
import { toString as hastToString } from "hast-util-to-string";
import rehypeSlug from "rehype-slug";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { VFile } from "vfile";
import { reporter } from "vfile-reporter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, type Emitter } from "../src/build/index.js";
import { defaultConfig } from "../src/config/index.js";
import { copyFilesWithin } from "../src/files/within.js";
import { collectIds } from "../src/links/page-ids.js";
import { createPageProcessor } from "../src/pipeline/processor.js";
import { bundledThemesDir } from "../src/theme/load.js";
import { tagSlug } from "../src/theme/tags.js";
import {
  hashTree,
  messagesOf,
  projectOf,
  projectWith,
  repoRoot,
  temporaryFolder,
  writeup,
} from "./helpers.js";

const contentDir = path.join(repoRoot, "content");

async function page(file: string) {
  return fromHtml(await readFile(file, "utf8"));
}

function attribute(node: Element, name: string): string {
  const value = node.properties[name];
  return Array.isArray(value) ? value.join(" ") : String(value ?? "");
}

describe("designpress build on the demo portfolio", () => {
  let project: { root: string; cleanup: () => Promise<void> };
  let outDir: string;

  beforeAll(async () => {
    project = await projectWith(contentDir);
    outDir = path.join(project.root, "dist");
    const result = await build({ root: project.root });
    expect(result.error?.message).toBeUndefined();
    expect(result.ok, reporter(result.files)).toBe(true);
  });
  afterAll(() => project.cleanup());

  it("writes a page per writeup with a table of contents whose links all resolve", async () => {
    const writeups = (await readdir(contentDir)).filter((name) => name.endsWith(".md"));
    expect(writeups.length).toBeGreaterThanOrEqual(3);
    for (const name of writeups) {
      const file = path.join(outDir, name.replace(/\.md$/, ""), "index.html");
      expect(existsSync(file), file).toBe(true);
      const tree = await page(file);
      const ids = new Set(selectAll("[id]", tree).map((node) => attribute(node, "id")));
      const tocLinks = selectAll("nav.toc a", tree);
      expect(tocLinks.length, `${name} has a table of contents`).toBeGreaterThanOrEqual(9);
      for (const link of tocLinks) {
        const href = attribute(link, "href");
        expect(href.startsWith("#")).toBe(true);
        expect(ids.has(decodeURIComponent(href.slice(1))), `${name}: ${href}`).toBe(true);
      }
    }
  });

  it("shows each writeup's diagrams as inline SVG, in light and dark, and its estimates", async () => {
    const writeups = (await readdir(contentDir)).filter((name) => name.endsWith(".md"));
    for (const name of writeups) {
      const tree = await page(path.join(outDir, name.replace(/\.md$/, ""), "index.html"));
      expect(
        selectAll("figure.diagram svg.diagram-light", tree).length,
        name,
      ).toBeGreaterThanOrEqual(1);
      expect(
        selectAll("figure.diagram svg.diagram-dark", tree).length,
        name,
      ).toBeGreaterThanOrEqual(1);
      expect(selectAll("pre code.language-mermaid", tree), name).toEqual([]);
      // Rendered at build time: mermaid's client script is not needed.
      const scripts = selectAll("script[src]", tree).map((node) => attribute(node, "src"));
      expect(
        scripts.filter((src) => src.includes("mermaid")),
        name,
      ).toEqual([]);
      expect(selectAll(".estimates-table", tree).length, name).toBe(1);
      expect(selectAll("span.estimate", tree).length, name).toBeGreaterThan(0);
    }
  });

  it("links every page from the index", async () => {
    const tree = await page(path.join(outDir, "index.html"));
    const links = new Set(selectAll(".card-title a", tree).map((node) => attribute(node, "href")));
    const writeups = (await readdir(contentDir)).filter((name) => name.endsWith(".md"));
    for (const name of writeups) expect(links).toContain(`/${name.replace(/\.md$/, "")}/`);
  });

  it("lists every tag at /tags/, with its count, linked to its page", async () => {
    const tree = await page(path.join(outDir, "tags", "index.html"));
    const listed = selectAll(".tag-listing li", tree).map((item) => {
      const link = selectAll("a", item)[0] as Element;
      return { href: attribute(link, "href"), text: hastToString(item) };
    });
    const folders = (await readdir(path.join(outDir, "tags"), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => `/tags/${entry.name}/`);
    expect(listed.map((item) => item.href).sort()).toEqual(folders.sort());
    expect(folders.length).toBeGreaterThanOrEqual(5);
    for (const item of listed) {
      const tagPage = await readFile(path.join(outDir, item.href, "index.html"), "utf8");
      const count = /(\d+) designs?$/.exec(item.text)?.[1];
      expect(tagPage, item.href).toContain(`<p class="design-count">${count} design`);
    }
    // Reachable from the index.
    const index = await page(path.join(outDir, "index.html"));
    expect(selectAll('a[href="/tags/"]', index).length).toBeGreaterThanOrEqual(1);
  });

  it("links each writeup to the previous and next one in the index's order, each link to a real page", async () => {
    const index = await page(path.join(outDir, "index.html"));
    const order = selectAll(".card-title a", index).map((node) => attribute(node, "href"));
    expect(order.length).toBeGreaterThanOrEqual(4);
    for (const [position, href] of order.entries()) {
      const tree = await page(path.join(outDir, href, "index.html"));
      const previous = selectAll(".pagination a[rel=prev]", tree).map((a) => attribute(a, "href"));
      const next = selectAll(".pagination a[rel=next]", tree).map((a) => attribute(a, "href"));
      expect(previous, href).toEqual(
        order.slice(position - 1, position).filter(() => position > 0),
      );
      expect(next, href).toEqual(order.slice(position + 1, position + 2));
      for (const target of [...previous, ...next]) {
        expect(existsSync(path.join(outDir, target, "index.html")), target).toBe(true);
      }
    }
  });

  it("builds byte-identical output the second time", async () => {
    const first = await hashTree(outDir);
    const again = await build({ root: project.root });
    expect(again.ok).toBe(true);
    // Every diagram comes from the cache: no browser is started.
    expect(again.diagrams).toMatchObject({ browserLaunched: false, rendered: 0 });
    expect(again.diagrams?.cached).toBeGreaterThanOrEqual(4);
    expect(await hashTree(outDir)).toEqual(first);
    // Nor for the social cards: the build launched no browser at all.
    expect(again.cards).toMatchObject({ drawn: 0 });
    expect(again.browserLaunches).toBe(0);
  });

  it("builds the search index and the social cards byte for byte again when made afresh", async () => {
    const first = await hashTree(outDir);
    const names = Object.keys(first);
    expect(names).toEqual(expect.arrayContaining(["pagefind/pagefind.js", "social-card.png"]));
    expect(names.filter((name) => name.endsWith("/social-card.png")).length).toBeGreaterThan(3);
    for (const cache of ["cards", "search", "build"]) {
      await rm(path.join(project.root, ".designpress-cache", cache), { recursive: true });
    }
    const fresh = await build({ root: project.root });
    expect(fresh.ok).toBe(true);
    expect(fresh.cards).toEqual({
      drawn: names.filter((name) => name.endsWith("social-card.png")).length,
      cached: 0,
    });
    expect(await hashTree(outDir)).toEqual(first);
  });

  it("fails on broken front matter with file and line, and keeps the previous output", async () => {
    const before = await hashTree(outDir);
    const broken = path.join(project.root, "content", "broken.md");
    await writeFile(
      broken,
      "---\ntitle: Broken\ntags: [unclosed\n---\n\n## 1. Gather Requirements\n",
    );
    try {
      const result = await build({ root: project.root });
      expect(result.ok).toBe(false);
      const messages = result.files.flatMap((file) =>
        file.messages.map((message) => `${file.path}:${message.line}: ${message.reason}`),
      );
      expect(
        messages.some((text) => /^content\/broken\.md:3: Invalid YAML front matter/.test(text)),
        messages.join("\n"),
      ).toBe(true);
      expect(await hashTree(outDir)).toEqual(before);
    } finally {
      await rm(broken);
    }
  });

  it("prefixes internal links and assets with --base", async () => {
    const result = await build({ root: project.root, outDir: "dist-base", base: "/designs/" });
    expect(result.ok).toBe(true);
    const tree = await page(path.join(project.root, "dist-base", "index.html"));
    const urls = [
      ...selectAll("a[href]", tree).map((node) => attribute(node, "href")),
      ...selectAll("link[href]", tree).map((node) => attribute(node, "href")),
    ].filter((url) => !/^[a-z]+:|^#/.test(url));
    expect(urls.length).toBeGreaterThan(3);
    for (const url of urls) expect(url.startsWith("/designs/"), url).toBe(true);
  });
});

describe("output safety", () => {
  it("refuses to write into the content folder, the project folder or a foreign folder", async () => {
    const project = await projectWith(contentDir);
    try {
      for (const outDir of ["content", ".", ".."]) {
        const result = await build({ root: project.root, outDir });
        expect(result.ok, outDir).toBe(false);
        expect(result.error?.message, outDir).toMatch(/Refusing/);
      }
      const foreign = path.join(project.root, "site");
      await mkdir(foreign);
      await writeFile(path.join(foreign, "notes.txt"), "mine");
      const result = await build({ root: project.root, outDir: "site" });
      expect(result.error?.message).toMatch(/did not write it/);
      expect(await readFile(path.join(foreign, "notes.txt"), "utf8")).toBe("mine");
      expect(existsSync(path.join(project.root, "content", "url-shortener.md"))).toBe(true);
    } finally {
      await project.cleanup();
    }
  });
});

describe("site config problems in a build", () => {
  it("reports an unknown rule id once, against the config, not on every page", async () => {
    const project = await projectWith(contentDir);
    try {
      await writeFile(
        path.join(project.root, "designpress.config.yaml"),
        "check:\n  rules:\n    nine-steps/failovr: off\n",
      );
      const result = await build({ root: project.root });
      expect(result.ok).toBe(true);
      const unknown = result.files.flatMap((file) =>
        file.messages
          .filter((message) => message.ruleId === "nine-steps/unknown-rule")
          .map((message) => `${file.path}:${message.line}`),
      );
      expect(unknown).toEqual(["designpress.config.yaml:3"]);
    } finally {
      await project.cleanup();
    }
  });
});

/** Every file under `dir`, relative, `/`-separated, with `L` for a link. */
async function listing(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => {
      const relative = path.relative(dir, path.join(entry.parentPath, entry.name));
      return `${relative.split(path.sep).join("/")}${entry.isSymbolicLink() ? " L" : ""}`;
    })
    .sort();
}

describe("symlinks under the content folder", () => {
  it("follows none out of it, descends no linked folder, copies no linked secret, and says what it skipped", async () => {
    const project = await projectOf({
      "content/a.md": writeup(
        "A",
        "![passwd](./passwd.png) [secret](./secret.txt) [inside](./inside.txt)\n",
      ),
      "content/real.txt": "fine\n",
      "content/b.md": writeup("B"),
      "outside/secret.md": writeup("Secret page"),
      "outside/secret.txt": "top secret\n",
    });
    const content = path.join(project.root, "content");
    await symlink("/etc/passwd", path.join(content, "passwd.png"));
    await symlink(
      path.join(project.root, "outside", "secret.txt"),
      path.join(content, "secret.txt"),
    );
    await symlink(path.join(project.root, "outside", "secret.md"), path.join(content, "leak.md"));
    await symlink(path.join(project.root, "outside"), path.join(content, "elsewhere"));
    await symlink("/", path.join(content, "root"));
    await symlink("b.md", path.join(content, "alias.md"));
    await symlink("real.txt", path.join(content, "inside.txt"));
    try {
      const result = await build({ root: project.root });
      expect(result.error?.message).toBeUndefined();
      expect(result.ok, reporter(result.files)).toBe(true);
      const skipped = messagesOf(result).filter((text) => text.includes("build/symlink"));
      expect(skipped).toEqual([
        expect.stringMatching(
          /^content\/elsewhere:0 build\/symlink: .*`content\/elsewhere` → `.*\/outside` points to a folder, which is not followed/,
        ),
        expect.stringMatching(
          /^content\/leak\.md:0 build\/symlink: .*`content\/leak\.md` → `.*\/outside\/secret\.md` points outside `content`/,
        ),
        expect.stringMatching(
          /^content\/root:0 build\/symlink: .*`content\/root` → `\/` points to a folder/,
        ),
        expect.stringMatching(
          /^content\/a\.md:5 build\/symlink: .*`content\/passwd\.png`, a symlink to `\/etc\/passwd`; it is not copied/,
        ),
        expect.stringMatching(
          /^content\/a\.md:5 build\/symlink: .*`content\/secret\.txt`, a symlink to `.*\/outside\/secret\.txt`; it is not copied/,
        ),
      ]);
      const dist = path.join(project.root, "dist");
      // The alias inside the content folder is a page; the link inside is copied, as a file.
      expect(await listing(dist)).toEqual(
        expect.arrayContaining(["a/index.html", "alias/index.html", "inside.txt"]),
      );
      const written = await listing(dist);
      expect(written.filter((name) => name.endsWith(" L"))).toEqual([]);
      expect(written.filter((name) => /passwd|secret|leak|elsewhere|root/.test(name))).toEqual([]);
      for (const name of written) {
        const text = await readFile(path.join(dist, name), "utf8");
        expect(text, name).not.toContain("top secret");
        expect(text, name).not.toMatch(/^root:/m);
      }
    } finally {
      await project.cleanup();
    }
  });
});

describe("one owner per output path", () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      "a content file on a writeup's page",
      { "content/b.md": writeup("B"), "content/b/index.html": "<p>mine</p>" },
      /^content\/b\/index\.html:0 build\/path-collision: .*landing on `b\/index\.html`, where the build writes the page of `content\/b\.md`/,
    ],
    [
      "a content file on the theme's stylesheet",
      { "content/assets/style.css": "body{}" },
      /^content\/assets\/style\.css:0 build\/path-collision: .*landing inside `assets\/`, where the build writes the assets of the theme `default`/,
    ],
    [
      "a content file among the tag pages",
      { "content/tags/x/index.html": "<p>mine</p>" },
      /^content\/tags\/x\/index\.html:0 build\/path-collision: .*landing inside `tags\/`, where the build writes the tag pages/,
    ],
    [
      "a content file on the 404 page",
      { "content/404.html": "<p>mine</p>" },
      /^content\/404\.html:0 build\/path-collision: .*landing on `404\.html`, where the build writes the site's 404 page/,
    ],
  ];
  for (const [name, files, expected] of cases) {
    it(`fails on ${name}, naming both sources, the same way every time`, async () => {
      const linked = Object.keys(files)
        .filter((file) => !file.endsWith(".md"))
        .map((file) => `[file](./${path.relative("content", file)})`)
        .join(" ");
      const project = await projectOf({ ...files, "content/a.md": writeup("A", `${linked}\n`) });
      try {
        for (let round = 0; round < 2; round++) {
          const result = await build({ root: project.root });
          expect(result.ok).toBe(false);
          const collisions = messagesOf(result).filter((text) => text.includes("path-collision"));
          expect(collisions).toEqual([expect.stringMatching(expected)]);
          expect(collisions[0]).toContain("(linked from `content/a.md`)");
          expect(existsSync(path.join(project.root, "dist"))).toBe(false);
        }
      } finally {
        await project.cleanup();
      }
    });
  }
});

describe("output and cache folders", () => {
  it("refuses an output folder inside the content folder, and a cache folder inside the output or content folder or outside the project", async () => {
    const project = await projectOf({ "content/a.md": writeup("A") });
    try {
      const inside = await build({ root: project.root, outDir: "content/sub" });
      expect(inside.error?.message).toMatch(
        /^Refusing to write the site to `content\/sub`: it is inside the content folder `content`/,
      );
      for (const [cacheDir, where] of <[string, string][]>[
        ["dist/cache", "inside the output folder `dist`"],
        ["content", "inside the content folder `content`"],
        ["content/.cache", "inside the content folder `content`"],
        [
          "../elsewhere",
          "outside the project, where a site's config may not have the build read or write",
        ],
      ]) {
        await writeFile(
          path.join(project.root, "designpress.config.yaml"),
          `mermaid:\n  cacheDir: ${cacheDir}\n`,
        );
        const result = await build({ root: project.root });
        expect(result.ok, cacheDir).toBe(false);
        // A folder outside the project is shown by its full path.
        const shown = cacheDir.startsWith("..") ? path.resolve(project.root, cacheDir) : cacheDir;
        expect(result.error?.message, cacheDir).toContain(
          `Refusing the diagram cache folder \`${shown}\` (\`mermaid.cacheDir\`): it is ${where}`,
        );
      }
      expect(await readdir(path.join(project.root, "content"))).toEqual(["a.md"]);
      expect(existsSync(path.join(project.root, "dist"))).toBe(false);
      expect(existsSync(path.join(project.root, "..", "elsewhere"))).toBe(false);
    } finally {
      await project.cleanup();
    }
  });

  it("reports an output folder it cannot create or write as a message naming it", async () => {
    const project = await projectOf({ "content/a.md": writeup("A"), blocker: "a file" });
    try {
      for (const [outDir, expected] of [
        ["/proc/designpress-x", /^Cannot write the site to `\/proc\/designpress-x` \(ENOENT/],
        ["blocker/dist", /^Cannot write the site to `blocker\/dist` \((ENOTDIR|EEXIST)/],
        ["blocker", /^Refusing to replace `blocker`: it is a file, not a folder/],
      ] as const) {
        const result = await build({ root: project.root, outDir });
        expect(result.ok, outDir).toBe(false);
        expect(result.error?.message, outDir).toMatch(expected);
      }
      expect(await readFile(path.join(project.root, "blocker"), "utf8")).toBe("a file");
    } finally {
      await project.cleanup();
    }
  });
});

/** The PID of a process that has ended (and is not running again). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid as number;
}

describe("leftovers of builds that were killed", () => {
  it("removes a dead build's fresh output, keeps a running build's, and restores or removes the previous output", async () => {
    // No feed: without `url` it would be a warning of its own.
    const project = await projectOf({
      "designpress.config.yaml": "feed: false\n",
      "content/a.md": writeup("A"),
    });
    const beside = (kind: string, pid: number) =>
      path.join(project.root, `.dist.designpress-${kind}-${pid}`);
    try {
      const dead = await deadPid();
      // Killed between its two renames: the previous site is only in `old`.
      await mkdir(beside("old", dead));
      await writeFile(path.join(beside("old", dead), ".designpress"), "");
      await writeFile(path.join(beside("old", dead), "index.html"), "previous site");
      await mkdir(beside("new", dead));
      // A build running at this very moment, as far as its PID tells.
      const running = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
      const live = running.pid as number;
      await mkdir(beside("new", live));
      try {
        // A build that fails before writing restores the previous site all the same.
        await writeFile(path.join(project.root, "content", "bad.md"), "---\ntitle: [\n---\n");
        const failed = await build({ root: project.root });
        expect(failed.ok).toBe(false);
        expect(failed.warnings).toEqual([
          expect.stringMatching(
            new RegExp(
              `^Restored \`dist\` from \`\\.dist\\.designpress-old-${dead}\`, left by a build`,
            ),
          ),
        ]);
        expect(await readFile(path.join(project.root, "dist", "index.html"), "utf8")).toBe(
          "previous site",
        );
        expect(existsSync(beside("old", dead))).toBe(false);
        expect(existsSync(beside("new", dead))).toBe(false);
        expect(existsSync(beside("new", live)), "a running build's folder").toBe(true);

        await rm(path.join(project.root, "content", "bad.md"));
        const other = await deadPid();
        await mkdir(beside("old", other));
        const rebuilt = await build({ root: project.root });
        expect(rebuilt.ok).toBe(true);
        expect(rebuilt.warnings).toEqual([]);
        expect(existsSync(beside("old", other)), "removed: dist/ was there").toBe(false);
        // The site it replaced, set aside for the swap, is gone by the time the build returns.
        expect(existsSync(beside("old", process.pid))).toBe(false);
        expect(await readFile(path.join(project.root, "dist", "index.html"), "utf8")).toContain(
          "<!DOCTYPE html>",
        );
      } finally {
        running.kill("SIGKILL");
      }
    } finally {
      await project.cleanup();
    }
  });
});

describe("theme assets that are symlinks (copyFilesWithin)", () => {
  it("copies a link inside the theme as a file, and refuses one leading out, naming it", async () => {
    const { dir, cleanup } = await temporaryFolder("designpress-theme-");
    try {
      const theme = path.join(dir, "themes", "linked");
      await cp(path.join(bundledThemesDir, "default"), theme, { recursive: true });
      await symlink("style.css", path.join(theme, "assets", "alias.css"));
      const out = path.join(dir, "copied");
      expect(await copyFilesWithin(path.join(theme, "assets"), out, theme)).toEqual([]);
      expect(await listing(out)).toEqual([
        "alias.css",
        "copy.js",
        "favicon.svg",
        "search.js",
        "style.css",
        "theme.js",
        "toc.js",
      ]);
      expect(await readFile(path.join(out, "alias.css"), "utf8")).toBe(
        await readFile(path.join(theme, "assets", "style.css"), "utf8"),
      );

      await symlink("/etc/passwd", path.join(theme, "assets", "passwd.txt"));
      await symlink(theme, path.join(theme, "assets", "loop"));
      const refused = await copyFilesWithin(
        path.join(theme, "assets"),
        path.join(dir, "again"),
        theme,
      );
      expect(refused.map((link) => [path.basename(link.link), link.reason])).toEqual([
        ["loop", "folder"],
        ["passwd.txt", "outside"],
      ]);
      expect(await listing(path.join(dir, "again"))).not.toContain("passwd.txt");

      await mkdir(path.join(dir, "content"));
      await writeFile(path.join(dir, "content", "a.md"), writeup("A"));
      await writeFile(path.join(dir, "designpress.config.yaml"), "theme: linked\n");
      const result = await build({ root: dir });
      expect(result.ok).toBe(false);
      expect(result.error?.message).toMatch(
        /^Expected the theme's assets to be files inside the theme, found `themes\/linked\/assets\/loop` → `.*\/themes\/linked` points to a folder, which is not followed, `themes\/linked\/assets\/passwd\.txt` → `\/etc\/passwd` points outside `themes\/linked`; copy the file itself into `themes\/linked\/assets`$/,
      );
      expect(existsSync(path.join(dir, "dist"))).toBe(false);

      await rm(path.join(theme, "assets", "passwd.txt"));
      await rm(path.join(theme, "assets", "loop"));
      const built = await build({ root: dir });
      expect(built.ok, built.error?.message).toBe(true);
      // Written as files (no ` L`), under their content-hashed names.
      const assets = await listing(path.join(dir, "dist", "assets"));
      expect(assets.map((name) => name.replace(/\.[0-9a-f]{8}\./, ".#."))).toEqual([
        "alias.#.css",
        "copy.#.js",
        "favicon.#.svg",
        "search.#.js",
        "style.#.css",
        "theme.#.js",
        "toc.#.js",
      ]);
      const text = (prefix: string) =>
        readFile(
          path.join(dir, "dist", "assets", assets.find((name) => name.startsWith(prefix)) ?? ""),
          "utf8",
        );
      expect(await text("alias.")).toBe(await text("style."));

      // A template that is a link out of the theme is refused too.
      await rm(path.join(theme, "404.html"));
      await symlink("/etc/passwd", path.join(theme, "404.html"));
      const template = await build({ root: dir });
      expect(template.ok).toBe(false);
      expect(template.error?.message).toMatch(
        /^Expected the theme file `themes\/linked\/404\.html` inside the theme folder, found a symlink to `\/etc\/passwd`/,
      );
    } finally {
      await cleanup();
    }
  });
});

describe("tag slugs", () => {
  it("gives distinct tags distinct pages, one tag in any case one page", () => {
    const slugs = [
      "C++",
      "C#",
      "C",
      "F#",
      "R&D",
      "!!!",
      "tag",
      "API",
      "api",
      "read heavy",
      "read-heavy",
    ].map(tagSlug);
    expect(slugs).toEqual([
      "c-plus-plus",
      "c-sharp",
      "c",
      "f-sharp",
      "r-and-d",
      expect.stringMatching(/^tag-[0-9a-f]{8}$/),
      "tag",
      "api",
      "api",
      "read-heavy",
      "read-heavy",
    ]);
    expect(tagSlug("!!!")).toBe(tagSlug("!!!"));
    expect(tagSlug("!!!")).not.toBe(tagSlug("???"));
  });

  it("builds a page per tag, and fails naming both tags that would share one", async () => {
    const project = await projectOf({
      "content/a.md": writeup("A", "Text.\n", "tags: [C++, C#, C, '!!!', tag]\n"),
      "content/b.md": writeup("B", "Text.\n", "tags: [c++, API]\n"),
      "content/c.md": writeup("C", "Text.\n", "tags: [api]\n"),
    });
    try {
      const result = await build({ root: project.root });
      expect(result.ok, reporter(result.files)).toBe(true);
      const tags = (await readdir(path.join(project.root, "dist", "tags"))).sort();
      expect(tags).toEqual(
        ["api", "c", "c-plus-plus", "c-sharp", "index.html", tagSlug("!!!"), "tag"].sort(),
      );
      const cpp = await readFile(
        path.join(project.root, "dist", "tags", "c-plus-plus", "index.html"),
        "utf8",
      );
      expect(cpp).toContain("Tagged “C++”");
      expect(cpp).toContain("2 designs");

      await writeFile(
        path.join(project.root, "content", "d.md"),
        writeup("D", "Text.\n", "tags: [node.js]\n"),
      );
      await writeFile(
        path.join(project.root, "content", "e.md"),
        writeup("E", "Text.\n", "tags: [nodejs]\n"),
      );
      const clash = await build({ root: project.root });
      expect(clash.ok).toBe(false);
      expect(messagesOf(clash).filter((text) => text.includes("tag-collision"))).toEqual([
        "content/e.md:3 build/tag-collision: Expected tags with pages of their own, found `nodejs` and `node.js` (in `content/d.md`), which would share `tags/nodejs/`; spell them the same, or rename one",
      ]);
      // e.md is now taken from the build cache, its front matter not parsed: the message still points at its tags.
      await writeFile(
        path.join(project.root, "content", "d.md"),
        writeup("D", "Other text.\n", "tags: [node.js]\n"),
      );
      const again = await build({ root: project.root });
      expect(again.cache?.transformed).toEqual(["content/d.md"]);
      expect(messagesOf(again).filter((text) => text.includes("tag-collision"))).toEqual(
        messagesOf(clash).filter((text) => text.includes("tag-collision")),
      );
    } finally {
      await project.cleanup();
    }
  });
});

describe("computed once, carried forward", () => {
  it("takes the title from the `# heading` in mdast, and step anchors from the step headings' own ids", async () => {
    const file = new VFile({
      path: "content/overview.md",
      value:
        '# Overview\n\n## 1. Gather Requirements\n\n## Overview\n\n## 3. Capacity Estimation\n\n<p id="raw">Raw HTML.</p>\n',
    });
    file.data.title = "";
    const processor = createPageProcessor(defaultConfig(repoRoot));
    const tree = await processor.run(processor.parse(file), file);
    const html = toHtml(tree);
    expect(file.data.title).toBe("Overview");
    // The title left the body after the ids were given: the later heading keeps GitHub's id.
    expect(html).not.toContain("<h1");
    expect(html).toContain('<h2 id="overview-1">');
    expect(file.data.stepAnchors).toEqual({
      requirements: "1-gather-requirements",
      capacity: "3-capacity-estimation",
    });
    expect(html).not.toContain("data-designpress");
    expect(collectIds(tree)).toEqual([
      "1-gather-requirements",
      "overview-1",
      "3-capacity-estimation",
      "raw",
    ]);
  });

  it("collects every id on a page, the title's too when it stays", async () => {
    const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeSlug);
    const tree = await processor.run(
      processor.parse(
        "# Title\n\n## 1. Gather Requirements\n\n### Use cases\n\n#### Deep\n\n## 8. Discuss Scaling\n\n## Scaling\n",
      ),
    );
    // Moved from the table of contents' test, which used to collect them.
    expect(collectIds(tree)).toEqual([
      "title",
      "1-gather-requirements",
      "use-cases",
      "deep",
      "8-discuss-scaling",
      "scaling",
    ]);
  });
});

describe("emitters", () => {
  it("starts the emitters after an overlapping one once it hands off, and swaps the site in once it ends", async () => {
    const project = await projectOf({ "content/a.md": writeup("A") });
    const events: string[] = [];
    let finish = () => {};
    const overlapping: Emitter = {
      name: "slow index",
      overlaps: true,
      claims: () => [{ path: "slow.txt", source: "the slow index" }],
      async emit(_site, out, handOff) {
        events.push("overlapping starts");
        // The emitters after it wait for this, not for its end.
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push("hands off");
        handOff?.();
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        await out.write("slow.txt", "made last\n");
        events.push("overlapping ends");
      },
    };
    const next: Emitter = {
      name: "next",
      claims: () => [{ path: "next.txt", source: "the next output" }],
      async emit(_site, out) {
        events.push("next starts");
        await out.write("next.txt", "made while the other works\n");
        // The site is not swapped in while the overlapping emitter works.
        expect(existsSync(path.join(project.root, "dist", "next.txt"))).toBe(false);
        finish();
      },
    };
    try {
      const result = await build({ root: project.root, emitters: [overlapping, next] });
      expect(result.ok).toBe(true);
      expect(events).toEqual([
        "overlapping starts",
        "hands off",
        "next starts",
        "overlapping ends",
      ]);
      expect(await readFile(path.join(project.root, "dist", "slow.txt"), "utf8")).toBe(
        "made last\n",
      );
    } finally {
      await project.cleanup();
    }
  });

  it("runs an emitter given to build() after designpress's own, and refuses one claiming a path of theirs", async () => {
    const project = await projectOf({
      "content/a.md": writeup("A", "Text.\n", "date: 2026-01-02\n"),
      "content/b.md": writeup("B"),
    });
    const designs: Emitter = {
      name: "designs.json",
      claims: () => [{ path: "designs.json", source: "the designs list" }],
      async emit({ site }, out) {
        await out.write(
          "designs.json",
          JSON.stringify(site.pages.map((page) => ({ slug: page.slug, title: page.title }))),
        );
      },
    };
    try {
      const result = await build({ root: project.root, emitters: [designs] });
      expect(result.ok).toBe(true);
      expect(
        JSON.parse(await readFile(path.join(project.root, "dist", "designs.json"), "utf8")),
      ).toEqual([
        { slug: "a", title: "A" },
        { slug: "b", title: "B" },
      ]);
      const clash: Emitter = {
        ...designs,
        claims: () => [{ path: "index.html", source: "my index" }],
      };
      const refused = await build({ root: project.root, emitters: [clash] });
      expect(refused.ok).toBe(false);
      expect(refused.error?.message).toBe(
        "Expected one owner per output path, found `index.html` by my index and by the site's index page; rename one of them",
      );
    } finally {
      await project.cleanup();
    }
  });
});
