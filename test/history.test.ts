import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fromHtml } from "hast-util-from-html";
import { selectAll } from "hast-util-select";
import { reporter } from "vfile-reporter";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/index.js";
import { parseStatus } from "../src/history/git.js";
import { hashTree, projectOf, temporaryFolder, writeup } from "./helpers.js";
import { demoProject } from "./site/demo.js";

/** git in `cwd` with a fixed identity and commit date, and no user config. */
function git(cwd: string, args: string[], date = "2026-01-02T03:04:05+01:00"): string {
  return execFileSync("git", ["-c", "user.name=Ada", "-c", "user.email=ada@example.com", ...args], {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  });
}

function commitAll(cwd: string, message: string, date: string): void {
  git(cwd, ["add", "-A"]);
  git(cwd, ["commit", "-q", "--no-gpg-sign", "-m", message], date);
}

async function metaOf(root: string, slug: string) {
  const tree = fromHtml(await readFile(path.join(root, "dist", slug, "index.html"), "utf8"));
  return {
    updated: selectAll(".writeup-meta .updated time", tree).map((node) => node.properties.dateTime),
    edit: selectAll(".writeup-meta a.edit-link", tree).map((node) => node.properties.href),
  };
}

describe("last updated, from git", () => {
  it("dates each writeup by its last commit, none when changed since or not committed, and links to GitHub's editor", async () => {
    const project = await projectOf({
      "designpress.config.yaml":
        "url: https://ada.github.io\nrepo:\n  url: https://github.com/ada/designs/\n  branch: trunk\n",
      "content/a.md": writeup("A"),
      "content/notes/b.md": writeup("B"),
      "content/c.md": writeup("C", "Text.\n", "date: 2025-12-24\n"),
    });
    try {
      git(project.root, ["init", "-q"]);
      commitAll(project.root, "first", "2026-01-02T03:04:05+01:00");
      await writeFile(path.join(project.root, "content", "notes", "b.md"), writeup("B", "More.\n"));
      commitAll(project.root, "second", "2026-02-03T23:30:00-05:00");
      await writeFile(
        path.join(project.root, "content", "c.md"),
        writeup("C", "Changed.\n", "date: 2025-12-24\n"),
      );
      await writeFile(path.join(project.root, "content", "d.md"), writeup("D"));

      const result = await build({ root: project.root });
      expect(result.ok, reporter(result.files)).toBe(true);
      expect(await metaOf(project.root, "a")).toEqual({
        updated: ["2026-01-02T03:04:05+01:00"],
        edit: ["https://github.com/ada/designs/edit/trunk/content/a.md"],
      });
      const b = await readFile(path.join(project.root, "dist", "notes", "b", "index.html"), "utf8");
      // The committer's own day, on any machine.
      expect(b).toContain(
        'Updated <time datetime="2026-02-03T23:30:00-05:00">3 February 2026</time>',
      );
      expect(await metaOf(project.root, "notes/b")).toMatchObject({
        edit: ["https://github.com/ada/designs/edit/trunk/content/notes/b.md"],
      });
      for (const slug of ["c", "d"]) {
        expect(await metaOf(project.root, slug)).toEqual({
          updated: [],
          edit: [`https://github.com/ada/designs/edit/trunk/content/${slug}.md`],
        });
      }
      // The sitemap's <lastmod>: the last commit's date, else the front matter's `date`, else none.
      const sitemap = await readFile(path.join(project.root, "dist", "sitemap.xml"), "utf8");
      const urls = [...sitemap.matchAll(/<url>(.*?)<\/url>/g)].map((match) => match[1]);
      expect(urls.sort()).toEqual([
        "<loc>https://ada.github.io/</loc>",
        "<loc>https://ada.github.io/a/</loc><lastmod>2026-01-02T03:04:05+01:00</lastmod>",
        "<loc>https://ada.github.io/c/</loc><lastmod>2025-12-24</lastmod>",
        "<loc>https://ada.github.io/d/</loc>",
        "<loc>https://ada.github.io/notes/b/</loc><lastmod>2026-02-03T23:30:00-05:00</lastmod>",
      ]);
    } finally {
      await project.cleanup();
    }
  });

  it("shows no date outside git, without failing, and none from a shallow clone (with a warning)", async () => {
    const project = await projectOf({
      "designpress.config.yaml": "feed: false\n",
      "content/a.md": writeup("A"),
      "content/b.md": writeup("B"),
    });
    const clone = await temporaryFolder("designpress-shallow-");
    try {
      const outside = await build({ root: project.root });
      expect(outside.ok, reporter(outside.files)).toBe(true);
      expect(outside.warnings).toEqual([]);
      expect((await metaOf(project.root, "a")).updated).toEqual([]);

      git(project.root, ["init", "-q"]);
      commitAll(project.root, "first", "2026-01-02T03:04:05Z");
      await writeFile(path.join(project.root, "content", "b.md"), writeup("B", "More.\n"));
      commitAll(project.root, "second", "2026-03-04T05:06:07Z");
      git(clone.dir, ["clone", "-q", "--depth", "1", `file://${project.root}`, "site"]);
      const shallow = await build({ root: path.join(clone.dir, "site") });
      expect(shallow.ok, reporter(shallow.files)).toBe(true);
      expect(shallow.warnings).toEqual([
        "Expected the whole git history for the writeups' “last updated” dates, found a shallow clone; no dates are shown — fetch the whole history (`fetch-depth: 0` for actions/checkout) or set `lastUpdated: false`",
      ]);
      expect((await metaOf(path.join(clone.dir, "site"), "a")).updated).toEqual([]);
    } finally {
      await clone.cleanup();
      await project.cleanup();
    }
  });

  it("builds the demo from a repository byte-identically twice, every writeup dated by its commit", async () => {
    const project = await demoProject();
    try {
      git(project.root, ["init", "-q"]);
      commitAll(project.root, "the demo", "2026-04-05T06:07:08Z");
      const first = await build({ root: project.root });
      expect(first.ok, reporter(first.files)).toBe(true);
      const hashes = await hashTree(path.join(project.root, "dist"));
      const second = await build({ root: project.root });
      expect(second.ok).toBe(true);
      expect(await hashTree(path.join(project.root, "dist"))).toEqual(hashes);
      for (const slug of ["url-shortener", "chat-service", "news-feed", "rate-limiter"]) {
        expect((await metaOf(project.root, slug)).updated, slug).toEqual([
          "2026-04-05T06:07:08+00:00",
        ]);
      }
    } finally {
      await project.cleanup();
    }
  });
});

describe("git status", () => {
  it("lists changed, untracked and both names of a renamed file", () => {
    expect([...parseStatus(" M a.md\0?? b.md\0R  new.md\0old.md\0")]).toEqual([
      "a.md",
      "b.md",
      "new.md",
      "old.md",
    ]);
  });
});
