import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Element } from "hast";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { VFile } from "vfile";
import { fail, warn } from "../../core/messages.js";
import { contains } from "../../files/within.js";
import rehypeResolveLinks, { type SiteLinks } from "../../links/index.js";
// The ids each page carries (`file.data.ids`), which the page processor's last step sets.
import "../../links/page-ids.js";
import type { PageTree } from "../../theme/page-tree.js";
import { tagKey, tagSlug } from "../../theme/tags.js";
import { frontMatterPlace } from "../../writeup/read.js";
import { cachedMessages, restoreMessages } from "../cache/entries.js";
import { hash } from "../cache/keys.js";
import { LinkOutcomes } from "../cache/links.js";
import { extendContentKey } from "../cache/rendered.js";
import { unwritableCache } from "../cache/store.js";
import { type BuildContext, ready, type Stage } from "../context.js";

/**
 * Site-wide addresses: every page's slug and every tag's page must be its own;
 * then each page's links are resolved against all pages (with the ids each
 * page's processor left on it), and the files they point to are kept only when
 * they really are inside the content folder.
 */
export const linksStage: Stage = {
  name: "links",
  async run(context: BuildContext) {
    const { config, contentDir, root, files, trees, result } = ready(
      context,
      "config",
      "files",
      "trees",
    );
    checkUniqueSlugs(files);
    checkTagSlugs(files);
    const site: SiteLinks = {
      base: config.base,
      contentDir,
      severities: config.check.rules,
      pages: new Map(
        [...trees.keys()].map((file) => [
          path.resolve(file.cwd, file.path),
          {
            slug: file.data.slug ?? "",
            ids: new Set(file.data.ids),
            headings: file.data.headingIds ?? [],
          },
        ]),
      ),
    };
    const linker = unified().use(rehypeResolveLinks, site);
    const realContent = await realpath(contentDir);
    const { contentKeys, siteCacheDir, contentFiles } = context;
    // Whether a linked file is one of the content folder's decides its link too.
    const outcomes =
      contentKeys && siteCacheDir !== undefined
        ? await LinkOutcomes.open(
            siteCacheDir,
            context.outDir,
            hash(linkingKey(site), ...(contentFiles ?? [])),
          )
        : undefined;
    for (const [file, page] of trees) {
      const treeKey = contentKeys?.get(file);
      const kept = page.parsed === undefined && treeKey ? outcomes?.get(treeKey) : undefined;
      if (kept) {
        restoreMessages(file, kept.messages);
        file.data.assets = kept.assets;
        file.data.resolvedUrls = kept.urls;
        // The links are rewritten in the tree should a later stage parse it.
        const { ids, headingIds } = file.data;
        const own = new VFile({ path: file.path, cwd: file.cwd, data: { ids, headingIds } });
        page.change((tree) => linker.runSync(tree, own));
      } else {
        const before = file.messages.length;
        linker.runSync(page.tree, file);
        if (treeKey) {
          outcomes?.set(treeKey, {
            messages: cachedMessages(file).slice(before),
            assets: file.data.assets ?? [],
            urls: file.data.resolvedUrls ?? [],
          });
        }
      }
      // The tree as linked is the tree it was and the URLs the resolver left: a page whose
      // links resolve as before keeps its key, whatever else changed in the site.
      if (contentKeys)
        extendContentKey(
          contentKeys,
          file,
          JSON.stringify(file.data.resolvedUrls),
          JSON.stringify(file.data.assets),
        );
      await keepAssetsInside(file, page, site, realContent, root);
    }
    const failure = siteCacheDir !== undefined ? await outcomes?.save(siteCacheDir) : undefined;
    if (failure && siteCacheDir !== undefined) {
      const warning = unwritableCache(root, siteCacheDir, failure);
      if (!result.warnings.includes(warning)) result.warnings.push(warning);
    }
  },
};

/** Everything the link resolver reads of the site: its base, folder and severities, and every page's address and ids. */
function linkingKey(site: SiteLinks): string {
  const pages = [...site.pages].map(([file, page]) => [
    file,
    page.slug,
    [...page.ids],
    page.headings,
  ]);
  return hash(JSON.stringify([site.base, site.contentDir, site.severities, pages]));
}

/**
 * Drop the files a page links to that are symlinks leading out of the content
 * folder (`/etc/passwd`, a secret elsewhere): they are never copied, and the
 * link that named each one is warned about.
 */
async function keepAssetsInside(
  file: VFile,
  page: PageTree,
  site: SiteLinks,
  realContent: string,
  root: string,
): Promise<void> {
  const assets = file.data.assets ?? [];
  if (assets.length === 0) return;
  const kept: string[] = [];
  for (const asset of assets) {
    const target = await realpath(asset).catch(() => undefined);
    if (target !== undefined && contains(realContent, target)) {
      kept.push(asset);
      continue;
    }
    // The link as the resolver rewrote it, to point at in the message.
    const url = `${site.base}${path.relative(site.contentDir, asset).split(path.sep).map(encodeURIComponent).join("/")}`;
    let place: Element["position"];
    visit(page.tree, "element", (node: Element) => {
      const value = node.properties.href ?? node.properties.src;
      if (typeof value === "string" && value.startsWith(url)) {
        place = node.position;
        return false;
      }
    });
    warn(
      file,
      `Expected a file inside the content folder, found \`${path.relative(root, asset)}\`, a symlink to \`${target ?? "nothing"}\`; it is not copied — copy the file itself into the content folder`,
      place,
      "build/symlink",
    );
  }
  file.data.assets = kept;
}

function checkUniqueSlugs(files: readonly VFile[]): void {
  const bySlug = new Map<string, VFile>();
  for (const file of files) {
    const slug = file.data.slug;
    if (!slug) continue;
    const other = bySlug.get(slug);
    if (other) {
      fail(
        file,
        `Expected a unique slug, found \`${slug}\` again (also \`${other.history[0]}\`); rename one file or set \`slug:\` in its front matter`,
        frontMatterPlace(file, ["slug"]) ?? { line: 1, column: 1 },
        "front-matter/slug",
      );
    } else bySlug.set(slug, file);
  }
}

/**
 * Two tags that are not spellings of one tag (see `tagKey`) but would share a
 * page (`node.js` and `nodejs`) fail the build, at the second one's `tags`.
 */
function checkTagSlugs(files: readonly VFile[]): void {
  const bySlug = new Map<string, { tag: string; file: VFile }>();
  for (const file of files) {
    for (const tag of file.data.meta?.tags ?? []) {
      const slug = tagSlug(tag);
      const first = bySlug.get(slug);
      if (!first) bySlug.set(slug, { tag, file });
      else if (tagKey(first.tag) !== tagKey(tag)) {
        const where = first.file === file ? "here too" : `in \`${first.file.history[0]}\``;
        fail(
          file,
          `Expected tags with pages of their own, found \`${tag}\` and \`${first.tag}\` (${where}), which would share \`tags/${slug}/\`; spell them the same, or rename one`,
          frontMatterPlace(file, ["tags"]) ?? { line: 1, column: 1 },
          "build/tag-collision",
        );
      }
    }
  }
}
