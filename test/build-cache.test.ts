import { createHash } from "node:crypto";
import {
  copyFile,
  mkdir,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { reporter } from "vfile-reporter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BuildOptions, build, createBuildCache } from "../src/build/index.js";
import { bundledThemesDir } from "../src/theme/load.js";
import { hashTree, temporaryFolder } from "./helpers.js";

/** A writeup with a title, tags and some steps; `body` after them. */
function writeup(title: string, body: string, front = ""): string {
  return `---\ntitle: ${title}\nsummary: ${title}, the summary.\ntags: [caching, ${title.toLowerCase()}]\ndate: 2026-01-0${title.length % 9 || 1}\n${front}---\n\n## Gather Requirements\n\nUsers shorten links.\n\n## Discuss Scaling\n\nShard by key.\n\n${body}\n`;
}

const pages = {
  "alpha.md": writeup(
    "Alpha",
    "See [the beta limits](beta.md#limits) and [beta](beta.md).\n\n![a chart](chart.svg)",
  ),
  "beta.md": writeup("Beta", "## Limits\n\nTen per second.\n\n## Later\n\nMore."),
  "gamma.md": writeup("Gamma", "Nothing links here. [Out](https://example.com)"),
  "delta.md": writeup(
    "Delta",
    "A [missing file](nowhere.pdf) is a warning.",
    "capacity:\n  users: 10M\n  writes: 2 / user / day\n  read_write_ratio: 10\n  write_size: 1 KB\n",
  ),
};

const all = ["content/alpha.md", "content/beta.md", "content/delta.md", "content/gamma.md"];

describe("the build cache", () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const cacheDir = () => path.join(root, ".designpress-cache", "build");

  beforeEach(async () => {
    ({ dir: root, cleanup } = await temporaryFolder("designpress-cache-"));
    await mkdir(path.join(root, "content"));
    for (const [name, text] of Object.entries(pages)) {
      await writeFile(path.join(root, "content", name), text);
    }
    await writeFile(
      path.join(root, "content", "chart.svg"),
      "<svg xmlns='http://www.w3.org/2000/svg'/>",
    );
    await writeFile(path.join(root, "designpress.config.yaml"), "title: Cache test\n");
  });
  afterEach(() => cleanup());

  /** A build with the cache, and its messages as printed. */
  async function cached(options: BuildOptions = {}) {
    const result = await build({ root, ...options });
    expect(result.error?.message).toBeUndefined();
    expect(result.ok).toBe(true);
    return { result, report: reporter(result.files, { quiet: true }) };
  }

  /** A cold build (no cache) of the same project into its own folder: what a cached build must equal. */
  async function cold(options: BuildOptions = {}) {
    const outDir = path.join(root, "cold");
    const result = await build({ root, outDir, cacheDir: false, ...options });
    expect(result.ok).toBe(true);
    expect(result.cache).toBeUndefined();
    const tree = await hashTree(outDir);
    await rm(outDir, { recursive: true });
    return { tree, report: reporter(result.files, { quiet: true }) };
  }

  async function entries(): Promise<string[]> {
    const found = await readdir(cacheDir()).catch(() => []);
    return found
      .filter((name) => /^[0-9a-f]{64}\.json$/.test(name))
      .map((name) => path.join(cacheDir(), name));
  }

  /** Let go of the last build's record of the whole site: the next build goes through the pages. */
  async function forgetSite() {
    const found = await readdir(cacheDir()).catch(() => []);
    for (const name of found.filter((name) => name.startsWith("site-"))) {
      await rm(path.join(cacheDir(), name));
    }
  }

  /** Build with the cache, check it against a cold build (same files, same messages): the pages transformed. */
  async function rebuildMatchesCold(options: BuildOptions = {}) {
    const { result, report } = await cached(options);
    const expected = await cold(options);
    expect(await hashTree(path.join(root, "dist"))).toEqual(expected.tree);
    expect(report).toBe(expected.report);
    return result.cache?.transformed.sort();
  }

  it("transforms again exactly the pages whose own inputs changed, and the site still equals a cold build", async () => {
    expect(await rebuildMatchesCold()).toEqual(all);
    expect(await entries()).toHaveLength(4);
    // The messages of a page taken from the cache are its own (the missing file's warning).
    const { result, report } = await cached();
    expect(result.cache?.reused).toBe(4);
    expect(report).toMatch(/nowhere\.pdf/);

    // Nothing changed: nothing transformed.
    expect(await rebuildMatchesCold()).toEqual([]);

    // Its source: that page only.
    await writeFile(
      path.join(root, "content", "gamma.md"),
      pages["gamma.md"].replace("Nothing links here.", "Still nothing links here."),
    );
    expect(await rebuildMatchesCold()).toEqual(["content/gamma.md"]);

    // A heading of a page another links to (the fragment goes, a warning by this
    // config): that page only is transformed, and the page linking to it says so,
    // as a cold build does.
    const warnOnFragments =
      "title: Cache test\ncheck:\n  rules:\n    links/missing-fragment: warning\n";
    await writeFile(path.join(root, "designpress.config.yaml"), warnOnFragments);
    expect(await rebuildMatchesCold()).toEqual(all);
    expect((await cached()).report).not.toMatch(/#limits/);
    await writeFile(
      path.join(root, "content", "beta.md"),
      pages["beta.md"].replace("## Limits", "## Bounds"),
    );
    expect(await rebuildMatchesCold()).toEqual(["content/beta.md"]);
    expect((await cached()).report).toMatch(/alpha\.md[\s\S]*#limits/);
    await writeFile(path.join(root, "content", "beta.md"), pages["beta.md"]);
    expect(await rebuildMatchesCold()).toEqual([]);

    // Its slug: the link to it changes on the page linking to it.
    await writeFile(
      path.join(root, "content", "beta.md"),
      pages["beta.md"].replace("title: Beta\n", "title: Beta\nslug: second\n"),
    );
    expect(await rebuildMatchesCold()).toEqual(["content/beta.md"]);
    expect(await readFile(path.join(root, "dist", "alpha", "index.html"), "utf8")).toContain(
      'href="/second/#limits"',
    );

    // A linked file that appears: no page is transformed, the warning goes.
    await writeFile(path.join(root, "content", "nowhere.pdf"), "%PDF-1.4\n");
    expect(await rebuildMatchesCold()).toEqual([]);
    expect((await cached()).report).not.toMatch(/nowhere\.pdf/);

    // A record of the pages' links that is not one: every page's links are resolved again.
    const [links] = (await readdir(cacheDir())).filter((file) => file.startsWith("links-"));
    expect(links).toBeDefined();
    await writeFile(path.join(cacheDir(), links ?? ""), '{"format":1,"outcomes":"all"}');
    await forgetSite();
    expect(await rebuildMatchesCold()).toEqual([]);
  });

  it("transforms every page again when the config changes, and none when only the theme does", async () => {
    await cached();
    await writeFile(
      path.join(root, "designpress.config.yaml"),
      "title: Cache test\ncheck:\n  rules:\n    nine-steps/missing-step: off\n",
    );
    expect(await rebuildMatchesCold()).toEqual(all);
    expect(await rebuildMatchesCold({ base: "/repo/" })).toEqual(all);

    // A theme template: every page shows it, but no page's transform reads it.
    const theme = path.join(root, "themes", "mine");
    await mkdir(path.join(theme, "components"), { recursive: true });
    const meta = await readFile(
      path.join(bundledThemesDir, "default", "components", "meta.html"),
      "utf8",
    );
    await writeFile(path.join(theme, "components", "meta.html"), meta);
    await writeFile(
      path.join(root, "designpress.config.yaml"),
      "title: Cache test\ntheme: mine\ncheck:\n  rules:\n    nine-steps/missing-step: off\n",
    );
    // Which theme is a config field: every page again, once.
    expect(await rebuildMatchesCold()).toEqual(all);
    await writeFile(path.join(theme, "components", "meta.html"), `<!-- mine -->\n${meta}`);
    expect(await rebuildMatchesCold()).toEqual([]);
    expect(await readFile(path.join(root, "dist", "beta", "index.html"), "utf8")).toContain(
      "<!-- mine -->",
    );
  });

  it("transforms every page again under another designpress version", async () => {
    await cached({ cacheVersion: "1.0.0+a" });
    expect(await rebuildMatchesCold({ cacheVersion: "1.0.0+a" })).toEqual([]);
    expect(await rebuildMatchesCold({ cacheVersion: "1.0.1+a" })).toEqual(all);
  });

  /** An entry's two lines: its fields, and its tree. */
  async function readEntry(file: string) {
    const text = await readFile(file, "utf8");
    const end = text.indexOf("\n");
    return { fields: JSON.parse(text.slice(0, end)), tree: JSON.parse(text.slice(end + 1)) };
  }

  /** Write an entry's two lines; with `rehash`, its fields give its tree's new hash (an entry made to pass). */
  async function writeEntry(
    file: string,
    { fields, tree }: Awaited<ReturnType<typeof readEntry>>,
    rehash = false,
  ) {
    const treeText = JSON.stringify(tree);
    const digest = createHash("sha256").update(treeText).update("\0").digest("hex");
    await writeFile(
      file,
      `${JSON.stringify(rehash ? { ...fields, tree: digest } : fields)}\n${treeText}`,
    );
  }

  it("ignores a corrupt, truncated, foreign or misshapen entry and transforms the page again", async () => {
    await cached();
    const [first, second, third, fourth] = (await entries()) as [string, string, string, string];
    const poison = "<script>alert('from the cache')</script>";
    const text = await readFile(first, "utf8");
    // Truncated; another page's entry under this one's name; a field of the wrong type; a node of no known type.
    await writeFile(first, text.slice(0, text.length / 2));
    await writeFile(second, await readFile(third, "utf8"));
    const entry = await readEntry(third);
    entry.fields.data.title = 7;
    await writeEntry(third, entry);
    const misshapen = await readEntry(fourth);
    misshapen.tree.children.push({ type: "script", value: poison });
    await writeEntry(fourth, misshapen);
    await forgetSite();
    expect(await rebuildMatchesCold()).toEqual(all);

    // An entry with a field too many, one of another format, and one whose node data
    // names a file to write beside the page, out of the output folder.
    const [fifth, sixth, seventh] = (await entries()) as [string, string, string];
    const extra = await readEntry(fifth);
    extra.fields.script = poison;
    await writeEntry(fifth, extra);
    const format = await readEntry(sixth);
    format.fields.format = 99;
    await writeEntry(sixth, format);
    const steering = await readEntry(seventh);
    steering.tree.children.push({
      type: "element",
      tagName: "figure",
      properties: {},
      children: [],
      data: { diagramFiles: { "../../escaped.txt": "from the cache" } },
    });
    await writeEntry(seventh, steering);
    await forgetSite();
    expect(await rebuildMatchesCold()).toHaveLength(3);
    expect(await readdir(root)).not.toContain("escaped.txt");
    for (const slug of ["alpha", "beta", "gamma", "delta"]) {
      expect(await readFile(path.join(root, "dist", slug, "index.html"), "utf8")).not.toContain(
        "from the cache",
      );
    }
  });

  it("never uses a tree made to hash as its entry says: unused, it is never parsed; used, it stops the build", async () => {
    await cached();
    const before = await hashTree(path.join(root, "dist"));
    const poison = "<script>alert('from the cache')</script>";
    for (const file of await entries()) {
      const entry = await readEntry(file);
      entry.tree.children.push({ type: "script", value: poison });
      await writeEntry(file, entry, true);
    }
    // Every page is as the last build rendered it: read back, its tree left as it is.
    await forgetSite();
    const { result } = await cached();
    expect(result.cache).toMatchObject({ reused: 4, transformed: [] });
    expect(await hashTree(path.join(root, "dist"))).toEqual(before);

    // A page to render again (its output is gone) needs its tree: the build stops, saying what to do.
    await rm(path.join(root, "dist", "beta", "index.html"));
    const stopped = await build({ root });
    expect(stopped.ok).toBe(false);
    expect(stopped.error?.message).toMatch(
      /^Expected the build cache to hold the tree of `content\/beta\.md` as designpress wrote it, found another; delete the folder `\.designpress-cache\/build` and build again$/,
    );
    expect(await hashTree(path.join(root, "dist"))).toEqual(
      Object.fromEntries(Object.entries(before).filter(([name]) => name !== "beta/index.html")),
    );
    await rm(cacheDir(), { recursive: true });
    expect(await rebuildMatchesCold()).toEqual(all);
  });

  it("builds, with one warning, when the cache cannot be written", async () => {
    // A file where the cache folder should be: every write fails.
    await mkdir(path.join(root, ".designpress-cache"));
    await writeFile(cacheDir(), "not a folder");
    const { result } = await cached();
    expect(result.warnings.filter((warning) => warning.includes("build cache"))).toEqual([
      expect.stringMatching(
        /^Cannot write the build cache `\.designpress-cache\/build` \(\w+\); the site is built/,
      ),
    ]);
    expect(await hashTree(path.join(root, "dist"))).toEqual((await cold()).tree);
  });

  it("neither reads nor writes a cache folder that leads out of the project", async () => {
    const { dir: elsewhere, cleanup: removeElsewhere } = await temporaryFolder("designpress-away-");
    try {
      await mkdir(path.join(root, ".designpress-cache"));
      await symlink(elsewhere, cacheDir());
      const { result } = await cached();
      expect(result.warnings).toContainEqual(expect.stringMatching(/leads out of the project/));
      expect(await readdir(elsewhere)).toEqual([]);
    } finally {
      await removeElsewhere();
    }
  });

  it("writes nothing when every input and the output folder are as the last build left them", async () => {
    await cached();
    const dist = path.join(root, "dist");
    const { result, report } = await cached();
    expect(result.unchanged).toBe(true);
    expect(result.cache).toEqual({ reused: 4, transformed: [] });
    expect(report).toMatch(/nowhere\.pdf/);
    expect(report).toBe((await cold()).report);
    const before = await hashTree(dist);

    // Each input in turn, then the output folder: a build again, equal to a cold one.
    const changes: [string, () => Promise<unknown>][] = [
      [
        "a linked file",
        () =>
          writeFile(
            path.join(root, "content", "chart.svg"),
            "<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>",
          ),
      ],
      [
        "a file the site copies appears",
        () => writeFile(path.join(root, "content", "nowhere.pdf"), "%PDF-1.4\n"),
      ],
      [
        "the config",
        () => writeFile(path.join(root, "designpress.config.yaml"), "title: Cache again\n"),
      ],
      [
        "a theme template",
        async () => {
          const theme = path.join(root, "themes", "default");
          await mkdir(theme, { recursive: true });
          const page = await readFile(path.join(bundledThemesDir, "default", "page.html"), "utf8");
          await writeFile(path.join(theme, "page.html"), `<!-- mine -->\n${page}`);
        },
      ],
      ["an output file edited", () => writeFile(path.join(dist, "beta", "index.html"), "edited")],
      ["an output file removed", () => rm(path.join(dist, "gamma", "index.html"))],
      ["an output file added", () => writeFile(path.join(dist, "extra.html"), "extra")],
      [
        "an output file added in a page's folder",
        () => writeFile(path.join(dist, "beta", "extra.html"), "extra"),
      ],
      [
        "the kept entry",
        async () => {
          const [site] = (await readdir(cacheDir())).filter((name) => name.startsWith("site-"));
          await writeFile(path.join(cacheDir(), site ?? ""), "{ not json");
        },
      ],
    ];
    for (const [what, change] of changes) {
      await change();
      const { result } = await cached();
      expect(result.unchanged, what).toBeUndefined();
      expect(await hashTree(dist), what).toEqual((await cold()).tree);
      expect((await cached()).result.unchanged, what).toBe(true);
    }
    expect(await hashTree(dist)).not.toEqual(before);
    expect((await build({ root, strict: true })).unchanged).toBeUndefined();
  });

  it("renders again only the pages whose inputs changed, reading the others back from the output folder, unless changed there", async () => {
    await cached();
    const dist = path.join(root, "dist");
    const carried = async () => (await cached()).result.cache?.carried;
    // The site's own pages: the index, the 404, every tag's, the tag index, the compare pages.
    const sitePages = Object.keys(await hashTree(dist)).filter((file) =>
      /^(index|404)\.html$|^(tags|compare)\//.test(file),
    ).length;
    expect(sitePages).toBeGreaterThan(4);
    const edit = (name: keyof typeof pages, text: string) =>
      writeFile(path.join(root, "content", name), text);

    // Its text: that page alone is rendered; the site equals a cold build.
    await edit("gamma.md", pages["gamma.md"].replace("Nothing links", "Still nothing links"));
    expect(await rebuildMatchesCold()).toEqual(["content/gamma.md"]);
    await edit("gamma.md", pages["gamma.md"]);
    expect(await carried()).toEqual({ pages: 3, sitePages });

    // A page edited in the output folder, or replaced by a symlink to the same bytes, is rendered again.
    await writeFile(path.join(dist, "alpha", "index.html"), "edited by hand");
    const elsewhere = path.join(root, "elsewhere.html");
    await copyFile(path.join(dist, "beta", "index.html"), elsewhere);
    await rm(path.join(dist, "beta", "index.html"));
    await symlink(elsewhere, path.join(dist, "beta", "index.html"));
    await writeFile(path.join(dist, "tags", "index.html"), "edited by hand");
    await edit("gamma.md", pages["gamma.md"].replace("Nothing links", "Again nothing links"));
    expect(await carried()).toEqual({ pages: 1, sitePages: sitePages - 1 });
    expect(await hashTree(dist)).toEqual((await cold()).tree);

    // What other pages show of it (its title: the previous/next links, the index, the tags): those too.
    await edit("beta.md", pages["beta.md"].replace("title: Beta", "title: Beta, renamed"));
    const { result } = await cached();
    expect(result.cache?.transformed).toEqual(["content/beta.md"]);
    expect(result.cache?.carried?.pages).toBeLessThan(3);
    expect(result.cache?.carried?.sitePages).toBe(0);
    expect(await hashTree(dist)).toEqual((await cold()).tree);

    // A heading, which another page may link to: every page's links are resolved again, but
    // only the page itself is rendered, as no link resolves otherwise; no site page shows a
    // heading, so they are carried over.
    await edit("beta.md", pages["beta.md"]);
    await cached();
    await edit("beta.md", pages["beta.md"].replace("## Later", "## Afterwards"));
    const { result: newHeading } = await cached();
    expect(newHeading.cache?.transformed).toEqual(["content/beta.md"]);
    expect(newHeading.cache?.carried).toEqual({ pages: 3, sitePages });
    expect(await hashTree(dist)).toEqual((await cold()).tree);
    await edit("beta.md", pages["beta.md"]);
    expect((await carried())?.pages).toBe(3);
    expect(await hashTree(dist)).toEqual((await cold()).tree);
    // A page's slug: the page linking to it is rendered again, its link now resolving elsewhere.
    await edit("beta.md", pages["beta.md"].replace("title: Beta\n", "title: Beta\nslug: second\n"));
    await cached();
    expect(await readFile(path.join(dist, "alpha", "index.html"), "utf8")).toContain(
      'href="/second/#limits"',
    );
    expect(await hashTree(dist)).toEqual((await cold()).tree);
    await edit("beta.md", pages["beta.md"]);

    // A record that is not one, or names a file outside the output folder: every page is rendered.
    const [name] = (await readdir(cacheDir())).filter((file) => file.startsWith("pages-"));
    const record = path.join(cacheDir(), name ?? "");
    const text = await readFile(record, "utf8");
    const outside = text.replace('"path":"404.html"', '"path":"../elsewhere.html"');
    expect(outside).not.toBe(text);
    for (const [what, damaged] of [
      ["a path outside", outside],
      ["not a record", '{"format":2,"pages":"all"}'],
    ]) {
      await writeFile(record, damaged ?? "");
      await edit("gamma.md", pages["gamma.md"].replace("Nothing links", `${what}: nothing links`));
      expect(await carried(), what).toEqual({ pages: 0, sitePages: 0 });
      expect(await hashTree(dist), what).toEqual((await cold()).tree);
    }
    expect(await hashTree(dist)).toEqual((await cold()).tree);
  });

  it("removes entries no build has used for a day, and only those", async () => {
    await cached();
    await writeFile(
      path.join(root, "content", "gamma.md"),
      pages["gamma.md"].replace("Nothing links here.", "Edited."),
    );
    await cached();
    const afterEdit = await entries();
    expect(afterEdit).toHaveLength(5);
    const older: string[] = [];
    for (const file of afterEdit) {
      if ((await readFile(file, "utf8")).includes("Nothing links here.")) older.push(file);
    }
    expect(older).toHaveLength(1);
    // Every file two days old, the entries this build will use too; a killed
    // build's temporary file, and a file of another name.
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    const leftover = `${older[0]}.4242-0.tmp`;
    const foreign = path.join(cacheDir(), "notes.txt");
    await copyFile(older[0] ?? "", leftover);
    await writeFile(foreign, "mine");
    for (const file of [...afterEdit, leftover, foreign])
      await utimes(file, twoDaysAgo, twoDaysAgo);
    // Unused but written within the day: another config's, another build's.
    const recent = path.join(cacheDir(), `${"0".repeat(64)}.json`);
    await copyFile(older[0] ?? "", recent);

    await forgetSite();
    await cached();
    const kept = afterEdit.filter((file) => file !== older[0]);
    expect((await entries()).sort()).toEqual([...kept, recent].sort());
    const names = await readdir(cacheDir());
    expect(names).not.toContain(path.basename(leftover));
    expect(names).toContain("notes.txt");
  });

  it("keeps entries in memory between builds of one process, in front of the disk", async () => {
    const memory = createBuildCache();
    await cached({ cache: memory, cacheDir: false });
    expect(await entries()).toEqual([]);
    const { result } = await cached({ cache: memory, cacheDir: false });
    expect(result.cache).toEqual({ reused: 4, transformed: [] });
  });
});

describe("stopping a build during the transform", () => {
  it("hears a stop while it transforms, though no page waits on the disk", async () => {
    const { dir, cleanup } = await temporaryFolder();
    try {
      await mkdir(path.join(dir, "content"));
      const total = 200;
      for (let index = 0; index < total; index++) {
        await writeFile(
          path.join(dir, "content", `page-${index}.md`),
          writeup(`Page ${index}`, `Some text for page ${index}.`),
        );
      }
      // Pages kept in memory only: nothing in the transform waits on I/O. A
      // timer, as a signal's handler, runs only when the event loop turns.
      const memory = createBuildCache();
      const controller = new AbortController();
      const watch = setInterval(() => {
        if (memory.pages.size > 0) controller.abort(new Error("stopped"));
      }, 1);
      try {
        await expect(
          build({ root: dir, cacheDir: false, cache: memory, signal: controller.signal }),
        ).rejects.toThrow("stopped");
      } finally {
        clearInterval(watch);
      }
      expect(memory.pages.size).toBeGreaterThan(0);
      expect(memory.pages.size).toBeLessThan(total);
    } finally {
      await cleanup();
    }
  });
});
