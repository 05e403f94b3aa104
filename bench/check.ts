/**
 * `designpress check` against markdownlint-cli2 with only MD043 (the nine step
 * headings required, in order) on the same 1,000 generated writeups: wall time of
 * the whole command, process start included, median of three runs each.
 */
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateCorpus } from "./corpus.js";
import { median, printTable, temporaryDir } from "./util.js";

const repository = fileURLToPath(new URL("..", import.meta.url));
const rounds = 3;

function wallTime(args: string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  const elapsed = performance.now() - start;
  if (result.error) throw result.error;
  // Exit 1 means "problems found", which is fine here; 2 and above is a failure.
  if ((result.status ?? 0) > 1) throw new Error(`node ${args.join(" ")} failed:\n${result.stderr}`);
  return elapsed;
}

export async function benchCheck(
  writeups = 1000,
): Promise<{ designpressMs: number; markdownlintMs: number }> {
  const { dir, cleanup } = await temporaryDir("designpress-bench-check-");
  try {
    const files = await generateCorpus(path.join(dir, "content"), writeups, { diagrams: true });
    // MD043 wants the headings exactly as written: take them from a generated file.
    const stepHeadings = (await readFile(files[0] ?? "", "utf8")).match(/^## .*$/gm) ?? [];
    await writeFile(
      path.join(dir, ".markdownlint-cli2.jsonc"),
      JSON.stringify({
        config: {
          default: false,
          MD043: { headings: stepHeadings.flatMap((heading) => [heading, "*"]) },
        },
      }),
    );
    const designpress = [path.join(repository, "bin", "designpress.js"), "check", "content"];
    const markdownlint = [
      path.join(repository, "node_modules", "markdownlint-cli2", "markdownlint-cli2-bin.mjs"),
      "content/**/*.md",
    ];
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      ours.push(wallTime(designpress, dir));
      theirs.push(wallTime(markdownlint, dir));
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

if (import.meta.url === `file://${process.argv[1]}`) await benchCheck();
