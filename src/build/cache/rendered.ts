import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { VFile } from "vfile";
import { readEntryFile, writeEntryFile } from "../../files/entry.js";
import { isPlainRelativePath, realFolderChecker } from "../../files/within.js";
import { type Theme, themeKey } from "../../theme/load.js";
import type { PageModel, SiteModel } from "../../theme/model.js";
import { readOutputFile } from "../output.js";
import { hash } from "./keys.js";
import { cardText } from "./render-memory.js";
import { outputEntryFile } from "./site.js";
import { arrayOf, decodeEntry, isString, shape } from "./validate.js";

/** Bumped whenever the record's shape or meaning changes: an older record is then ignored. */
const recordFormat = 2;

/** A writeup's page as the last build wrote it: the key of what it was rendered from, and its bytes' hash. */
interface RenderedPage {
  slug: string;
  key: string;
  digest: string;
}

/** A file of the site's own pages (index, tags, compare, 404), by its path in the output folder. */
interface RenderedFile {
  path: string;
  digest: string;
}

/** The pages of one output folder, as the build that left it rendered them. */
interface RenderedRecord {
  format: typeof recordFormat;
  key: string;
  pages: RenderedPage[];
  /** The site's own pages: one key for all, as each shows something of every page. */
  sitePages: { key: string; files: RenderedFile[] };
}

const isRecord = shape<RenderedRecord>({
  format: (value): value is typeof recordFormat => value === recordFormat,
  key: isString,
  pages: arrayOf(shape<RenderedPage>({ slug: isString, key: isString, digest: isString })),
  sitePages: shape<RenderedRecord["sitePages"]>({
    key: isString,
    files: arrayOf(shape<RenderedFile>({ path: isPlainRelativePath, digest: isString })),
  }),
});

const recordKey = (outDir: string) => hash("designpress-rendered", outDir);

/**
 * A page's content key taken one stage further: the stage changed the tree,
 * and what the change depended on are `parts`. The transform stage starts it
 * with the page's build-cache key (its source, path, config and designpress).
 */
export function extendContentKey(
  keys: Map<VFile, string> | undefined,
  file: VFile,
  ...parts: readonly string[]
): void {
  const key = keys?.get(file);
  if (keys && key !== undefined) keys.set(file, hash(key, ...parts));
}

/** The keys of everything the pages of a site are rendered from. */
export interface RenderedKeys {
  /** Each writeup's page with a content key. */
  pages: Map<PageModel, string>;
  /** The site's own pages, together. */
  sitePages: string;
}

/**
 * A writeup's page is made from designpress's version, the theme, the config,
 * its social card, its model and its content tree (by its content key); the
 * site's own pages from the same but every page's card and the part of every
 * page's model they show ({@link readOnItsPageAlone} left out).
 */
export function renderedKeys(
  version: string,
  theme: Theme,
  site: SiteModel,
  contentKeys: ReadonlyMap<PageModel, string>,
): RenderedKeys {
  const common = [version, themeKey(theme), JSON.stringify(site.config)];
  const models = site.pages.map(modelParts);
  const pages = new Map<PageModel, string>();
  for (const [index, page] of site.pages.entries()) {
    const content = contentKeys.get(page);
    const model = models[index];
    if (content === undefined || model === undefined) continue;
    const card = cardText(site, `${page.slug}/`);
    pages.set(page, hash("designpress-page", ...common, card, model.shown, model.own, content));
  }
  const cards = [...(site.cards?.keys() ?? [])].sort().map((at) => `${at}\0${cardText(site, at)}`);
  const shown = models.map((model) => model.shown);
  return { pages, sitePages: hash("designpress-site-pages", ...common, ...cards, ...shown) };
}

/**
 * The parts of a page's model that no site page (index, tags, compare, 404)
 * reads, only the page itself: a new heading, or a new commit of the file
 * (its “Updated” date), renders that page again but carries the site pages
 * over. `test/site-pages-key.test.ts` holds this list to what the renderers read.
 */
export const readOnItsPageAlone: readonly string[] = [
  "content",
  "toc",
  "updated",
  "editUrl",
  "scripts",
  "previous",
  "next",
] satisfies readonly (keyof PageModel)[];

/**
 * A page's model as JSON in two parts: what the site pages show of it, and
 * what only its own page does, but its content (which is then not read: a
 * tree from the build cache is never parsed; the content key stands for it).
 */
function modelParts(page: PageModel): { shown: string; own: string } {
  const shown: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  // By name: `content` is a getter that parses the tree.
  for (const name of Object.keys(page) as (keyof PageModel)[]) {
    if (name !== "content") (readOnItsPageAlone.includes(name) ? own : shown)[name] = page[name];
  }
  return { shown: JSON.stringify(shown), own: JSON.stringify(own) };
}

