import { execFile, spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { type SearchDocument, startIndexing } from "./pagefind.js";

const run = promisify(execFile);

const page = (slug: string, word: string): SearchDocument => ({
  url: `/${slug}/`,
  html: `<!doctype html><html lang="en"><head><title>${slug}</title></head><body><main data-pagefind-body><h1>${slug}</h1><p>A design about ${word}.</p></main></body></html>`,
});

/** How many of Pagefind's processes this process has running (Linux's `ps`). */
async function pagefindProcesses(): Promise<number> {
  const { stdout } = await run("ps", ["-o", "args=", "--ppid", String(process.pid)]).catch(() => ({
    stdout: "",
  }));
  return stdout.split("\n").filter((line) => line.includes("pagefind")).length;
}

/** Waits, a second at most, for `count` of Pagefind's processes; the count there is then. */
async function settlesAt(count: number): Promise<number> {
  for (let tries = 0; tries < 50 && (await pagefindProcesses()) !== count; tries++) await sleep(20);
  return pagefindProcesses();
}

describe("startIndexing", { timeout: 60_000 }, () => {
  it("makes the indexes of one run side by side, one Pagefind process each while there are cores, the same bytes as one at a time", async () => {
    const indexing = startIndexing();
    const feeds = [0, 1].map(() => new PassThrough({ objectMode: true }));
    const made = feeds.map((feed) => indexing.index(feed));
    feeds[0]?.write(page("apple", "apples"));
    feeds[1]?.write(page("banana", "bananas"));
    // Both indexes are under way (their pages keep coming): each has a backend of its own.
    expect(await settlesAt(Math.min(2, availableParallelism()))).toBe(
      Math.min(2, availableParallelism()),
    );
    for (const feed of feeds) feed.end();
    const [apple, banana] = await Promise.all(made);
    await indexing.end();
    expect(await settlesAt(0)).toBe(0);

    const alone = startIndexing();
    const appleAlone = await alone.index([page("apple", "apples")]);
    const bananaAlone = await alone.index([page("banana", "bananas")]);
    await alone.end();
    expect(apple).toEqual(appleAlone);
    expect(banana).toEqual(bananaAlone);
    expect(apple).not.toEqual(banana);
  });

  it.each([
    ["Pagefind's backend", {}],
    [
      "a backend that answers after SIGTERM",
      {
        PAGEFIND_EXTENDED_BINARY_PATH: fileURLToPath(
          new URL("../../test/fixtures/pagefind/slow-backend.mjs", import.meta.url),
        ),
      },
    ],
  ])(
    "stops a run whose pages are still being indexed once %s has answered them: nothing on stderr",
    async (_, backendEnv) => {
      // The compiled module (`npm test` compiles first), in a process of its own:
      // the backends write to its stderr, which the test reads.
      const compiled = new URL("../../lib/search/pagefind.js", import.meta.url).href;
      const script = `
      import { startIndexing } from ${JSON.stringify(compiled)};
      const html = (n) => "<html lang=en><body><main data-pagefind-body><h1>Page " + n + "</h1><p>" + "word ".repeat(n % 50) + "about " + n + "</p></main></body></html>";
      for (let round = 0; round < 3; round++) {
        const stop = new AbortController();
        const run = startIndexing(stop.signal);
        async function* pages() {
          for (let n = 0; n < 600; n++) {
            if (n === 400) stop.abort(new Error("stopped"));
            if (n % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
            yield { url: "/p" + n + "/", html: html(n) };
          }
        }
        console.log(await run.index(pages()).then(() => "made", (error) => error.message));
        await run.end();
      }`;
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, ...backendEnv },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise((resolve) => child.on("close", resolve));
      expect({ code, stdout, stderr }).toEqual({
        code: 0,
        stdout: "stopped\nstopped\nstopped\n",
        stderr: "",
      });
    },
  );
});
