import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Element, Root } from "hast";
import type { Plugin } from "unified";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";
import { fail, warn } from "../pipeline/messages.js";

/** What the link stage knows of the whole site. */
export interface SiteLinks {
  /** Path the site is served under, `/` or `/repo/`. */
  base: string;
  contentDir: string;
  /** Every page by its source file's absolute path. */
  pages: ReadonlyMap<string, { slug: string; ids: ReadonlySet<string> }>;
}

declare module "vfile" {
  interface DataMap {
    /** Files under `content/` the page refers to (images, downloads), to copy. */
    assets: string[];
  }
}

const urlAttributes: Record<string, string> = {
  a: "href",
  area: "href",
  img: "src",
  source: "src",
  video: "src",
  audio: "src",
  track: "src",
  iframe: "src",
};

/**
 * Resolve every internal link of a page once all pages are known: a relative link
 * to another writeup's Markdown file becomes its page URL, a file under `content/`
 * becomes a copied asset, root-relative links get the site's base, and every
 * `#fragment` must exist on its target page. A missing page or heading is an
 * error; a missing image or file is a warning (it is left as written).
 */
const rehypeResolveLinks: Plugin<[SiteLinks], Root> = (site) => (tree, file) => {
  const assets = new Set<string>();
  const ownIds = new Set(file.data.ids ?? []);

  visit(tree, "element", (node: Element) => {
    const attribute = urlAttributes[node.tagName];
    if (!attribute) return;
    const value = node.properties[attribute === "href" ? "href" : "src"];
    if (typeof value !== "string" || value === "") return;
    const resolved = resolveUrl(value, node, file, site, ownIds, assets);
    if (resolved !== undefined) node.properties[attribute === "href" ? "href" : "src"] = resolved;
  });

  file.data.assets = [...assets].sort();
};

export default rehypeResolveLinks;

function resolveUrl(
  url: string,
  node: Element,
  file: VFile,
  site: SiteLinks,
  ownIds: ReadonlySet<string>,
  assets: Set<string>,
): string | undefined {
  const place = node.position;
  // External (`https:`, `mailto:`, `//host`) and data URLs stay as they are.
  if (/^[a-z][a-z\d+.-]*:/i.test(url) || url.startsWith("//")) return undefined;

  if (url.startsWith("#")) {
    const id = decodeFragment(url.slice(1));
    if (id !== "" && !ownIds.has(id)) {
      fail(
        file,
        `Cannot find the heading or id \`#${id}\` on this page; link to an existing heading (${nearest(id, ownIds)})`,
        place,
        "links/missing-fragment",
      );
    }
    return undefined;
  }

  if (url.startsWith("/")) {
    return url.startsWith(site.base) ? undefined : site.base + url.slice(1);
  }

  const match = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url);
  const target = decodePath(match?.[1] ?? "");
  const fragment = match?.[3] ?? "";
  const absolute = path.resolve(file.cwd, path.dirname(file.path), target);
  const shown = path.relative(file.cwd, absolute) || ".";

  if (/\.(md|markdown)$/i.test(target)) {
    const page = site.pages.get(absolute);
    if (!page) {
      fail(
        file,
        `Cannot find the writeup \`${target}\` this link points at (looked for \`${shown}\`); fix the path, or add that writeup to the content folder`,
        place,
        "links/missing-page",
      );
      return undefined;
    }
    const id = decodeFragment(fragment.slice(1));
    if (id !== "" && !page.ids.has(id)) {
      fail(
        file,
        `Cannot find the heading \`#${id}\` on the page of \`${target}\`; link to one of its headings (${nearest(id, page.ids)})`,
        place,
        "links/missing-fragment",
      );
    }
    return `${site.base}${page.slug}/${fragment}`;
  }

  const inside = !path.relative(site.contentDir, absolute).startsWith("..");
  if (inside && existsSync(absolute) && statSync(absolute).isFile()) {
    assets.add(absolute);
    const relative = path
      .relative(site.contentDir, absolute)
      .split(path.sep)
      .map(encodeURIComponent)
      .join("/");
    return `${site.base}${relative}${match?.[2] ?? ""}${fragment}`;
  }
  warn(
    file,
    `Cannot resolve \`${url}\` (looked for \`${shown}\`${inside ? "" : ", which is outside the content folder"}); it is left as written: put the file under the content folder or use a full URL`,
    place,
    "links/unresolved",
  );
  return undefined;
}

function decodePath(value: string): string {
  try {
    return decodeURI(value);
  } catch {
    return value;
  }
}

function decodeFragment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function nearest(id: string, ids: ReadonlySet<string>): string {
  const candidates = [...ids].filter(
    (candidate) => candidate.includes(id) || id.includes(candidate),
  );
  const list = (candidates.length > 0 ? candidates : [...ids]).slice(0, 5);
  return list.length > 0
    ? `for example ${list.map((candidate) => `\`#${candidate}\``).join(", ")}`
    : "the page has no ids";
}
