// Mermaid rendering: designpress's renderer (cold and warm) against one `mmdc`
// process per diagram and against rehype-mermaid, on 100 diagrams of mixed types
// from the corpus. Run alone with `node --import tsx bench/mermaid.ts`.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import rehypeStringify from "rehype-stringify";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import {
  browserFlags,
  createMermaidRenderer,
  findBrowser,
  requiredBrowserFlags,
} from "../src/mermaid/index.js";
import { mermaidCorpus, mermaidCorpusDir } from "../test/helpers/mermaid-corpus.js";
import { printTable, temporaryDir } from "./util.js";

const diagramCount = 100;
const mmdcCount = 10;
const diagramsPerPage = 5;
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = promisify(execFile);

async function importRehypeMermaid() {
  return (await import("rehype-mermaid")).default;
}

/** 100 distinct diagrams that render, taking each type in turn so that the mix stays wide. */
function benchDiagrams(): string[] {
  const byType = new Map<string, string[]>();
  for (const entry of mermaidCorpus) {
    if (entry.parse_mermaid_12_3_0 !== "ok") continue;
    const list = byType.get(entry.type) ?? [];
    list.push(readFileSync(path.join(mermaidCorpusDir, entry.file), "utf8"));
    byType.set(entry.type, list);
  }
  const sources: string[] = [];
  for (let round = 0; sources.length < diagramCount; round++) {
    let added = false;
    for (const list of byType.values()) {
      const source = list[round % list.length];
      if (source === undefined || sources.length >= diagramCount) continue;
      // A repeat gets a small change (an extra comment line) so that every source is distinct.
      const distinct = round < list.length ? source : `${source.trimEnd()}\n%% variant ${round}\n`;
      if (!sources.includes(distinct)) {
        sources.push(distinct);
        added = true;
      }
    }
    if (!added) break;
  }
  return sources;
}

async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await task();
  return { ms: performance.now() - start, value };
}

export interface MermaidBenchResult {
  diagrams: number;
  coldMsPerDiagram: number;
  warmMs: number;
  mmdcMsPerDiagram: number;
  mmdcSameFlagsMsPerDiagram: number;
  rehypeMermaidMsPerDiagram: number;
}

