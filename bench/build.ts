import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { build } from "../lib/index.js";
import { generateCorpus } from "./corpus.js";
import { median, printTable, temporaryDir } from "./util.js";

const writeups = 1000;
const rounds = 3;

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

/** `designpress build` against a bare unified pipeline on 1,000 generated writeups. */
export async function benchBuild(): Promise<void> {
  const { dir, cleanup } = await temporaryDir("designpress-bench-build-");
  try {
    const files = await generateCorpus(path.join(dir, "content"), writeups);
    const bareMs: number[] = [];
    const designpressMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let start = performance.now();
      await bareBuild(files, path.join(dir, "bare"));
      bareMs.push(performance.now() - start);
      start = performance.now();
      const result = await build({ root: dir });
      designpressMs.push(performance.now() - start);
      if (!result.ok)
        throw new Error(`the benchmark build failed: ${result.error?.message ?? "see messages"}`);
    }
    const bare = writeups / (median(bareMs) / 1000);
    const ours = writeups / (median(designpressMs) / 1000);
    console.log(`\nBuild: ${writeups} writeups of ~1,500 words, median of ${rounds} rounds`);
    printTable([
      ["pipeline", "pages/s", "ms/page"],
      ["bare unified (baseline)", bare.toFixed(0), (1000 / bare).toFixed(2)],
      ["designpress build", ours.toFixed(0), (1000 / ours).toFixed(2)],
    ]);
    console.log(
      `ratio: designpress at ${(ours / bare).toFixed(2)}× the baseline's pages/s (overhead ${(bare / ours).toFixed(2)}×; target ≤ 1.5×)`,
    );
  } finally {
    await cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchBuild();
