/**
 * `npm run bench -- check`: `designpress check` against markdownlint-cli2 with only MD043 (the nine step
 * headings required, in order) on the same 1,000 generated writeups: wall time of
 * the whole command, process start included, median of three runs each.
 */
import { cp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { generateCorpus } from "./corpus.js";
import { designpressBin, median, printTable, repository, temporaryDir, wallTime } from "./util.js";

const rounds = 3;

/**
 * markdownlint-cli2 with only MD043, the step headings in order: it wants them
 * exactly as written, so they are taken from one of the files it checks.
 */
async function configureMarkdownlint(dir: string, example: string): Promise<void> {
  const stepHeadings = (await readFile(example, "utf8")).match(/^## .*$/gm) ?? [];
  await writeFile(
    path.join(dir, ".markdownlint-cli2.jsonc"),
    JSON.stringify({
      config: {
        default: false,
        MD043: { headings: stepHeadings.flatMap((heading) => [heading, "*"]) },
      },
    }),
  );
}

export async function benchCheck(
  writeups = 1000,
): Promise<{ designpressMs: number; markdownlintMs: number }> {
  const { dir, cleanup } = await temporaryDir("designpress-bench-check-");
  try {
    const files = await generateCorpus(path.join(dir, "content"), writeups, { diagrams: true });
    await configureMarkdownlint(dir, files[0] ?? "");
    const designpress = [designpressBin, "check", "content"];
    const markdownlint = [
      path.join(repository, "node_modules", "markdownlint-cli2", "markdownlint-cli2-bin.mjs"),
      "content/**/*.md",
    ];
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      ours.push(wallTime(process.execPath, designpress, dir, 1));
      theirs.push(wallTime(process.execPath, markdownlint, dir, 1));
    }
    const designpressMs = median(ours);
    const markdownlintMs = median(theirs);
    console.log(
      `\nCheck: ${writeups} writeups, whole command with process start, median of ${rounds} runs`,
    );
    printTable([
      ["command", "wall ms", "ms/file"],
      [
        "markdownlint-cli2, MD043 only (baseline)",
        markdownlintMs.toFixed(0),
        (markdownlintMs / writeups).toFixed(2),
      ],
      [
        "designpress check, every rule",
        designpressMs.toFixed(0),
        (designpressMs / writeups).toFixed(2),
      ],
    ]);
    console.log(
      `ratio: designpress takes ${(designpressMs / markdownlintMs).toFixed(2)}× markdownlint's time (target ≤ 1)`,
    );
    return { designpressMs, markdownlintMs };
  } finally {
    await cleanup();
  }
}

/** Runs of each command in `benchCheckOne`: a hook's run is short, its spread wide. */
const oneFileRounds = 7;

/**
 * `npm run bench -- check-one`: what a pre-commit hook waits for, `designpress check FILE`
 * on one staged writeup with a diagram and links to two others (the demo's
 * url-shortener), run as a user's hook runs it: `node_modules/.bin/designpress` in
 * a project that installed designpress. Against, in the same run, Node starting
 * and doing nothing (`node -e 0`) and markdownlint-cli2 (MD043) on the same file.
 * Cold: no `.designpress-cache/check/` (mermaid's parsers load, the linked
 * writeups are parsed); warm: the cache the previous check left, as on the next
 * commit. Both with V8's code cache of the bundle that the first run left in
 * the bench's own temp folder (`src/cli/bundle.ts`); first run: neither cache,
 * as after installing. Median of seven runs each.
 */
export async function benchCheckOne(): Promise<{ coldMs: number; warmMs: number }> {
  const { dir, cleanup } = await temporaryDir("designpress-bench-check-one-");
  const cleanups = [cleanup];
  try {
    await cp(path.join(repository, "content"), path.join(dir, "content"), { recursive: true });
    await cp(
      path.join(repository, "designpress.config.yaml"),
      path.join(dir, "designpress.config.yaml"),
    );
    // designpress installed in the project, as `npm install` links it.
    await mkdir(path.join(dir, "node_modules", ".bin"), { recursive: true });
    await symlink(repository, path.join(dir, "node_modules", "designpress"), "dir");
    const bin = path.join(dir, "node_modules", ".bin", "designpress");
    await symlink("../designpress/bin/designpress.js", bin);
    const staged = "content/url-shortener.md";
    await configureMarkdownlint(dir, path.join(dir, staged));
    const markdownlint = path.join(repository, "node_modules", ".bin", "markdownlint-cli2");
    const cache = path.join(dir, ".designpress-cache", "check");

    // designpress keeps its code cache in the OS temp folder (never one in the project):
    // the bench's own, outside the project, emptied for a first run.
    const temp = await temporaryDir("designpress-bench-check-one-tmp-");
    cleanups.push(temp.cleanup);
    const tmp = path.join(temp.dir, "tmp");
    const firstRunTmp = path.join(temp.dir, "first-run-tmp");
    const checkWith = (tmpdir: string) => {
      const saved = process.env.TMPDIR;
      process.env.TMPDIR = tmpdir;
      try {
        return wallTime(bin, ["check", staged], dir, 1);
      } finally {
        if (saved === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saved;
      }
    };
    await mkdir(tmp);
    checkWith(tmp);

    const times = {
      node: [] as number[],
      markdownlint: [] as number[],
      first: [] as number[],
      cold: [] as number[],
      warm: [] as number[],
    };
    for (let round = 0; round < oneFileRounds; round++) {
      times.node.push(wallTime(process.execPath, ["-e", "0"], dir));
      times.markdownlint.push(wallTime(markdownlint, [staged], dir, 1));
      await rm(cache, { recursive: true, force: true });
      await rm(firstRunTmp, { recursive: true, force: true });
      await mkdir(firstRunTmp);
      times.first.push(checkWith(firstRunTmp));
      await rm(cache, { recursive: true, force: true });
      times.cold.push(checkWith(tmp));
      times.warm.push(checkWith(tmp));
    }
    const nodeMs = median(times.node);
    const markdownlintMs = median(times.markdownlint);
    const coldMs = median(times.cold);
    const warmMs = median(times.warm);
    // The fastest run is the closest to an idle machine's (a shared one slows every run but that one).
    const row = (name: string, runs: readonly number[]) => [
      name,
      median(runs).toFixed(0),
      Math.min(...runs).toFixed(0),
      `${(median(runs) / nodeMs).toFixed(2)}×`,
      `${(median(runs) / markdownlintMs).toFixed(2)}×`,
    ];
    console.log(
      `\nCheck one staged writeup (${staged}: a diagram, links to two writeups) through node_modules/.bin, wall time of ${oneFileRounds} runs`,
    );
    printTable([
      ["command", "median ms", "fastest ms", "× node -e 0", "× markdownlint"],
      row("node -e 0 (process start, baseline)", times.node),
      row("markdownlint-cli2, MD043 only (baseline)", times.markdownlint),
      row("designpress check, first run (no cache, no code cache)", times.first),
      row("designpress check, cold cache", times.cold),
      row("designpress check, warm cache", times.warm),
    ]);
    console.log(
      `target: ≤ 300 ms (one staged file, warm cache); warm takes ${(warmMs / nodeMs).toFixed(2)}× process start and ${(warmMs / markdownlintMs).toFixed(2)}× markdownlint's time`,
    );
    return { coldMs, warmMs };
  } finally {
    for (const clean of cleanups) await clean();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCheck();
