// One `designpress dev` session in a process of its own, as a user starts it: the
// project in argv[2] built once before (its cache warm), nothing loaded yet; argv[3]
// the writeup to edit, argv[4] how many edits of each kind, argv[5] a name that makes
// the session's edits its own. Prints, as JSON on stdout, the time from each edit's
// write to the reload event.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BuildResult } from "../lib/build/index.js";
import { startDev } from "../lib/dev/index.js";

export interface DevSession {
  /** From each edit's write to the reload event, in ms, in order: the first edit first. */
  ms: { text: number[]; diagram: number[] };
  /** Each rebuild's stages, in order. */
  stages: { text: BuildResult["timer"]["stages"][]; diagram: BuildResult["timer"]["stages"][] };
  browserLaunches: number;
  renderPagesOpened: number;
}

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

async function session(
  dir: string,
  writeup: string,
  rounds: number,
  name: string,
): Promise<DevSession> {
  const dev = await startDev({
    root: dir,
    port: 0,
    // Failed rebuilds throw below; the demo's warnings (no `url` for the feed) are not news here.
    log: { info: () => undefined, error: () => undefined },
  });
  const events = await listen(`http://127.0.0.1:${dev.port}/__designpress/events`);
  const file = path.join(dir, "content", writeup);
  const original = await readFile(file, "utf8");
  // Text no session wrote before: an edit the build cache on disk does not hold.
  const edits = {
    text: (round: number) =>
      original.replace(
        "looks like a weekend project",
        `looks like a weekend project (${name}.${round})`,
      ),
    diagram: (round: number) =>
      original.replace('cdn["CDN edge"]', `cdn["CDN edge ${name}.${round}"]`),
  };
  const result: DevSession = {
    ms: { text: [], diagram: [] },
    stages: { text: [], diagram: [] },
    browserLaunches: 0,
    renderPagesOpened: 0,
  };
  try {
    // As a user would: the first edit comes once the server has settled after its start.
    await dev.idle();
    for (let round = 0; round < rounds; round++) {
      for (const kind of ["text", "diagram"] as const) {
        const reloaded = events.next();
        const built = dev.nextBuild();
        const start = performance.now();
        await writeFile(file, edits[kind](round));
        await reloaded;
        result.ms[kind].push(performance.now() - start);
        const build = await built;
        if (!build.ok) throw new Error(`a dev rebuild failed: ${build.error?.message}`);
        result.stages[kind].push(build.timer.stages);
        // Let anything the rebuild finishes after the reload settle before the next edit.
        await dev.idle();
      }
    }
    result.browserLaunches = dev.browserLaunches;
    result.renderPagesOpened = dev.renderPagesOpened;
  } finally {
    await events.close();
    await dev.close();
  }
  return result;
}

const [dir, writeup, rounds, name] = process.argv.slice(2);
if (dir && writeup && rounds && name) {
  process.stdout.write(JSON.stringify(await session(dir, writeup, Number(rounds), name)));
}
