import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../", import.meta.url));
export const corpusDir = path.resolve(repoRoot, "../shared/corpus");

/** A fresh temporary folder, removed by the returned cleanup. */
export async function temporaryFolder(
  prefix = "designpress-test-",
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A temporary project holding a copy of `content` (and optionally a config). */
export async function projectWith(
  contentFrom: string,
): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const { dir, cleanup } = await temporaryFolder("designpress-project-");
  await cp(contentFrom, path.join(dir, "content"), { recursive: true });
  return { root: dir, cleanup };
}

/** Every file under `dir` (relative path → sha256), to compare two builds byte for byte. */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    hashes[path.relative(dir, full)] = createHash("sha256")
      .update(await readFile(full))
      .digest("hex");
  }
  return Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => (a < b ? -1 : 1)));
}
