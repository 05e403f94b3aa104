import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildResult } from "../lib/build/index.js";
import { startDev } from "../lib/dev/index.js";
import { build } from "../lib/index.js";
import { median, printTable, temporaryDir } from "./util.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rounds = 7;
const writeup = "url-shortener.md";
/** From the file's write to the reload event, in ms (issue #16). */
const targets = { text: 200, diagram: 1000 };

/** Every reload event on the dev server's stream, in order, as a promise per event. */
async function listen(url: string) {
  const response = await fetch(url);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let waiting: (() => void) | undefined;
  let buffered = "";
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value);
      let end = buffered.indexOf("\n\n");
      while (end !== -1) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (event.startsWith("event: reload")) waiting?.();
        end = buffered.indexOf("\n\n");
      }
    }
  })();
  return {
    next: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
      }),
    close: () => reader.cancel(),
  };
}

/** Each stage's median time over `results`, for where a rebuild's time goes. */
function stagesOf(results: readonly BuildResult[]): string {
  const stages = new Map<string, number[]>();
  for (const { timer } of results) {
    for (const { name, ms } of timer.stages) stages.set(name, [...(stages.get(name) ?? []), ms]);
  }
  return [...stages].map(([name, ms]) => `${name} ${median(ms).toFixed(0)}`).join(", ");
}

/**
 * `designpress dev` on a copy of the demo project: the median time from a
 * writeup's write to the reload event, for a text edit and for a diagram edit
 * (a new label: the diagram is rendered again), against the targets and
 * against a full build of the same project in the same process.
 */
export async function benchDev(): Promise<void> {
  const { dir, cleanup } = await temporaryDir("designpress-bench-dev-");
  try {
    await cp(path.join(repoRoot, "content"), path.join(dir, "content"), { recursive: true });
    await cp(
      path.join(repoRoot, "designpress.config.yaml"),
      path.join(dir, "designpress.config.yaml"),
    );
    const fullMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      // Every page transformed and written: without the build cache, which would
      // find the site unchanged after the first round.
      const result = await build({ root: dir, outDir: path.join(dir, "full"), cacheDir: false });
      if (round === 0) console.log(`full build stages (ms): ${stagesOf([result])}`);
      fullMs.push(performance.now() - start);
      if (!result.ok) throw new Error(`the baseline build failed: ${result.error?.message}`);
    }

    const dev = await startDev({
      root: dir,
      port: 0,
      // Failed rebuilds throw below; the demo's warnings (no `url` for the feed) are not news here.
      log: { info: () => undefined, error: () => undefined },
    });
    const events = await listen(`http://127.0.0.1:${dev.port}/__designpress/events`);
    const file = path.join(dir, "content", writeup);
    const original = await readFile(file, "utf8");
    const edits = {
      text: (round: number) =>
        original.replace("looks like a weekend project", `looks like a weekend project (${round})`),
      diagram: (round: number) => original.replace('cdn["CDN edge"]', `cdn["CDN edge ${round}"]`),
    };
    const measured: Record<keyof typeof edits, number[]> = { text: [], diagram: [] };
    const builds: Record<keyof typeof edits, BuildResult[]> = { text: [], diagram: [] };
    try {
      for (let round = 0; round < rounds; round++) {
        for (const kind of ["text", "diagram"] as const) {
          const reloaded = events.next();
          const built = dev.nextBuild();
          const start = performance.now();
          await writeFile(file, edits[kind](round));
          await reloaded;
          measured[kind].push(performance.now() - start);
          const result = await built;
          if (!result.ok) throw new Error(`a dev rebuild failed: ${result.error?.message}`);
          builds[kind].push(result);
          // Let anything the rebuild finishes after the reload settle before the next edit.
          await dev.idle();
        }
      }
    } finally {
      await events.close();
      await dev.close();
    }

    const full = median(fullMs);
    console.log(
      `\nDev: edit-to-reload on the demo project (${writeup}), median of ${rounds} edits each`,
    );
    printTable([
      ["", "ms", "÷ target", "÷ full build"],
      ["full build (baseline)", full.toFixed(0), "", "1.00"],
      ...(["text", "diagram"] as const).map((kind) => {
        const ms = median(measured[kind]);
        return [
          `${kind} edit (target ${targets[kind]} ms)`,
          ms.toFixed(0),
          (ms / targets[kind]).toFixed(2),
          (ms / full).toFixed(2),
        ];
      }),
    ]);
    for (const kind of ["text", "diagram"] as const) {
      console.log(`${kind} rebuild stages (median ms): ${stagesOf(builds[kind])}`);
    }
    console.log(
      `browsers launched by the dev server: ${dev.browserLaunches}; render pages opened (mermaid loaded): ${dev.renderPagesOpened}`,
    );
  } finally {
    await cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchDev();
