import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Root as HastRoot } from "hast";
import type { VFile } from "vfile";
import { readEntryBytes, writeEntryFile } from "../../files/entry.js";
import { pruneCache } from "../../files/prune.js";
import { reallyInside } from "../../files/within.js";
import type { PageTree } from "../../theme/page-tree.js";
import { decodePage, encodePage, restorePage } from "./entries.js";
import { hash } from "./keys.js";

/**
 * Pages kept between builds of one process (`designpress dev`), in front of the
 * folder on disk: what one build made, the next finds without reading it.
 */
export interface BuildCache {
  /** Entries' text (or bytes, as read from disk) by key. */
  pages: Map<string, string | Buffer>;
  /** Each page's latest key by its path: an edited page's older entry is let go. */
  keys: Map<string, string>;
  /**
   * Set by a build that transformed no page, so never ran the page processor:
   * runs it once, in memory, on the writeups changed last (see
   * `rehearseTransform`; resolves to their paths). `dev` calls it after its
   * first build, for the first edit.
   */
  rehearse?: () => Promise<string[]>;
}

export function createBuildCache(): BuildCache {
  return { pages: new Map(), keys: new Map() };
}

/** The names this store writes: entries, and their temporary files while being written. */
const entryName = /^[0-9a-f]{64}\.json$/;
const temporaryName = /^[0-9a-f]{64}\.json\.\d+-\d+\.tmp$/;

/** What a build took from the cache and what it made afresh. */
export interface CacheStats {
  /** Pages read from the cache: neither parsed nor transformed. */
  reused: number;
  /** The pages parsed and transformed, by path (relative to the project, with `/`), as they were made (threads: in no set order). */
  transformed: string[];
  /**
   * Pages the last build wrote from the same inputs, read back from the output
   * folder instead of rendered: writeups' pages, and the site's own (index,
   * tags, compare, 404).
   */
  carried?: { pages: number; sitePages: number };
}

/**
 * One build's page cache: `<dir>/<key>.json`, with the in-process cache in
 * front. Reading never throws (a missing, unreadable or invalid entry is a
 * miss, and the page is made again); a write is atomic (a temporary file
 * renamed into place: a reader sees a whole entry or none), and a failed one
 * is a single warning for the build, never an error.
 */
export class PageStore {
  readonly stats: CacheStats = { reused: 0, transformed: [] };
  /** The entries this build read or wrote: the ones pruning keeps. */
  private readonly used = new Set<string>();
  private readonly writes: Promise<void>[] = [];
  private failure: string | undefined;

  private constructor(
    /** The folder on disk; `undefined` keeps entries in memory only. */
    private readonly dir: string | undefined,
    /** The caller's cache between builds (`dev`); none for a one-off build, which keeps nothing in memory. */
    private readonly memory: BuildCache | undefined,
    private readonly root: string,
  ) {}

  /**
   * The cache in `dir`, unless that leads out of the project (a symlink
   * committed or restored there): then in memory only, with the reason.
   */
  static async open(
    root: string,
    dir: string | undefined,
    memory: BuildCache | undefined,
  ): Promise<{ store: PageStore; warning?: string }> {
    if (dir !== undefined && !(await reallyInside(root, dir))) {
      return {
        store: new PageStore(undefined, memory, root),
        warning: `The build cache \`${path.relative(root, dir)}\` leads out of the project (a symlink), so it is neither read nor written; remove it`,
      };
    }
    return { store: new PageStore(dir, memory, root) };
  }

  /** A page's key: what it is read and transformed from (see the README's Build cache). */
  static key(version: string, config: string, relativePath: string, source: string): string {
    return hash("designpress-page", version, config, relativePath, source);
  }

  private file(key: string): string {
    return path.join(this.dir ?? "", `${key}.json`);
  }

  /** The cached page for `key`, put on `file` (data and messages), its tree parsed when used; `undefined` on a miss. */
  async take(key: string, file: VFile): Promise<PageTree | undefined> {
    let text = this.memory?.pages.get(key);
    // Read synchronously, one after another: see `readRegularFileSync`.
    if (text === undefined && this.dir !== undefined) text = readEntryBytes(this.file(key));
    const entry = decodePage(key, text);
    if (!entry) return undefined;
    this.used.add(key);
    if (text !== undefined && this.memory) {
      this.memory.pages.set(key, text);
      this.memory.keys.set(file.path, key);
    }
    this.stats.reused += 1;
    return restorePage(file, entry);
  }

  /** Keep a page just transformed, as it is now (later stages change its tree in place). */
  keep(key: string, tree: HastRoot, file: VFile, projectPath: string): void {
    this.keepEncoded(key, encodePage(key, tree, file), file, projectPath);
  }

  /** Keep a page transformed in another thread, as that thread encoded it. */
  keepEncoded(key: string, text: string, file: VFile, projectPath: string): void {
    this.stats.transformed.push(projectPath);
    this.used.add(key);
    if (this.memory) {
      const older = this.memory.keys.get(file.path);
      if (older !== undefined && older !== key) this.memory.pages.delete(older);
      this.memory.keys.set(file.path, key);
      this.memory.pages.set(key, text);
    }
    if (this.dir === undefined || this.failure !== undefined) return;
    const target = this.file(key);
    const temporary = `${target}.${process.pid}-${this.writes.length}.tmp`;
    const dir = this.dir;
    this.writes.push(
      (async () => {
        try {
          await mkdir(dir, { recursive: true });
          await writeEntryFile(target, text, temporary);
        } catch (error) {
          this.failure ??= (error as NodeJS.ErrnoException).code ?? String(error);
        }
      })(),
    );
  }

  /** Waits for every write: the warning to print once when one failed. */
  async finish(): Promise<string | undefined> {
    await Promise.all(this.writes);
    this.writes.length = 0;
    if (this.failure === undefined || this.dir === undefined) return undefined;
    return unwritableCache(this.root, this.dir, this.failure);
  }

  /**
   * Remove the entries this build did not use that are over a day old (see
   * {@link pruneCache}): for a build that went through every page.
   */
  async prune(): Promise<void> {
    if (this.dir === undefined) return;
    const used = new Set([...this.used].map((key) => `${key}.json`));
    await pruneCache(this.dir, {
      root: this.root,
      used,
      entry: entryName,
      temporary: temporaryName,
    });
  }
}

/** The one warning of a build that could not write its cache. */
export function unwritableCache(root: string, dir: string, reason: string): string {
  return `Cannot write the build cache \`${path.relative(root, dir)}\` (${reason}); the site is built, but the next build makes it again — make the folder writable, or delete it`;
}
