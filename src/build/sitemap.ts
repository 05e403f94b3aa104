import type { Root } from "xast";
import { toXml } from "xast-util-to-xml";
import { x } from "xastscript";
import type { SiteModel } from "../theme/model.js";
import { lastModified } from "./emitters/xml.js";

/**
 * `sitemap.xml`: the index and every writeup page under the config's `url`,
 * each writeup with its `<lastmod>` (last commit, else `date`, else none).
 * Built as an XML tree and serialised by `xast-util-to-xml`, so a `&` or `<` in
 * the configured URL is escaped, not written raw into the XML.
 */
export function sitemap(site: SiteModel): string {
  const origin = `${site.config.url}${site.config.base}`;
  const url = (loc: string, lastmod?: string) =>
    x("url", [x("loc", loc), lastmod === undefined ? undefined : x("lastmod", lastmod)]);
  const urls = [
    url(origin),
    ...site.pages.map((page) => url(`${origin}${page.slug}/`, lastModified(page))),
  ];
  const tree: Root = {
    type: "root",
    children: [
      { type: "instruction", name: "xml", value: 'version="1.0" encoding="UTF-8"' },
      { type: "text", value: "\n" },
      x("urlset", { xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9" }, [
        ...urls.flatMap((entry) => ["\n  ", entry]),
        "\n",
      ]),
      { type: "text", value: "\n" },
    ],
  };
  return toXml(tree);
}
