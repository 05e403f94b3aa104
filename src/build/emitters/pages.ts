import type { PageModel } from "../../theme/model.js";
import { pageFiles } from "../../theme/page-files.js";
import type { Emitter } from "./types.js";

/** Pages rendered between two looks at the stop signal. */
const batch = 64;

/** The files a page links beside its `index.html`, found once for its claims and its writing. */
const besideOf = new WeakMap<PageModel, ReturnType<typeof pageFiles>>();

function beside(page: PageModel): ReturnType<typeof pageFiles> {
  let files = besideOf.get(page);
  if (!files) {
    files = pageFiles(page);
    besideOf.set(page, files);
  }
  return files;
}

/** A page per writeup: `<slug>/index.html`, and the files it links beside it (each diagram on its own). */
export const pagesEmitter: Emitter = {
  name: "pages",
  claims({ files, site }) {
    const sourceOf = new Map(files.map((file) => [file.data.slug, file.path]));
    return site.pages.flatMap((page) => {
      const source = `the page of \`${sourceOf.get(page.slug)}\``;
      return ["index.html", ...beside(page).map((file) => file.path)].map((name) => ({
        path: `${page.slug}/${name}`,
        source,
      }));
    });
  },
  async emit({ site, signal, pageBytes }, out) {
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
        const html = pageBytes(page);
        for (const write of [
          out.write(`${page.slug}/index.html`, html),
          ...beside(page).map((file) => out.write(`${page.slug}/${file.path}`, file.text)),
        ]) {
          write.catch(() => undefined);
          writes.push(write);
        }
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
