/**
 * The build on 1,000 generated writeups that pass `designpress check`, in one
 * run, median of three rounds each:
 * - cold, in this process, against a bare unified pipeline over the same files;
 * - the commands a user runs (process start included) against Hugo's and
 *   Eleventy's cold builds of the same Markdown: designpress cold, a rebuild
 *   with nothing changed and a rebuild after editing one page (both with the
 *   build cache a cold build left). Hugo's build is the baseline; Hugo's
 *   build followed by Pagefind's index of it (what a Hugo site with search,
 *   as every designpress site has, runs after any edit) is shown beside it.
 * A peer that is not installed is skipped, and the table says so.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { defaultThreads } from "../lib/build/transform-threads.js";
import { build } from "../lib/index.js";
import { generateCorpus } from "./corpus.js";
import { designpressBin, median, printTable, repository, temporaryDir, wallTime } from "./util.js";

const writeups = 1000;
const rounds = 3;
const eleventyBin = path.join(repository, "node_modules", "@11ty", "eleventy", "cmd.cjs");
// The command `npx pagefind` runs: the indexer designpress itself depends on.
const pagefindBin = path.join(repository, "node_modules", "pagefind", "lib", "runner", "bin.cjs");

/** The baseline: a bare unified pipeline over the same files, reading and writing them too. */
async function bareBuild(files: readonly string[], outDir: string): Promise<void> {
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype)
    .use(rehypeStringify);
  await mkdir(outDir, { recursive: true });
  for (const file of files) {
    const html = String(await processor.process(await readFile(file, "utf8")));
    await writeFile(path.join(outDir, `${path.basename(file, ".md")}.html`), html);
  }
}

/** Hugo, when installed: `hugo version` answers. */
function hasHugo(): boolean {
  return spawnSync("hugo", ["version"], { stdio: "ignore" }).status === 0;
}

/** A Hugo site over copies of the writeups, with the smallest templates that print each page. */
async function hugoSite(dir: string, content: string): Promise<void> {
  await cp(content, path.join(dir, "content", "posts"), { recursive: true });
  await writeFile(
    path.join(dir, "hugo.toml"),
    'baseURL = "/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n[markup.goldmark.renderer]\nunsafe = true\n',
  );
  const layouts = path.join(dir, "layouts", "_default");
  await mkdir(layouts, { recursive: true });
  await writeFile(
    path.join(layouts, "single.html"),
    "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n",
  );
  await writeFile(
    path.join(layouts, "list.html"),
    '<!doctype html><html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n',
  );
}

const ratio = (ms: number, baseline: number) => `${(ms / baseline).toFixed(2)}×`;
const perSecond = (ms: number) => (writeups / (ms / 1000)).toFixed(0);

