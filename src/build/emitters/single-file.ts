import { renderSitePage } from "../cache/rendered.js";
import type { Emitter, EmitterSite } from "./types.js";

/** An emitter writing one file, such as the index or the sitemap, when `wanted`. */
export function singleFileEmitter(options: {
  name: string;
  path: string;
  /** Who writes it, for collision messages. */
  source: string;
  render: (site: EmitterSite) => string;
  wanted?: (site: EmitterSite) => boolean;
  /** One of the site's own pages, made from the pages' models alone: carried over when they are unchanged. */
  sitePage?: boolean;
}): Emitter {
  const { name, path, source, render, wanted = () => true, sitePage = false } = options;
  return {
    name,
    claims: (site) => (wanted(site) ? [{ path, source }] : []),
    async emit(site, out) {
      if (!wanted(site)) return;
      const text = sitePage ? renderSitePage(site.site, path, () => render(site)) : render(site);
      await out.write(path, text);
    },
  };
}
