import { compareColumns } from "../../theme/compare.js";
import {
  renderCompare,
  renderIndex,
  renderNotFound,
  renderTagIndex,
  renderTagPage,
} from "../../theme/render.js";
import { renderSitePage } from "../cache/rendered.js";
import { singleFileEmitter } from "./single-file.js";
import type { Emitter, EmitterSite, OutputFolder } from "./types.js";

/** One of the site's own pages, as the last build wrote it when all they are made from is unchanged. */
function writeSitePage(
  { site }: EmitterSite,
  out: OutputFolder,
  relative: string,
  render: () => string,
): Promise<void> {
  return out.write(relative, renderSitePage(site, relative, render));
}

/** The portfolio: `index.html`. */
export const indexEmitter = singleFileEmitter({
  name: "index",
  path: "index.html",
  source: "the site's index page",
  render: ({ theme, site }) => renderIndex(theme, site),
  sitePage: true,
});

/** The page GitHub Pages answers any missing address with: `404.html`. */
export const notFoundEmitter = singleFileEmitter({
  name: "404",
  path: "404.html",
  source: "the site's 404 page",
  render: ({ theme, site }) => renderNotFound(theme, site),
  sitePage: true,
});

/** Tells GitHub Pages not to run Jekyll over the site: `.nojekyll`. */
export const noJekyllEmitter = singleFileEmitter({
  name: "nojekyll",
  path: ".nojekyll",
  source: "the `.nojekyll` file for GitHub Pages",
  render: () => "",
});

/** A page per tag: `tags/<slug>/index.html` (the `tags` folder is the emitter's whole). */
export const tagPagesEmitter: Emitter = {
  name: "tags",
  claims: ({ site }) => [
    { path: "tags", source: "the tag pages", folder: true },
    ...[...site.tags].map(([slug, tag]) => ({
      path: `tags/${slug}/index.html`,
      source: `the page of the tag “${tag.name}”`,
    })),
  ],
  async emit(emitterSite, out) {
    const { theme, site } = emitterSite;
    await Promise.all(
      [...site.tags].map(([slug, tag]) =>
        writeSitePage(emitterSite, out, `tags/${slug}/index.html`, () =>
          renderTagPage(theme, site, slug, tag),
        ),
      ),
    );
  },
};

/** `/tags/`: every tag with its count (unless the config's `tagIndex` is `false`). */
export const tagIndexEmitter = singleFileEmitter({
  name: "tag index",
  path: "tags/index.html",
  source: "the page listing every tag",
  render: ({ theme, site }) => renderTagIndex(theme, site),
  wanted: ({ site }) => site.config.tagIndex,
  sitePage: true,
});

/**
 * `/compare/`: every writeup's headline estimates side by side, and the same
 * table sorted by each column at `compare/<column>/` (unless the config's
 * `compare` is `false`; the `compare` folder is the emitter's whole).
 */
export const compareEmitter: Emitter = {
  name: "compare",
  claims: ({ site }) =>
    site.config.compare
      ? [
          { path: "compare", source: "the pages comparing the designs", folder: true },
          { path: "compare/index.html", source: "the page comparing the designs" },
          ...compareColumns.map((column) => ({
            path: `compare/${column.slug}/index.html`,
            source: `the designs compared by ${column.heading.toLowerCase()}`,
          })),
        ]
      : [],
  async emit(emitterSite, out) {
    const { theme, site } = emitterSite;
    if (!site.config.compare) return;
    await writeSitePage(emitterSite, out, "compare/index.html", () =>
      renderCompare(theme, site, undefined),
    );
    await Promise.all(
      compareColumns.map((column) =>
        writeSitePage(emitterSite, out, `compare/${column.slug}/index.html`, () =>
          renderCompare(theme, site, column),
        ),
      ),
    );
  },
};
