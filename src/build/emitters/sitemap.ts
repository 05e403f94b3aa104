import { x } from "xastscript";
import type { SiteModel } from "../../theme/model.js";
import { singleFileEmitter } from "./single-file.js";
import { lastModified, siteAddress, xmlDocument } from "./xml.js";

/** `sitemap.xml`, when the config has `url`. */
export const sitemapEmitter = singleFileEmitter({
  name: "sitemap",
  path: "sitemap.xml",
  source: "the sitemap",
  render: ({ site }) => sitemap(site),
  wanted: ({ site }) => site.config.url !== undefined,
});

/** The index, then every writeup with its `<lastmod>` (last commit, else `date`). */
function sitemap(site: SiteModel): string {
  const origin = siteAddress(site.config) ?? "";
  const url = (loc: string, lastmod?: string) =>
    x("url", [x("loc", loc), lastmod === undefined ? undefined : x("lastmod", lastmod)]);
  return xmlDocument(
    x("urlset", { xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9" }, [
      url(origin),
      ...site.pages.map((page) => url(`${origin}${page.slug}/`, lastModified(page))),
    ]),
  );
}
