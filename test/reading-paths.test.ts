import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fromHtml } from "hast-util-from-html";
import { selectAll } from "hast-util-select";
import { reporter } from "vfile-reporter";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/index.js";
import { messagesOf, projectOf, writeup } from "./helpers.js";

/** Three writeups, newest `c`, and a config. */
async function threeWriteups(config: string) {
  return projectOf({
    "designpress.config.yaml": config,
    "content/a.md": writeup("A", "Text.\n", "date: 2026-01-01\ntags: [x]\n"),
    "content/b.md": writeup("B", "Text.\n", "date: 2026-02-01\ntags: [y]\n"),
    "content/c.md": writeup("C", "Text.\n", "date: 2026-03-01\n"),
  });
}

async function neighbours(root: string, slug: string): Promise<{ prev?: string; next?: string }> {
  const tree = fromHtml(await readFile(path.join(root, "dist", slug, "index.html"), "utf8"));
  const href = (rel: string) =>
    selectAll(`.pagination a[rel=${rel}]`, tree).map((a) => String(a.properties.href))[0];
  return { prev: href("prev"), next: href("next") };
}

describe("previous and next", () => {
  it("follow the config's order, then the other writeups newest first", async () => {
    const project = await threeWriteups("order: [a]\n");
    try {
      const result = await build({ root: project.root });
      expect(result.ok, reporter(result.files)).toBe(true);
      expect(await neighbours(project.root, "a")).toEqual({ prev: undefined, next: "/c/" });
      expect(await neighbours(project.root, "c")).toEqual({ prev: "/a/", next: "/b/" });
      expect(await neighbours(project.root, "b")).toEqual({ prev: "/c/", next: undefined });
    } finally {
      await project.cleanup();
    }
  });

  it("fail the build on a slug in `order` that no writeup has, where it is written", async () => {
    const project = await threeWriteups("title: T\norder:\n  - c\n  - bb\n");
    try {
      const result = await build({ root: project.root });
      expect(result.ok).toBe(false);
      expect(messagesOf(result).filter((text) => text.includes("config/"))).toEqual([
        "designpress.config.yaml:4 config/order: Expected the slug of a writeup in `order`, found `bb`, which no writeup has (did you mean `b`?); fix or remove it",
      ]);
    } finally {
      await project.cleanup();
    }
  });

  it("are left out with `prevNext: false`, and /tags/ with `tagIndex: false`", async () => {
    const project = await threeWriteups("prevNext: false\ntagIndex: false\n");
    try {
      const result = await build({ root: project.root });
      expect(result.ok, reporter(result.files)).toBe(true);
      const html = await readFile(path.join(project.root, "dist", "b", "index.html"), "utf8");
      expect(html).not.toContain('class="pagination"');
      expect(html).not.toContain('href="/tags/"');
      expect(existsSync(path.join(project.root, "dist", "tags", "index.html"))).toBe(false);
      expect(existsSync(path.join(project.root, "dist", "tags", "x", "index.html"))).toBe(true);
      await writeFile(path.join(project.root, "designpress.config.yaml"), "prevNext: no\n");
      const refused = await build({ root: project.root });
      expect(refused.error?.message).toContain(
        "Expected `prevNext` to be `true` or `false`, found `no`",
      );
    } finally {
      await project.cleanup();
    }
  });
});

describe("copy buttons", () => {
  it("load their script only on a page with a code block, and never with `copyButtons: false`", async () => {
    const code = "```ts\nconst answer = 42;\n```\n\n```mermaid\nflowchart LR\n  A --> B\n```\n";
    const diagramOnly = "```mermaid\nflowchart LR\n  A --> B\n```\n";
    const script = /<script src="\/assets\/copy\.[0-9a-f]+\.js" defer><\/script>/;
    for (const [config, expected] of [
      ["title: T\n", true],
      ["copyButtons: false\n", false],
    ] as const) {
      const project = await projectOf({
        "designpress.config.yaml": config,
        "content/code.md": writeup("Code", code),
        "content/plain.md": writeup("Plain", diagramOnly),
      });
      try {
        const result = await build({ root: project.root });
        expect(result.ok, reporter(result.files)).toBe(true);
        const page = (slug: string) =>
          readFile(path.join(project.root, "dist", slug, "index.html"), "utf8");
        expect(script.test(await page("code")), config).toBe(expected);
        expect(script.test(await page("plain"))).toBe(false);
      } finally {
        await project.cleanup();
      }
    }
  });
});
