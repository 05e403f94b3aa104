import type { Root as HastRoot } from "hast";
import type { VFile } from "vfile";
import type { Theme } from "../../theme/load.js";
import type { PageModel, SiteModel } from "../../theme/model.js";

/** What an emitter sees: the site as the theme renders it, and where it came from. */
export interface EmitterSite {
  /** The project folder. */
  readonly root: string;
  readonly contentDir: string;
  readonly site: SiteModel;
  readonly theme: Theme;
  /** Every writeup that became a page, with what the plugins stored on it (`file.data`). */
  readonly files: readonly VFile[];
  /** Each page's content tree, every stage applied. */
  readonly trees: ReadonlyMap<VFile, HastRoot>;
  /**
   * A writeup's page as the theme renders it (its `index.html`), rendered once
   * per build, after designpress's emitters that add scripts to pages. In
   * `designpress dev`, a page unchanged since an earlier build is not
   * rendered again.
   */
  readonly renderPage: (page: PageModel) => string;
  /**
   * The same page as UTF-8 bytes, to write or hash: a page carried over from
   * the last build (see the README's Build cache) is its file's bytes as read,
   * never decoded.
   */
  readonly pageBytes: (page: PageModel) => Uint8Array;
  /** Check it between long pieces of work: the build was stopped. */
  readonly signal?: AbortSignal;
  /** Say something about the build as a whole, once (a file's problem goes on its file). */
  readonly warn: (message: string) => void;
}

/** The fresh output folder an emitter writes into. */
export interface OutputFolder {
  /** Its path (the new site is swapped in for the old one when every emitter is done). */
  readonly dir: string;
  /** Write a file at a path relative to the folder, with `/`, making its folders. */
  write(relative: string, data: string | Uint8Array): Promise<void>;
  /** Copy a file to a path relative to the folder, with `/`, making its folders. */
  copy(source: string, relative: string): Promise<void>;
}

/** An output path an emitter writes, and who asks for it, for messages. */
export interface Claim {
  /** Relative to the output folder, with `/`: `index.html`, `tags/caching/index.html`. */
  path: string;
  /** Who writes it, as a message names it: "the page of `content/b.md`". */
  source: string;
  /**
   * A folder the emitter fills (`assets`, `tags`): no file copied from the
   * content folder may land inside it, though other emitters may.
   */
  folder?: boolean;
  /**
   * Set when the path is a copy of a file from the content folder (a linked
   * image, a download): its path, relative to the project. Such a file may
   * land on no other claim, nor inside a claimed folder; a collision is
   * reported against it.
   */
  fromContent?: string;
}

/**
 * One whole-site output: the pages, the index, a feed, a search index… The
 * write stage runs each in list order; every path an emitter writes must be
 * one it claims, and no two emitters may claim one path (the build fails
 * naming both, before anything is written).
 */
export interface Emitter {
  /** Short and unique, for messages: `pages`, `sitemap`. */
  readonly name: string;
  /** The paths it will write; called once, before any emitter writes. */
  claims(site: EmitterSite): readonly Claim[] | Promise<readonly Claim[]>;
  /**
   * Write them. `handOff`, given to an emitter that {@link overlaps}, lets the
   * emitters after it start.
   */
  emit(site: EmitterSite, out: OutputFolder, handOff?: () => void): Promise<void>;
  /**
   * Its work waits mostly on another process (Pagefind's indexer): the
   * emitters after it start once it calls `handOff` (it has given that
   * process all its work, before the others take the thread) or ends, and
   * the write stage waits for it at the end. Its warnings still come in list
   * order.
   */
  readonly overlaps?: true;
}