/** What the last build rendered from the same inputs, read back from the output folder. */
export interface CarriedPages {
  /** Writeups' pages, as their bytes: written again as they are, decoded only when read as text. */
  pages: Map<PageModel, Buffer>;
  /** The site's own pages, by path. */
  sitePages: Map<string, string>;
  /** Each file's recorded hash, by path: the record of this build need not hash it again. */
  digests: Map<string, string>;
}

/**
 * The pages of `outDir` that the last build rendered from the same inputs as
 * `keys` say this one would: each file read back from the folder, used only
 * when its bytes hash as that build recorded (a page edited or replaced in the
 * folder since is rendered again). Never through a symlink.
 */
export function carriedPages(
  cacheDir: string,
  outDir: string,
  keys: RenderedKeys,
  /** Whether a folder of `outDir` is reached through real folders only (see `realFolderChecker`). */
  inside: (folder: string) => boolean = realFolderChecker(outDir),
): CarriedPages {
  const carried: CarriedPages = { pages: new Map(), sitePages: new Map(), digests: new Map() };
  const text = readEntryFile(outputEntryFile(cacheDir, outDir, "pages"));
  const record = decodeEntry(text, isRecord, recordKey(outDir));
  if (!record) return carried;
  // A folder of the output that is a symlink leads elsewhere: nothing there is read.
  const readBack = (relative: string, digest: string) => {
    const file = path.join(outDir, relative);
    if (!inside(path.dirname(file))) return undefined;
    const html = readOutputFile(file);
    if (html === undefined || hash(html) !== digest) return undefined;
    carried.digests.set(relative, digest);
    return html;
  };
  const bySlug = new Map(record.pages.map((page) => [page.slug, page]));
  const sitePages = record.sitePages.key === keys.sitePages ? record.sitePages.files : [];
  for (const [page, key] of keys.pages) {
    const kept = bySlug.get(page.slug);
    const html = kept?.key === key ? readBack(`${page.slug}/index.html`, kept.digest) : undefined;
    if (html !== undefined) carried.pages.set(page, html);
  }
  for (const file of sitePages) {
    const html = readBack(file.path, file.digest);
    if (html !== undefined) carried.sitePages.set(file.path, html.toString());
  }
  return carried;
}

/** The site's own pages of one build: those carried over, and each as written, for the record. */
interface SitePagesOfBuild {
  carried: ReadonlyMap<string, string>;
  written: Map<string, string>;
}

const sitePagesOf = new WeakMap<SiteModel, SitePagesOfBuild>();

/** Let {@link renderSitePage} take this build's carried site pages, and keep what it writes. */
export function startSitePages(site: SiteModel, carried: ReadonlyMap<string, string>): void {
  sitePagesOf.set(site, { carried, written: new Map() });
}

/** The site's own pages this build wrote, by path. */
export function writtenSitePages(site: SiteModel): ReadonlyMap<string, string> {
  return sitePagesOf.get(site)?.written ?? new Map();
}

/**
 * One of the site's own pages (index, tags, compare, 404) at `relative`: as
 * the last build wrote it when everything those pages are made from is as it
 * was (see the carry stage), else `render()`.
 */
export function renderSitePage(site: SiteModel, relative: string, render: () => string): string {
  const build = sitePagesOf.get(site);
  const html = build?.carried.get(relative) ?? render();
  build?.written.set(relative, html);
  return html;
}

/** Keep how each page now in `outDir` was rendered, for the next build; a failed write is the reason returned. */
export async function rememberRenderedPages(
  cacheDir: string,
  outDir: string,
  keys: RenderedKeys,
  pages: readonly { slug: string; key: string; html: Uint8Array }[],
  sitePages: ReadonlyMap<string, string>,
  carried: CarriedPages | undefined,
): Promise<string | undefined> {
  const digest = (relative: string, html: string | Uint8Array) =>
    carried?.digests.get(relative) ?? hash(html);
  const record: RenderedRecord = {
    format: recordFormat,
    key: recordKey(outDir),
    pages: pages.map(({ slug, key, html }) => ({
      slug,
      key,
      digest: digest(`${slug}/index.html`, html),
    })),
    sitePages: {
      key: keys.sitePages,
      files: [...sitePages].map(([relative, html]) => ({
        path: relative,
        digest: digest(relative, html),
      })),
    },
  };
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeEntryFile(outputEntryFile(cacheDir, outDir, "pages"), JSON.stringify(record));
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}
