import type { SiteModel } from "../../theme/model.js";
import { singleFileEmitter } from "./single-file.js";

/** `sitemap.xml`, when the config has `url`. */
export const sitemapEmitter = singleFileEmitter({
  name: "sitemap",
  path: "sitemap.xml",
  source: "the sitemap",
  render: ({ site }) => sitemap(site),
  wanted: ({ site }) => site.config.url !== undefined,
});

function sitemap(site: SiteModel): string {
  const origin = `${site.config.url}${site.config.base}`;
  const urls = [origin, ...site.pages.map((page) => `${origin}${page.slug}/`)];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
    .map((url) => `  <url><loc>${url}</loc></url>`)
    .join("\n")}\n</urlset>\n`;
}
