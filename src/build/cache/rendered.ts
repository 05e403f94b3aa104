import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { VFile } from "vfile";
import { readEntryFile } from "../../files/entry.js";
import type { Theme } from "../../theme/load.js";
import type { PageModel, SiteModel } from "../../theme/model.js";
import { hash } from "./keys.js";
import { renderKey } from "./render-memory.js";
import { arrayOf, decodeEntry, isString, shape } from "./validate.js";

/** Bumped whenever the record's shape or meaning changes: an older record is then ignored. */
const recordFormat = 1;

/** A writeup's page as the last build wrote it: the key of what it was rendered from, and its bytes' hash. */
interface RenderedPage {
  slug: string;
  key: string;
  digest: string;
}

/** The writeup pages of one output folder, as the build that left it rendered them. */
interface RenderedRecord {
  format: typeof recordFormat;
  key: string;
  pages: RenderedPage[];
}

const isRecord = shape<RenderedRecord>({
  format: (value): value is typeof recordFormat => value === recordFormat,
  key: isString,
  pages: arrayOf(shape<RenderedPage>({ slug: isString, key: isString, digest: isString })),
});

function recordFile(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, `pages-${hash(outDir).slice(0, 16)}.json`);
}

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

/**
 * Everything a writeup's page is rendered from: designpress's version, the
 * theme, the config, the page's social card, its model, and its content tree
 * by its content key.
 */
export function renderedPageKey(
  version: string,
  theme: Theme,
  site: SiteModel,
  page: PageModel,
  contentKey: string,
): string {
  return hash("designpress-rendered-page", version, renderKey(theme, site, page, contentKey));
}

/**
 * The pages of `outDir` that the last build rendered from the same inputs as
 * `keys` say this one would: each page's HTML read back from the folder, used
 * only when its bytes hash as that build recorded (a page edited or replaced
 * in the folder since is rendered again). Never through a symlink.
 */
export async function carriedPages(
  cacheDir: string,
  outDir: string,
  keys: ReadonlyMap<PageModel, string>,
): Promise<Map<PageModel, string>> {
  const carried = new Map<PageModel, string>();
  const text = await readEntryFile(recordFile(cacheDir, outDir));
  const record = decodeEntry(text, isRecord, recordKey(outDir));
  if (!record) return carried;
  const bySlug = new Map(record.pages.map((page) => [page.slug, page]));
  await Promise.all(
    [...keys].map(async ([page, key]) => {
      const kept = bySlug.get(page.slug);
      if (kept?.key !== key) return;
      const html = await readEntryFile(path.join(outDir, page.slug, "index.html"));
      if (html !== undefined && hash(html) === kept.digest) carried.set(page, html);
    }),
  );
  return carried;
}

/** Keep how each page now in `outDir` was rendered, for the next build; a failed write is the reason returned. */
export async function rememberRenderedPages(
  cacheDir: string,
  outDir: string,
  pages: readonly { slug: string; key: string; html: string }[],
): Promise<string | undefined> {
  const file = recordFile(cacheDir, outDir);
  const temporary = `${file}.${process.pid}.tmp`;
  const record: RenderedRecord = {
    format: recordFormat,
    key: recordKey(outDir),
    pages: pages.map(({ slug, key, html }) => ({ slug, key, digest: hash(html) })),
  };
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(temporary, JSON.stringify(record));
    await rename(temporary, file);
    return undefined;
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}
