import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { hashAssets } from "../../src/theme/assets.js";
import { temporaryFolder } from "../helpers.js";

const writeup = `---
title: Tiny
summary: A writeup to theme.
tags: [demo]
date: 2026-02-01
---

## 1. Gather Requirements

Users can shorten links.
`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A project with one writeup and the given files under `themes/custom/`. */
async function projectWithTheme(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await temporaryFolder("designpress-theme-");
  cleanups.push(cleanup);
  await mkdir(path.join(dir, "content"));
  await writeFile(path.join(dir, "content", "tiny.md"), writeup);
  await writeFile(path.join(dir, "designpress.config.yaml"), "title: Themed\ntheme: custom\n");
  await mkdir(path.join(dir, "themes", "custom"), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, "themes", "custom", name)), { recursive: true });
    await writeFile(path.join(dir, "themes", "custom", name), text);
  }
  return dir;
}

async function buildOk(root: string): Promise<string> {
  const result = await build({ root });
  expect(result.error?.message).toBeUndefined();
  expect(result.ok).toBe(true);
  return path.join(root, "dist");
}

describe("a theme falls back to the default theme file by file", () => {
  it("builds a theme that overrides only page.html, inside the default layout and with its assets", async () => {
    const root = await projectWithTheme({
      "page.html":
        '<main id="content" class="custom-page"><h1>{{title}}</h1>{{{content}}}</main>\n',
    });
    const dist = await buildOk(root);
    const page = await readFile(path.join(dist, "tiny", "index.html"), "utf8");
    expect(page).toContain('<main id="content" class="custom-page"><h1>Tiny</h1>');
    // The layout around it, and the default theme's other templates and assets.
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<a class="skip-link" href="#content">');
    expect(page).toMatch(/href="\/assets\/style\.[0-9a-f]{8}\.css"/);
    const index = await readFile(path.join(dist, "index.html"), "utf8");
    expect(index).toContain('<article class="card">');
    expect((await readdir(path.join(dist, "assets"))).sort()).toEqual([
      expect.stringMatching(/^copy\.[0-9a-f]{8}\.js$/),
      expect.stringMatching(/^favicon\.[0-9a-f]{8}\.svg$/),
      expect.stringMatching(/^search\.[0-9a-f]{8}\.js$/),
      expect.stringMatching(/^style\.[0-9a-f]{8}\.css$/),
      expect.stringMatching(/^theme\.[0-9a-f]{8}\.js$/),
      expect.stringMatching(/^toc\.[0-9a-f]{8}\.js$/),
    ]);
  });

  it("builds a theme without assets/ with the default assets, and takes the assets it has over them", async () => {
    const bare = await projectWithTheme({
      "index.html": '<main id="content">{{{cards}}}</main>\n',
    });
    const bareAssets = await readdir(path.join(await buildOk(bare), "assets"));
    expect(bareAssets.some((name) => /^style\.[0-9a-f]{8}\.css$/.test(name))).toBe(true);

    const restyled = await projectWithTheme({
      "assets/style.css": "body { color: rebeccapurple; }\n",
    });
    const dist = await buildOk(restyled);
    const sheet = (await readdir(path.join(dist, "assets"))).find((name) =>
      name.startsWith("style."),
    ) as string;
    expect(await readFile(path.join(dist, "assets", sheet), "utf8")).toBe(
      "body { color: rebeccapurple; }\n",
    );
    expect(await readFile(path.join(dist, "tiny", "index.html"), "utf8")).toContain(
      `href="/assets/${sheet}"`,
    );
  });

  it("uses a theme's component template (a card) in place of the default one", async () => {
    const root = await projectWithTheme({
      "components/card.html":
        '<article class="my-card"><a href="{{href}}">{{title}}</a> {{{date}}} {{summary}}</article>\n',
    });
    const dist = await buildOk(root);
    const index = await readFile(path.join(dist, "index.html"), "utf8");
    expect(index).toContain(
      '<article class="my-card"><a href="/tiny/">Tiny</a> <time datetime="2026-02-01">1 February 2026</time> A writeup to theme.</article>',
    );
    expect(index).not.toContain('class="card"');
    expect(await readFile(path.join(dist, "tags", "demo", "index.html"), "utf8")).toContain(
      '<article class="my-card">',
    );
  });

  it("uses a template that is a whole document as it is, without the layout", async () => {
    const root = await projectWithTheme({
      "404.html":
        '<!DOCTYPE html>\n<html lang="en"><head><title>{{title}}</title></head><body>gone</body></html>\n',
    });
    const dist = await buildOk(root);
    expect(await readFile(path.join(dist, "404.html"), "utf8")).toBe(
      '<!DOCTYPE html>\n<html lang="en"><head><title>Page not found</title></head><body>gone</body></html>\n',
    );
  });

  it("names the template and the asset when a slot names an asset the theme lacks", async () => {
    const root = await projectWithTheme({
      "index.html": '<main id="content"><img src="{{assets/logo.png}}" alt=""></main>\n',
    });
    const result = await build({ root });
    expect(result.ok).toBe(false);
    expect(result.error?.message).toBe(
      "Expected an asset for the slot `assets/logo.png` in the theme template `themes/custom/index.html`, found no file `assets/logo.png` in the theme or the default theme; add the file or fix the name",
    );
  });

  it("says which folder it looked for when the theme does not exist", async () => {
    const root = await projectWithTheme({});
    await writeFile(path.join(root, "designpress.config.yaml"), "theme: missing\n");
    const result = await build({ root });
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(
      /^Expected a theme folder `themes\/missing` for the config's `theme: missing`, found none; /,
    );
  });
});

describe("the default theme's layout", () => {
  it("gives every page type the skip link, header and footer", async () => {
    const root = await projectWithTheme({});
    const dist = await buildOk(root);
    for (const file of ["index.html", "404.html", "tiny/index.html", "tags/demo/index.html"]) {
      const html = await readFile(path.join(dist, file), "utf8");
      expect(html, file).toContain('<a class="skip-link" href="#content">');
      expect(html, file).toContain('<main id="content"');
      expect(html, file).toContain('<header class="site-header">');
      expect(html, file).toContain('<footer class="site-footer">');
    }
  });
});

describe("content-hashed asset names", () => {
  it("renames a style sheet's references to other assets, and the sheet's hash follows them", async () => {
    const { dir, cleanup } = await temporaryFolder("designpress-assets-");
    cleanups.push(cleanup);
    await mkdir(path.join(dir, "fonts"));
    await writeFile(path.join(dir, "fonts", "body.woff2"), "font bytes");
    await writeFile(
      path.join(dir, "style.css"),
      '@font-face { src: url("fonts/body.woff2") format("woff2"); } a { background: url(#x) }',
    );
    const first = await hashAssets([dir]);
    const font = first.files.get("fonts/body.woff2")?.output as string;
    expect(font).toMatch(/^fonts\/body\.[0-9a-f]{8}\.woff2$/);
    expect(first.files.get("style.css")?.content.toString()).toBe(
      `@font-face { src: url("${font}") format("woff2"); } a { background: url(#x) }`,
    );
    await writeFile(path.join(dir, "fonts", "body.woff2"), "other font bytes");
    const second = await hashAssets([dir]);
    expect(second.files.get("style.css")?.output).not.toBe(first.files.get("style.css")?.output);
    expect(await hashAssets([dir])).toEqual(second);
  });
});