export async function benchBuild(): Promise<void> {
  const { dir, cleanup } = await temporaryDir("designpress-bench-build-");
  try {
    const content = path.join(dir, "content");
    const files = await generateCorpus(content, writeups, { clean: true });
    const hugo = hasHugo();
    if (hugo) await hugoSite(path.join(dir, "hugo"), content);
    const eleventy = existsSync(eleventyBin);
    const edited = files[Math.floor(files.length / 2)] ?? "";

    const times: Record<string, number[]> = {};
    const time = (name: string, ms: number) => {
      times[name] ??= [];
      times[name].push(ms);
    };
    for (let round = 0; round < rounds; round++) {
      let start = performance.now();
      await bareBuild(files, path.join(dir, "bare"));
      time("bare", performance.now() - start);
      // Cold: no page cache and no search index kept (social cards stay cached
      // after the first round: drawing them is the browser's, as diagrams are).
      await rm(path.join(dir, ".designpress-cache", "search"), { recursive: true, force: true });
      start = performance.now();
      const result = await build({
        root: dir,
        outDir: path.join(dir, "cold"),
        cacheDir: path.join(dir, `cold-cache-${round}`),
      });
      time("cold", performance.now() - start);
      if (!result.ok)
        throw new Error(`the benchmark build failed: ${result.error?.message ?? "see messages"}`);
      // The same in one thread: how the transform scales with the cores.
      await rm(path.join(dir, ".designpress-cache", "search"), { recursive: true, force: true });
      start = performance.now();
      await build({
        root: dir,
        outDir: path.join(dir, "cold"),
        cacheDir: path.join(dir, `cold-one-thread-cache-${round}`),
        threads: 1,
      });
      time("cold, one thread", performance.now() - start);

      for (const kept of ["build", "search"]) {
        await rm(path.join(dir, ".designpress-cache", kept), { recursive: true, force: true });
      }
      time("cli cold", wallTime(process.execPath, [designpressBin, "build"], dir));
      time("cli unchanged", wallTime(process.execPath, [designpressBin, "build"], dir));
      await appendFile(edited, `\nAn edit in round ${round}: the queue drains in order.\n`);
      time("cli one edit", wallTime(process.execPath, [designpressBin, "build"], dir));
      if (hugo) {
        const hugoDir = path.join(dir, "hugo");
        await rm(path.join(hugoDir, "public"), { recursive: true, force: true });
        const hugoMs = wallTime("hugo", ["--quiet"], hugoDir);
        time("hugo", hugoMs);
        if (existsSync(pagefindBin)) {
          const indexMs = wallTime(
            process.execPath,
            [pagefindBin, "--site", "public", "--quiet"],
            hugoDir,
          );
          time("hugo + pagefind", hugoMs + indexMs);
        }
      }
      if (eleventy) {
        await rm(path.join(dir, "eleventy"), { recursive: true, force: true });
        time(
          "eleventy",
          wallTime(
            process.execPath,
            [eleventyBin, "--input=content", "--output=eleventy", "--formats=md", "--quiet"],
            dir,
          ),
        );
      }
    }
    const ms = Object.fromEntries(
      Object.entries(times).map(([name, list]) => [name, median(list)]),
    );
    const [bare, cold, oneThread] = [ms.bare ?? 0, ms.cold ?? 0, ms["cold, one thread"] ?? 0];
    console.log(
      `\nBuild: ${writeups} writeups of ~1,500 words that pass check, median of ${rounds} rounds (the machine's load varies)`,
    );
    printTable([
      ["in this process", "ms", "pages/s", "ratio"],
      ["bare unified (baseline)", bare.toFixed(0), perSecond(bare), "1.00×"],
      [
        `designpress build, cold, ${defaultThreads === 1 ? "one thread" : `${defaultThreads} threads`} (default)`,
        cold.toFixed(0),
        perSecond(cold),
        ratio(cold, bare),
      ],
      [
        "designpress build, cold, one thread",
        oneThread.toFixed(0),
        perSecond(oneThread),
        ratio(oneThread, bare),
      ],
    ]);
    console.log(`cold build at ${ratio(cold, bare)} the bare pipeline's time (target ≤ 1.4×)\n`);

    const hugoMs = ms.hugo;
    const rows: string[][] = [["command, process start included", "ms", "pages/s", "vs Hugo cold"]];
    const row = (name: string, value: number | undefined, missing: string) =>
      rows.push(
        value === undefined
          ? [name, missing, "", ""]
          : [name, value.toFixed(0), perSecond(value), hugoMs ? ratio(value, hugoMs) : "n/a"],
      );
    row("hugo, cold (baseline)", hugoMs, "skipped: hugo is not installed");
    row(
      "hugo, cold, then pagefind --site public (search)",
      ms["hugo + pagefind"],
      hugoMs ? "skipped: pagefind is not installed" : "skipped: hugo is not installed",
    );
    row("eleventy, cold", ms.eleventy, "skipped: @11ty/eleventy is not installed");
    row("designpress build, cold (empty cache)", ms["cli cold"], "");
    row("designpress build, nothing changed", ms["cli unchanged"], "");
    row("designpress build, one page edited", ms["cli one edit"], "");
    printTable(rows);
    if (hugoMs) {
      console.log(
        `rebuild, nothing changed: ${ratio(ms["cli unchanged"] ?? 0, hugoMs)} Hugo's cold build (target < 1×); one page edited: ${ratio(ms["cli one edit"] ?? 0, hugoMs)} (target < 1.5×)`,
      );
      const withSearch = ms["hugo + pagefind"];
      if (withSearch)
        console.log(
          `with search on both sides: one page edited at ${ratio(ms["cli one edit"] ?? 0, withSearch)} Hugo's cold build followed by Pagefind's index of it (context, not the target)`,
        );
    }
  } finally {
    await cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchBuild();
