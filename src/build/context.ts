import type { VFile } from "vfile";
import type { ReadConfig, SiteConfig } from "../config/index.js";
import type { FileHistory } from "../history/git.js";
import type { DiagramMemory } from "../mermaid/figures.js";
import type { RenderProgress, RenderStats } from "../mermaid/index.js";
import type { BrowserSession } from "../mermaid/session.js";
import type { Theme } from "../theme/load.js";
import type { PageModel, SiteModel } from "../theme/model.js";
import type { PageTree } from "../theme/page-tree.js";
import type { RenderMemory } from "./cache/render-memory.js";
import type { CarriedPages, RenderedKeys } from "./cache/rendered.js";
import type { BuildCache, CacheStats, PageStore } from "./cache/store.js";
import type { Claim, Emitter, EmitterSite } from "./emitters/types.js";
import type { StageTimer } from "./timer.js";

export interface BuildOptions {
  /** Project folder: where the config and `themes/` are. Default: the working directory. */
  root?: string;
  /** Default `<root>/content`. */
  contentDir?: string;
  /** Default `<root>/dist`. */
  outDir?: string;
  /** Overrides the config's `base`. */
  base?: string;
  /** Structure errors fail the build too. */
  strict?: boolean;
  /**
   * The build cache kept between builds of one process (`designpress dev`), in
   * front of the one on disk: what one build made, the next finds without
   * reading the disk.
   */
  cache?: BuildCache;
  /**
   * Diagrams kept between builds of one process (`designpress dev`): each
   * rendering by its key, in front of the mermaid cache folder, and the
   * figure each became, so an unchanged diagram is neither read nor inlined again.
   */
  diagramMemory?: DiagramMemory;
  /**
   * Writeup pages kept rendered between builds of one process (`designpress
   * dev`), by everything a page is made from: an unchanged page is not rendered again.
   */
  renderMemory?: RenderMemory;
  /**
   * Folder of the build cache, relative to `root` (default
   * `.designpress-cache/build`); `false`: none on disk (`--no-cache`), so every
   * page is transformed, unless `cache` keeps them in memory.
   */
  cacheDir?: string | false;
  /** designpress's version as the build cache sees it (default: the package's, with a hash of its code); for tests. */
  cacheVersion?: string;
  /**
   * Threads that transform pages, this one included (default: one per core, up
   * to four). A site with fewer than 50 pages to transform a thread uses fewer;
   * 1 transforms every page in this thread.
   */
  threads?: number;
  /** Fail when no browser can render diagrams, instead of leaving them to the reader's browser. */
  requireBrowser?: boolean;
  /** Called as diagrams are rendered or read from the cache (a progress line on a TTY). */
  onDiagramProgress?: (progress: RenderProgress) => void;
  /**
   * Stops the build: every stage checks it, the browser is closed and the
   * half-written output removed; `build()` then rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /** More outputs, written after designpress's own (feeds, search indexes…). */
  emitters?: readonly Emitter[];
  /**
   * A browser the caller keeps between builds (`designpress dev`): the build
   * launches it through the session if it needs it and neither closes it nor
   * its replacement; the caller does. Default: a browser of the build's own,
   * closed when the build ends.
   */
  browser?: BrowserSession;
  /**
   * Update the output folder in place instead of replacing it whole
   * (`designpress dev`, serving from it): only files whose bytes changed are
   * written, and files no longer produced are removed. Default: write a
   * fresh folder and swap it in, so a failed build never loses the last one.
   */
  updateInPlace?: boolean;
}

export interface BuildResult {
  ok: boolean;
  /**
   * Every file with messages to print, in order: the config file (when it has
   * problems), files the build skipped or refused (symlinks, colliding paths),
   * then every writeup.
   */
  files: VFile[];
  pages: number;
  outDir: string;
  /** The path the site is served under (config `base`, or the `base` option): set once the config is read. */
  base?: string;
  timer: StageTimer;
  /** Diagram rendering: counts, time, and warnings to print once (no browser…). */
  diagrams?: RenderStats & { warnings: string[] };
  /** Social cards: drawn in the browser, and read from the cache. Unset when there are none to make. */
  cards?: { drawn: number; cached: number };
  /**
   * How many browsers the build launched (diagrams and social cards share one):
   * 0 when all came from the caches, or when a caller's browser (`browser`)
   * was already running.
   */
  browserLaunches: number;
  /** Warnings about the build itself, to print once (an output folder restored…). */
  warnings: string[];
  /**
   * With `updateInPlace`: the search index, written after `build()` returns
   * (the pages are already in place). Never rejects: a failure is added to
   * `warnings`. Unset when nothing is left to write.
   */
  pending?: Promise<void>;
  /** Pages taken from the build cache and pages transformed (unset without a cache). */
  cache?: CacheStats;
  /**
   * Set when every input of the site was as it was for the build that left
   * the output folder as it is: that build's messages were printed again and
   * nothing was written.
   */
  unchanged?: boolean;
  /** Set when the build stopped for a reason no file carries (bad config, refused output folder, no writeups…). */
  error?: Error;
}

