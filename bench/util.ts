import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** This repository's folder, and the command its users run. */
export const repository = fileURLToPath(new URL("..", import.meta.url));
export const designpressBin = path.join(repository, "bin", "designpress.js");

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function temporaryDir(
  prefix: string,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Rows of cells as aligned columns. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  for (const row of rows)
    console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  "));
}

/**
 * Wall time of a command to its end, process start included. An exit code
 * above `highestPassing` (a linter's 1 is "problems found") stops the benchmark.
 */
export function wallTime(
  command: string,
  args: readonly string[],
  cwd: string,
  highestPassing = 0,
): number {
  const start = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  const elapsed = performance.now() - start;
  if (result.error) throw result.error;
  if ((result.status ?? 0) > highestPassing) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  }
  return elapsed;
}
