import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Element, Root as HastRoot } from "hast";
import { headingRank } from "hast-util-heading-rank";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";
import { fail, warn } from "../../core/messages.js";
import { noneSkipped, walkContent } from "../../core/walk.js";
import { contains } from "../../files/within.js";
import rehypeResolveLinks, { type SiteLinks } from "../../links/index.js";
import { tagKey, tagSlug } from "../../theme/tags.js";
import { hash } from "../cache/keys.js";
import { extendContentKey } from "../cache/rendered.js";
import { type BuildContext, ready, type Stage } from "../context.js";

declare module "vfile" {
  interface DataMap {
    /** Every id on the page, for checking `#fragment` links (set by the links stage). */
    ids: string[];
  }
}

/** Every id on a page, in document order. */
export function collectIds(tree: HastRoot): string[] {
  return collectPageIds(tree).ids;
}

/** Every id on a page, and those of its headings, in document order. */
function collectPageIds(tree: HastRoot): { ids: string[]; headings: string[] } {
  const ids: string[] = [];
  const headings: string[] = [];
  walkContent(tree, noneSkipped, (node) => {
    if (node.type !== "element") return;
    const id = node.properties.id;
    if (typeof id !== "string" || id === "") return;
    ids.push(id);
    if (headingRank(node)) headings.push(id);
  });
  return { ids, headings };
}

/**
 * Site-wide addresses: every page's slug and every tag's page must be its own;
 * then each page's links are resolved against all pages (with the ids this
 * stage collects), and the files they point to are kept only when they really
 * are inside the content folder.
 */
export const linksStage: Stage = {
  name: "links",
  async run(context: BuildContext) {
    const { config, contentDir, root, files, trees } = ready(context, "config", "files", "trees");
    checkUniqueSlugs(files);
    checkTagSlugs(files);
    for (const [file, tree] of trees) {
      const { ids, headings } = collectPageIds(tree);
      file.data.ids = ids;
      file.data.headingIds = headings;
    }
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
    const linked = context.contentKeys && linkingKey(site);
    for (const [file, tree] of trees) {
      linker.runSync(tree, file);
      // A page's links depend on the site's pages and, for a file, on whether it is one (its assets).
      if (linked)
        extendContentKey(context.contentKeys, file, linked, JSON.stringify(file.data.assets));
      await keepAssetsInside(file, tree, site, realContent, root);
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
  tree: HastRoot,
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
    visit(tree, "element", (node: Element) => {
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
        file.data.matter?.locate(["slug"]) ?? { line: 1, column: 1 },
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
          file.data.matter?.locate(["tags"]) ?? { line: 1, column: 1 },
          "build/tag-collision",
        );
      }
    }
  }
}