/** Everything the stages share: the options, then what each stage adds, in stage order. */
export interface BuildContext {
  readonly root: string;
  readonly contentDir: string;
  readonly outDir: string;
  readonly options: BuildOptions;
  readonly result: BuildResult;
  /**
   * The build's one browser, launched by the first stage that needs it (the
   * diagrams, the social cards) and closed when the build ends (unless the
   * caller gave it, `options.browser`).
   */
  readonly browser: BrowserSession;
  /** config: the config as read (and where each rule id is written). */
  read?: ReadConfig;
  /** config: the site config, `--base` applied. */
  config?: SiteConfig;
  /** theme */
  theme?: Theme;
  /** discover: every Markdown file to build, sorted. */
  sources?: string[];
  /** discover: every file under the content folder (what the writeups link to too), sorted. */
  contentFiles?: string[];
  /** unchanged (or history): the content folder's git history, when the site shows it. */
  history?: FileHistory | undefined;
  /** unchanged: the key of every input of the site, when the build cache may keep it. */
  siteKey?: string;
  /** unchanged: where the build cache keeps the site's entry. */
  siteCacheDir?: string;
  /** unchanged: the site is as the last build left it; no later stage runs. */
  finished?: boolean;
  /** write: the previous output folder being removed after the swap, which the build awaits at its end. */
  previousOutputRemoved?: Promise<void>;
  /**
   * Housekeeping a stage started and the stages after it need not wait for
   * (pruning a cache's unused entries): the build awaits it before it ends,
   * whatever ended it. Never rejects.
   */
  housekeeping?: Promise<void>[];
  /** read: one file per source, in the same order (some carry only a read error). */
  files?: VFile[];
  /**
   * read: every readable page in the files' order; the trees of those taken
   * from the build cache; the others, their front matter parsed, for the
   * transform stage; and the cache they go to.
   */
  pages?: {
    jobs: ReadPage[];
    taken: Map<VFile, PageTree>;
    missed: ReadPage[];
    store: PageStore | undefined;
  };
  /** transform: each readable page's tree (one taken from the build cache is parsed when first used). */
  trees?: Map<VFile, PageTree>;
  /**
   * read, then links and diagrams: a key of each page's content tree as
   * it stands, from what made it (its build-cache key, then what each stage
   * that changed the tree depended on); set when the pages the last build
   * rendered may be carried over (see `cache/rendered.ts`).
   */
  contentKeys?: Map<VFile, string>;
  /** model: the site as the theme sees it. */
  site?: SiteModel;
  /** model: each page's content key (see `contentKeys`). */
  pageContentKeys?: Map<PageModel, string>;
  /** carry: the keys of everything the pages are rendered from, for the next build (and dev's render memory). */
  renderedKeys?: RenderedKeys;
  /** carry: the pages the last build rendered from the same inputs, as it wrote them. */
  carried?: CarriedPages;
  /**
   * carry: whether a folder of the output folder is reached through real
   * folders only, each folder asked once for the build (the write stage links
   * from the same folders the carry stage read).
   */
  outputFolders?: (folder: string) => boolean;
  /** model: what every emitter is given. */
  emitterSite?: EmitterSite;
  /** model: what the write stage runs, in order, with the paths each one writes. */
  emitters?: readonly { emitter: Emitter; claims: readonly Claim[] }[];
}

/** A readable page: its file, its path in the project (with `/`) and its build-cache key. */
export interface ReadPage {
  file: VFile;
  relative: string;
  key: string;
}

/** Start housekeeping that the build awaits before it ends, not before its next stage (see `housekeeping`). */
export function keepHouse(context: BuildContext, work: Promise<unknown>): void {
  context.housekeeping ??= [];
  context.housekeeping.push(
    work.then(
      () => undefined,
      () => undefined,
    ),
  );
}

/** A stage of the build: a name (for `--timings`) and the work it adds to the context. */
export interface Stage {
  readonly name: string;
  /** Run only when no message so far fails the build (writing, and the work only writing needs). */
  readonly needsValidPages?: boolean;
  run(context: BuildContext): Promise<void> | void;
}

/** An expected reason to stop the build, printed as it is (no stack trace). */
export class BuildError extends Error {
  override name = "BuildError";
}

/**
 * The context with the fields `keys` set by earlier stages; a stage that runs
 * before they are set is a bug in the stage list.
 */
export function ready<const Keys extends keyof BuildContext>(
  context: BuildContext,
  ...keys: Keys[]
): BuildContext & Required<Pick<BuildContext, Keys>> {
  for (const key of keys) {
    if (context[key] === undefined) throw new Error(`Build stage order: \`${key}\` is not set yet`);
  }
  return context as BuildContext & Required<Pick<BuildContext, Keys>>;
}
