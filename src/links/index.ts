import path from "node:path";
import type { Element, Root } from "hast";
import type { Plugin } from "unified";
import type { VFile } from "vfile";
import type { Severity } from "../config/types.js";
import { report } from "../core/messages.js";
import { noneSkipped, walkContent } from "../core/walk.js";
import {
  classifyLink,
  isContentFile,
  linkRules,
  linkSeverity,
  missingOwnFragment,
  missingPage,
  missingTargetFragment,
  type PageIds,
  unresolvedFile,
} from "./resolve.js";

/** What the link stage knows of the whole site. */
export interface SiteLinks {
  /** Path the site is served under, `/` or `/repo/`. */
  base: string;
  contentDir: string;
  /** Every page by its source file's absolute path. */
  pages: ReadonlyMap<string, PageIds & { slug: string }>;
  /** The site config's `check.rules`: a `links/*` rule may be a warning or off. */
  severities?: Readonly<Record<string, Severity>>;
}

declare module "vfile" {
  interface DataMap {
    /** Files under `content/` the page refers to (images, downloads), to copy. */
    assets: string[];
    /** The ids of the page's headings, in document order (set by the links stage). */
    headingIds: string[];
    /**
     * Each link's, image's or embed's URL as the resolver left it, in document
     * order: all it changed in the tree, so that the tree it was given and
     * these make the tree it left.
     */
    resolvedUrls: string[];
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
  const urls: string[] = [];
  const own: PageIds = { ids: new Set(file.data.ids ?? []), headings: file.data.headingIds ?? [] };

  walkContent(tree, noneSkipped, (node) => {
    if (node.type !== "element") return;
    const attribute = urlAttributes[node.tagName];
    if (!attribute) return;
    const value = node.properties[attribute === "href" ? "href" : "src"];
    if (typeof value !== "string" || value === "") return;
    const resolved = resolveUrl(value, node, file, site, own, assets);
    if (resolved !== undefined) node.properties[attribute === "href" ? "href" : "src"] = resolved;
    urls.push(resolved ?? value);
  });

  file.data.assets = [...assets].sort();
  file.data.resolvedUrls = urls;
};

export default rehypeResolveLinks;

function resolveUrl(
  url: string,
  node: Element,
  file: VFile,
  site: SiteLinks,
  own: PageIds,
  assets: Set<string>,
): string | undefined {
  const place = node.position;
  const problem = (ruleId: string, reason: string) => {
    const severity = linkSeverity(ruleId, site.severities);
    if (severity !== "off") report(file, severity === "error", reason, place, ruleId);
  };
  const target = classifyLink(url, file, site.contentDir);
  switch (target.kind) {
    case "external":
      return undefined;
    case "fragment":
      if (target.id !== "" && !own.ids.has(target.id)) {
        problem(linkRules.missingFragment, missingOwnFragment(target.id, own));
      }
      return undefined;
    case "root":
      return url.startsWith(site.base) ? undefined : site.base + url.slice(1);
    case "page": {
      const page = site.pages.get(target.absolute);
      if (!page) {
        problem(linkRules.missingPage, missingPage(target));
        return undefined;
      }
      if (target.id !== "" && !page.ids.has(target.id)) {
        problem(linkRules.missingFragment, missingTargetFragment(target, page));
      }
      return `${site.base}${page.slug}/${target.fragment}`;
    }
    case "file": {
      if (isContentFile(target)) {
        assets.add(target.absolute);
        const relative = path
          .relative(site.contentDir, target.absolute)
          .split(path.sep)
          .map(encodeURIComponent)
          .join("/");
        return `${site.base}${relative}${target.query}${target.fragment}`;
      }
      problem(linkRules.unresolved, unresolvedFile(url, target));
      return undefined;
    }
  }
}
