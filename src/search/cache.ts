import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { readEntryFile, writeEntryFile } from "../files/entry.js";
import { pruneCache } from "../files/prune.js";
import { isPlainRelativePath } from "../files/within.js";
import type { BundleFile } from "./pagefind.js";

/** Where the last index is kept, a file per shard, relative to the project root. */
export const searchCacheDir = ".designpress-cache/search";

/** The file, in {@link searchCacheDir}, of shard `shard` of `count`. */
export const shardCacheFile = (shard: number, count: number): string =>
  `shard-${shard}-of-${count}.json`;

/** Bumped when what is stored changes shape or meaning, so old entries stop matching. */
const cacheFormat = 3;

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** A page as an index remembers it: its URL and the hash of its HTML. */
export interface IndexedDocument {
  url: string;
  sha256: string;
}

/** A page as an index remembers it, from its URL and its HTML (as text, or as UTF-8 bytes: the same hash). */
export const indexedDocument = (url: string, html: string | Uint8Array): IndexedDocument => ({
  url,
  sha256: sha256(html),
});

/** An index and what it was made from: Pagefind's version and every page, in order. */
export interface CachedIndex {
  pagefind: string;
  documents: IndexedDocument[];
  files: BundleFile[];
}

const isDocument = (item: unknown): item is IndexedDocument => {
  const { url, sha256: hash } = (item ?? {}) as Record<string, unknown>;
  return typeof url === "string" && typeof hash === "string" && /^[0-9a-f]{64}$/.test(hash);
};

/**
 * The index stored in `file` for this version of Pagefind, or undefined when
 * there is none, or it is another version's, or anything in it is not what
 * was written (truncated, edited, an unsafe path): it is then made again.
 */
export async function readCachedIndex(
  file: string,
  pagefind: string,
): Promise<CachedIndex | undefined> {
  const text = readEntryFile(file);
  if (text === undefined) return undefined;
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { format, pagefind: version, documents, files } = (entry ?? {}) as Record<string, unknown>;
  if (format !== cacheFormat || version !== pagefind) return undefined;
  if (!Array.isArray(documents) || !documents.every(isDocument)) return undefined;
  if (!Array.isArray(files)) return undefined;
  const bundle: BundleFile[] = [];
  for (const item of files as unknown[]) {
    const { path: name, sha256: hash, data } = (item ?? {}) as Record<string, unknown>;
    if (!isPlainRelativePath(name) || typeof data !== "string") return undefined;
    const bytes = new Uint8Array(Buffer.from(data, "base64"));
    if (sha256(bytes) !== hash) return undefined;
    bundle.push({ path: name, data: bytes });
  }
  if (bundle.length === 0) return undefined;
  return {
    pagefind,
    documents: documents.map(({ url, sha256: hash }) => ({ url, sha256: hash })),
    files: bundle,
  };
}

/** Keep `index`, replacing the one before; a reader sees one whole entry or the other. */
export async function writeCachedIndex(file: string, index: CachedIndex): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const entry = {
    format: cacheFormat,
    pagefind: index.pagefind,
    documents: index.documents,
    files: index.files.map(({ path: name, data }) => ({
      path: name,
      sha256: sha256(data),
      data: Buffer.from(data).toString("base64"),
    })),
  };
  await writeEntryFile(file, JSON.stringify(entry));
}

/**
 * Remove from `dir` the indexes of another shard count (the site grew or
 * shrank past a power of two) or an older format that no build has used for
 * a day, as every cache of designpress is pruned (see {@link pruneCache}).
 */
export function pruneSearchCache(dir: string, root: string, count: number): Promise<void> {
  return pruneCache(dir, {
    root,
    used: new Set(Array.from({ length: count }, (_, shard) => shardCacheFile(shard, count))),
    entry: /^(index|shard-\d+-of-\d+)\.json$/,
    temporary: /^(index|shard-\d+-of-\d+)\.json\.\d+\.tmp$/,
  });
}
