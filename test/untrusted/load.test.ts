import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { availableParallelism } from "node:os";
import path from "node:path";
import { reporter } from "vfile-reporter";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { hashTree, projectWith, repoRoot } from "../helpers.js";

/** Processes that keep every core busy until stopped (only these: by their own handles). */
function saturateCpu(): { stop: () => Promise<void> } {
  const workers: ChildProcess[] = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }),
  );
  return {
    stop: async () => {
      await Promise.all(
        workers.map(async (worker) => {
          if (worker.exitCode !== null || worker.signalCode !== null) return;
          const exited = once(worker, "exit");
          worker.kill("SIGKILL");
          await exited;
        }),
      );
    },
  };
}

describe("output on a busy machine", () => {
  it("builds the demo twice, each rendering its diagrams afresh, byte-identically while every core is busy", async () => {
    const projects = [
      await projectWith(path.join(repoRoot, "content")),
      await projectWith(path.join(repoRoot, "content")),
    ];
    const load = saturateCpu();
    try {
      const hashes = [];
      for (const project of projects) {
        const result = await build({ root: project.root, requireBrowser: true });
        expect(result.ok, reporter(result.files)).toBe(true);
        expect(result.diagrams?.cached).toBe(0);
        hashes.push(await hashTree(path.join(project.root, "dist")));
      }
      expect(Object.keys(hashes[0] ?? {}).length).toBeGreaterThan(10);
      expect(hashes[1]).toEqual(hashes[0]);
    } finally {
      await load.stop();
      await Promise.all(projects.map((project) => project.cleanup()));
    }
  }, 600_000);
});
