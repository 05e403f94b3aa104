import { lstatSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { VFile } from "vfile";
import { readEntryFile, writeEntryFile } from "../../files/entry.js";
import { hashFiles } from "../../files/hash.js";
import { listTree } from "../../files/tree.js";
import type { FileHistory } from "../../history/git.js";
import { type Theme, themeKey } from "../../theme/load.js";
import { type CachedMessage, cachedMessages, isMessage, restoreMessages } from "./entries.js";
import { hash } from "./keys.js";
import { arrayOf, decodeEntry, isCount, isString, shape } from "./validate.js";

/** Bumped whenever the entry's shape or meaning changes: older entries are then misses. */
const siteFormat = 1;

/** An output file as it was left: a build that finds it so need not write it again. */
interface OutputFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** What a finished build printed: its files' messages, its counts and its warnings. */
export interface SiteOutcome {
  files: { path: string; messages: CachedMessage[] }[];
  pages: number;
  /** Diagrams rendered or read from their cache, and those that failed (their messages are in `files`). */
  diagrams: number;
  failedDiagrams: number;
  cards: number;
  warnings: string[];
}

/**
 * A whole build (key: every input of the site, see {@link siteKey}): the
 * output folder it left, file by file, and what it printed. A build whose
 * inputs hash the same, and whose output folder is still as it was left, is
 * the same build: it prints the same and writes nothing.
 */
interface SiteEntry {
  format: typeof siteFormat;
  key: string;
  output: OutputFile[];
  outcome: SiteOutcome;
}

const isSiteEntry = shape<SiteEntry>({
  format: (value): value is typeof siteFormat => value === siteFormat,
  key: isString,
  output: arrayOf(
    shape<OutputFile>({
      path: isString,
      size: isCount,
      mtimeMs: (value): value is number => typeof value === "number" && Number.isFinite(value),
    }),
  ),
  outcome: shape<SiteOutcome>({
    files: arrayOf(
      shape<SiteOutcome["files"][number]>({ path: isString, messages: arrayOf(isMessage) }),
    ),
    pages: isCount,
    diagrams: isCount,
    failedDiagrams: isCount,
    cards: isCount,
    warnings: arrayOf(isString),
  }),
});

/** Everything a site is built from, bar the config and theme (hashed by their callers). */
export interface SiteInputs {
  /** designpress's version and the config, as the page cache keys them. */
  version: string;
  config: string;
  theme: Theme;
  /** The options that shape the output: folders, base, strictness. */
  options: string;
  /** Every file under the content folder (writeups and what they link), sorted. */
  contentFiles: readonly string[];
  /** Its git history, when the site shows dates or edit links. */
  history: FileHistory | undefined;
}

/** A site's key: its inputs, each file of the content folder by its bytes. */
export async function siteKey(inputs: SiteInputs): Promise<string> {
  const hashes = await hashFiles(inputs.contentFiles);
  const contents = inputs.contentFiles.map((file, index) => `${file}\0${hashes[index]}`);
  const history = inputs.history
    ? JSON.stringify([
        inputs.history.top,
        inputs.history.shallow,
        [...inputs.history.lastChanged].sort(),
        [...inputs.history.uncommitted].sort(),
      ])
    : "";
  return hash(
    `designpress-site/${siteFormat}`,
    inputs.version,
    inputs.config,
    inputs.options,
    themeKey(inputs.theme),
    ...contents,
    history,
  );
}

/** Every file under `dir` with its size and time, sorted; symlinks as they are (a build writes none). */
async function listOutput(dir: string): Promise<OutputFile[]> {
  const names = [...(await listTree(dir))].flatMap(([name, kind]) =>
    kind === "file" ? [name] : [],
  );
  // One after another, synchronously: 3,209 stats awaited through the thread pool took 30–47 ms
  // of wall time and 50–70 ms of CPU on an idle machine, against 9–16 ms.
  const files = names.map((name): OutputFile => {
    const info = lstatSync(path.join(dir, ...name.split("/")));
    return { path: name, size: info.size, mtimeMs: info.mtimeMs };
  });
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The cache's file of one kind about the output folder `outDir` (`site-<hash>.json`, `pages-<hash>.json`, `links-<hash>.json`). */
export function outputEntryFile(
  cacheDir: string,
  outDir: string,
  kind: "site" | "pages" | "links",
): string {
  return path.join(cacheDir, `${kind}-${hash(outDir).slice(0, 16)}.json`);
}

/**
 * The outcome of the build that left `outDir` as it is now, when it was built
 * from inputs with this key: `undefined` when there is no such entry, it is
 * not a valid one, or any output file was added, removed or changed since.
 */
export async function unchangedSite(
  cacheDir: string,
  outDir: string,
  key: string,
): Promise<SiteOutcome | undefined> {
  const entry = decodeEntry(
    readEntryFile(outputEntryFile(cacheDir, outDir, "site")),
    isSiteEntry,
    key,
  );
  if (!entry) return undefined;
  if (!(await stat(outDir).catch(() => undefined))?.isDirectory()) return undefined;
  const output = await listOutput(outDir).catch(() => undefined);
  if (output?.length !== entry.output.length) return undefined;
  const same = output.every((file, index) => {
    const kept = entry.output[index];
    return (
      kept !== undefined &&
      kept.path === file.path &&
      kept.size === file.size &&
      kept.mtimeMs === file.mtimeMs
    );
  });
  return same ? entry.outcome : undefined;
}

/** Keep a finished build's outcome and the output folder it left; a failed write is the warning returned. */
export async function rememberSite(
  cacheDir: string,
  outDir: string,
  key: string,
  outcome: SiteOutcome,
): Promise<string | undefined> {
  try {
    const entry: SiteEntry = { format: siteFormat, key, output: await listOutput(outDir), outcome };
    await mkdir(cacheDir, { recursive: true });
    await writeEntryFile(outputEntryFile(cacheDir, outDir, "site"), JSON.stringify(entry));
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

/** A build's files and their messages, as kept. */
export function keptFiles(files: readonly VFile[]): SiteOutcome["files"] {
  return files.map((file) => ({ path: file.path, messages: cachedMessages(file) }));
}

/** The files a kept outcome printed, with their messages, as they were. */
export function replayFiles(outcome: SiteOutcome, cwd: string): VFile[] {
  return outcome.files.map(({ path: filePath, messages }) => {
    const file = new VFile({ path: filePath, cwd });
    restoreMessages(file, messages);
    return file;
  });
}