/** Cold, warm, one mmdc per diagram, rehype-mermaid; prints each figure and the ratios. */
export async function benchMermaid(): Promise<MermaidBenchResult> {
  const found = findBrowser();
  if ("error" in found) throw found.error;
  const { executablePath } = found;
  const sources = benchDiagrams();
  const { dir, cleanup } = await temporaryDir("designpress-bench-mermaid-");
  try {
    const cacheDir = path.join(dir, "cache");
    const requests = sources.map((source) => ({ source }));

    // Cold: empty cache, browser launch included, until every SVG is in hand and the browser closed.
    const cold = await timed(async () => {
      const renderer = createMermaidRenderer({ cacheDir, executablePath, requireBrowser: true });
      try {
        return await renderer.renderAll(requests);
      } finally {
        await renderer.close();
      }
    });
    if (cold.value.errors.length > 0) {
      throw new Error(
        `bench diagrams failed: ${cold.value.errors.map((error) => error.message).join("; ")}`,
      );
    }

    // Warm: the same diagrams, all cached.
    const warm = await timed(async () => {
      const renderer = createMermaidRenderer({ cacheDir, executablePath, requireBrowser: true });
      const report = await renderer.renderAll(requests);
      await renderer.close();
      if (renderer.stats.browserLaunched) throw new Error("the warm run launched a browser");
      return report;
    });

    // One mmdc process per diagram (light only), on the same browser, launched as
    // a user of mmdc would on this machine (the flags it needs), then once more
    // with every flag designpress adds, so that none of the gap comes from flags.
    const mmdc = path.join(root, "node_modules/.bin/mmdc");
    const mmdcEach = async (flags: readonly string[]) => {
      const puppeteerConfig = path.join(dir, "puppeteer.json");
      await writeFile(
        puppeteerConfig,
        JSON.stringify({ executablePath, args: flags, headless: true }),
      );
      return timed(async () => {
        for (const [index, source] of sources.slice(0, mmdcCount).entries()) {
          const input = path.join(dir, `mmdc-${index}.mmd`);
          await writeFile(input, source);
          await run(mmdc, [
            "-q",
            "-p",
            puppeteerConfig,
            "-i",
            input,
            "-o",
            path.join(dir, `mmdc-${index}.svg`),
          ]);
        }
      });
    };
    const mmdcRuns = await mmdcEach(requiredBrowserFlags);
    const mmdcSameFlagsRuns = await mmdcEach(browserFlags);

    // rehype-mermaid (inline-svg, light only), pages of five diagrams built concurrently
    // so that mermaid-isomorphic shares one browser between them.
    const pages: string[] = [];
    for (let start = 0; start < sources.length; start += diagramsPerPage) {
      pages.push(
        sources
          .slice(start, start + diagramsPerPage)
          .map((source) => `\`\`\`mermaid\n${source.trimEnd()}\n\`\`\``)
          .join("\n\n"),
      );
    }
    const rehypeMermaid = await importRehypeMermaid();
    const processor = unified()
      .use(remarkParse)
      .use(remarkRehype)
      .use(rehypeMermaid, {
        strategy: "inline-svg",
        browserType: chromium,
        launchOptions: { executablePath, args: [...requiredBrowserFlags] },
      })
      .use(rehypeStringify);
    const rehype = await timed(() => Promise.all(pages.map((page) => processor.process(page))));

    const result: MermaidBenchResult = {
      diagrams: sources.length,
      coldMsPerDiagram: cold.ms / sources.length,
      warmMs: warm.ms,
      mmdcMsPerDiagram: mmdcRuns.ms / mmdcCount,
      mmdcSameFlagsMsPerDiagram: mmdcSameFlagsRuns.ms / mmdcCount,
      rehypeMermaidMsPerDiagram: rehype.ms / sources.length,
    };
    const ms = (value: number) => value.toFixed(1);
    console.log(
      `\nMermaid: ${sources.length} diagrams of mixed types (designpress renders light + dark)`,
    );
    printTable([
      ["renderer", "ms/diagram", "total ms"],
      ["designpress cold (launch included)", ms(result.coldMsPerDiagram), ms(cold.ms)],
      ["designpress warm (all cached)", ms(warm.ms / sources.length), ms(warm.ms)],
      [
        `mmdc, one process per diagram (${mmdcCount}, light only, required flags)`,
        ms(result.mmdcMsPerDiagram),
        ms(mmdcRuns.ms),
      ],
      [
        `mmdc, the same with designpress's browser flags`,
        ms(result.mmdcSameFlagsMsPerDiagram),
        ms(mmdcSameFlagsRuns.ms),
      ],
      [
        "rehype-mermaid (inline-svg, light only)",
        ms(result.rehypeMermaidMsPerDiagram),
        ms(rehype.ms),
      ],
    ]);
    const mmdcRatio = result.mmdcMsPerDiagram / result.coldMsPerDiagram;
    const mmdcSameFlagsRatio = result.mmdcSameFlagsMsPerDiagram / result.coldMsPerDiagram;
    const rehypeRatio = result.rehypeMermaidMsPerDiagram / result.coldMsPerDiagram;
    console.log(
      `cold: ${ms(result.coldMsPerDiagram)} ms/diagram (target ≤ 100); ${mmdcRatio.toFixed(1)}× faster than one mmdc per diagram (target ≥ 30×; ${mmdcSameFlagsRatio.toFixed(1)}× with designpress's flags); ` +
        `${rehypeRatio.toFixed(2)}× rehype-mermaid's time (target > 1); warm ${ms(warm.ms)} ms (target < 1000)`,
    );
    console.log(
      `per SVG (designpress writes two per diagram, mmdc and rehype-mermaid one): ${(2 * mmdcRatio).toFixed(1)}× mmdc, ${(2 * rehypeRatio).toFixed(2)}× rehype-mermaid`,
    );
    return result;
  } finally {
    await cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await benchMermaid();
}
