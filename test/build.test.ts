import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Element } from "hast";
import { fromHtml } from "hast-util-from-html";
import { selectAll } from "hast-util-select";
import { reporter } from "vfile-reporter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/index.js";
import { hashTree, projectWith, repoRoot } from "./helpers.js";

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

  it("builds byte-identical output the second time", async () => {
    const first = await hashTree(outDir);
    const again = await build({ root: project.root });
    expect(again.ok).toBe(true);
    // Every diagram comes from the cache: no browser is started.
    expect(again.diagrams).toMatchObject({ browserLaunched: false, rendered: 0 });
    expect(again.diagrams?.cached).toBeGreaterThanOrEqual(4);
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
