import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { onTestFinished } from "vitest";
import type { BuildResult } from "../src/build/index.js";

export const repoRoot = fileURLToPath(new URL("../", import.meta.url));
export const corpusDir = path.resolve(repoRoot, "../shared/corpus");

/** Every Markdown file of the corpus, by its absolute path, sorted. */
export async function corpusMarkdownFiles(): Promise<string[]> {
  const entries = await readdir(corpusDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function temporaryFolder(
  prefix = "designpress-test-",
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Run each cleanup once the running test finishes, passed or failed. */
export function cleanUpAfterTest(...cleanups: (() => Promise<void>)[]): void {
  for (const cleanup of cleanups) onTestFinished(cleanup);
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

/** A temporary project made of `files` (path relative to it → text). */
export async function projectOf(files: Record<string, string>) {
  const { dir, cleanup } = await temporaryFolder("designpress-build-");
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return { root: dir, cleanup };
}

/** A writeup with a title, a body and more front matter. */
export const writeup = (title: string, body = "Text.\n", front = "") =>
  `---\ntitle: ${title}\n${front}---\n\n${body}`;

/** Every message of a build as `file:line ruleId: reason` (line 0 when it has none). */
export function messagesOf(result: BuildResult): string[] {
  return result.files.flatMap((file) =>
    file.messages.map(
      (message) => `${file.path}:${message.line ?? 0} ${message.ruleId}: ${message.reason}`,
    ),
  );
}
