import { x } from "xastscript";
import type { SiteModel } from "../theme/model.js";
import { lastModified, siteAddress, xmlDocument } from "./emitters/xml.js";

/**
 * `sitemap.xml`: the index and every writeup page under the config's `url`,
 * each writeup with its `<lastmod>` (last commit, else `date`, else none).
 * Built as an XML tree and serialised by `xast-util-to-xml`, so a `&` or `<` in
 * the configured URL is escaped, not written raw into the XML.
 */
export function sitemap(site: SiteModel): string {
  const origin = siteAddress(site.config) ?? site.config.base;
  const url = (loc: string, lastmod?: string) =>
    x("url", [x("loc", loc), lastmod === undefined ? undefined : x("lastmod", lastmod)]);
  const urls = [
    url(origin),
    ...site.pages.map((page) => url(`${origin}${page.slug}/`, lastModified(page))),
  ];
  return xmlDocument(
    x("urlset", { xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9" }, [
      ...urls.flatMap((entry) => ["\n  ", entry]),
      "\n",
    ]),
  );
}
