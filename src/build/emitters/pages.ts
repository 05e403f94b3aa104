import { renderPage } from "../../theme/render.js";
import type { Emitter } from "./types.js";

/** Pages rendered between two looks at the stop signal. */
const batch = 64;

/** A page per writeup: `<slug>/index.html`. */
export const pagesEmitter: Emitter = {
  name: "pages",
  claims: ({ files }) =>
    files.map((file) => ({
      path: `${file.data.slug}/index.html`,
      source: `the page of \`${file.path}\``,
    })),
  async emit({ theme, site, signal }, out) {
    const writes: Promise<void>[] = [];
    const rendering = (async () => {
      for (const [index, page] of site.pages.entries()) {
        if (index % batch === batch - 1) {
          // Rendering is synchronous: let a stop signal in now and then.
          await new Promise((resolve) => setImmediate(resolve));
          signal?.throwIfAborted();
        }
        // The writes it starts overlap with the next page's rendering; their
        // failures are collected below, not left unhandled across the yields.
        const write = out.write(`${page.slug}/index.html`, renderPage(theme, site, page));
        write.catch(() => undefined);
        writes.push(write);
      }
    })();
    // Every write started has ended before this returns or throws: after a
    // stop, their folder is about to be removed.
    const [rendered] = await Promise.allSettled([rendering]);
    const written = await Promise.allSettled(writes);
    if (rendered.status === "rejected") throw rendered.reason;
    const failed = written.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
  },
};
