import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type BundleFile, isBundlePath, type SearchDocument } from "./pagefind.js";

/** Where the last index is kept, relative to the project root. */
export const searchCacheFile = ".designpress-cache/search/index.json";

/** Bumped when what is stored changes shape or meaning, so old entries stop matching. */
const cacheFormat = 1;

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** What an index is made from: Pagefind's version and every page's URL and HTML, in order. */
export function searchIndexKey(documents: readonly SearchDocument[], pagefind: string): string {
  const hash = createHash("sha256").update(`${cacheFormat}\0${pagefind}`);
  for (const { url, html } of documents) hash.update(`\0${url}\0${html.length}\0`).update(html);
  return hash.digest("hex");
}

/**
 * The index stored under `key`, or undefined when there is none, or it is
 * another index, or anything in it is not what was written (truncated,
 * edited, an unsafe path): it is then rebuilt.
 */
export async function readCachedIndex(
  file: string,
  key: string,
): Promise<BundleFile[] | undefined> {
  let entry: unknown;
  try {
    entry = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
  const { format, key: stored, files } = (entry ?? {}) as Record<string, unknown>;
  if (format !== cacheFormat || stored !== key || !Array.isArray(files)) return undefined;
  const bundle: BundleFile[] = [];
  for (const item of files as unknown[]) {
    const { path: name, sha256: hash, data } = (item ?? {}) as Record<string, unknown>;
    if (typeof name !== "string" || !isBundlePath(name) || typeof data !== "string")
      return undefined;
    const bytes = new Uint8Array(Buffer.from(data, "base64"));
    if (sha256(bytes) !== hash) return undefined;
    bundle.push({ path: name, data: bytes });
  }
  return bundle.length > 0 ? bundle : undefined;
}

/** Keep `files` as the index for `key`, replacing the one before; a reader sees one whole entry or the other. */
export async function writeCachedIndex(
  file: string,
  key: string,
  files: readonly BundleFile[],
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const entry = {
    format: cacheFormat,
    key,
    files: files.map(({ path: name, data }) => ({
      path: name,
      sha256: sha256(data),
      data: Buffer.from(data).toString("base64"),
    })),
  };
  try {
    await writeFile(temporary, JSON.stringify(entry));
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
