import type { Emitter, EmitterSite } from "./types.js";

/** An emitter writing one file, such as the index or the sitemap, when `wanted`. */
export function singleFileEmitter(options: {
  name: string;
  path: string;
  /** Who writes it, for collision messages. */
  source: string;
  render: (site: EmitterSite) => string;
  wanted?: (site: EmitterSite) => boolean;
}): Emitter {
  const { name, path, source, render, wanted = () => true } = options;
  return {
    name,
    claims: (site) => (wanted(site) ? [{ path, source }] : []),
    async emit(site, out) {
      if (wanted(site)) await out.write(path, render(site));
    },
  };
}
