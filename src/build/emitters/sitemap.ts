import { sitemap } from "../sitemap.js";
import { singleFileEmitter } from "./single-file.js";

/** `sitemap.xml`, when the config has `url`. */
export const sitemapEmitter = singleFileEmitter({
  name: "sitemap",
  path: "sitemap.xml",
  source: "the sitemap",
  render: ({ site }) => sitemap(site),
  wanted: ({ site }) => site.config.url !== undefined,
});
