import { spawnSync } from "node:child_process";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "../lib/index.js";
import type { DevSession } from "./dev-session.js";
import { designpressBin, median, printTable, repository, temporaryDir, wallTime } from "./util.js";

const rounds = 7;
/** Fresh `dev` processes: the first edit of each is measured once. */
const sessions = 3;
const kinds = ["text", "diagram"] as const;
type Kind = (typeof kinds)[number];
const writeup = "url-shortener.md";
/** From the file's write to the reload event, in ms (issue #16). */
const targets = { text: 200, diagram: 1000 };

/** Each stage's median time over the rebuilds, for where a rebuild's time goes. */
function stagesOf(rebuilds: readonly { name: string; ms: number }[][]): string {
  const stages = new Map<string, number[]>();
  for (const timer of rebuilds) {
    for (const { name, ms } of timer) stages.set(name, [...(stages.get(name) ?? []), ms]);
  }
  return [...stages].map(([name, ms]) => `${name} ${median(ms).toFixed(0)}`).join(", ");
}

/**
 * `designpress dev` on a copy of the demo project, started as a user starts
 * it: in a process of its own (this one has run builds: its modules are loaded
 * and compiled), on a project built once before. The time from a writeup's
 * write to the reload event, for a text edit and for a diagram edit (a new
 * label: the diagram is rendered again), the first edit and the median,
 * against the targets and against a full build of the same project.
 */
export async function benchDev(): Promise<void> {
  const { dir, cleanup } = await temporaryDir("designpress-bench-dev-");
  try {
    await cp(path.join(repository, "content"), path.join(dir, "content"), { recursive: true });
    await cp(
      path.join(repository, "designpress.config.yaml"),
      path.join(dir, "designpress.config.yaml"),
    );
    const fullMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      // Every page transformed and written: without the build cache, which would
      // find the site unchanged after the first round.
      const result = await build({ root: dir, outDir: path.join(dir, "full"), cacheDir: false });
      if (round === 0) console.log(`full build stages (ms): ${stagesOf([result.timer.stages])}`);
      fullMs.push(performance.now() - start);
      if (!result.ok) throw new Error(`the baseline build failed: ${result.error?.message}`);
    }
    const edited = path.join(dir, "content", writeup);
    const original = await readFile(edited);
    const runs: DevSession[] = [];
    for (let run = 0; run < sessions; run++) {
      // The writeup as it was, and the user's earlier build: the session starts with
      // nothing to transform, the build cache warm.
      await writeFile(edited, original);
      wallTime(process.execPath, [designpressBin, "build"], dir);
      const child = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          fileURLToPath(new URL("dev-session.ts", import.meta.url)),
          dir,
          writeup,
          String(rounds),
          `${process.pid}-${run}`,
        ],
        { cwd: repository, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      );
      if (child.status !== 0) throw new Error(`the dev session failed:\n${child.stderr}`);
      runs.push(JSON.parse(child.stdout) as DevSession);
    }
    const first = (kind: Kind) => runs.map((run) => run.ms[kind][0] ?? Number.NaN);
    const later = (kind: Kind) => runs.flatMap((run) => run.ms[kind].slice(1));

    const full = median(fullMs);
    console.log(
      `\nDev: edit-to-reload on the demo project (${writeup}), in ${sessions} fresh \`dev\` sessions on a project built before, ${rounds} edits of each kind per session`,
    );
    printTable([
      ["", "ms", "÷ target", "÷ full build"],
      ["full build (baseline)", full.toFixed(0), "", "1.00"],
      ...kinds.flatMap((kind) =>
        (
          [
            [`first edit (median of ${sessions} sessions)`, median(first(kind))],
            ["later edits (median)", median(later(kind))],
          ] as const
        ).map(([which, ms]) => [
          `${kind}, ${which}, target ${targets[kind]} ms`,
          ms.toFixed(0),
          (ms / targets[kind]).toFixed(2),
          (ms / full).toFixed(2),
        ]),
      ),
    ]);
    for (const kind of kinds) {
      const firsts = first(kind).map((ms) => ms.toFixed(0));
      console.log(`${kind} first edits (ms): ${firsts.join(", ")}`);
      console.log(
        `${kind} rebuild stages (median ms): ${stagesOf(runs.flatMap((run) => run.stages[kind]))}`,
      );
    }
    console.log(
      `browsers launched by each dev server: ${runs.map((run) => run.browserLaunches).join(", ")}; render pages opened (mermaid loaded): ${runs.map((run) => run.renderPagesOpened).join(", ")}`,
    );
  } finally {
    await cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchDev();
