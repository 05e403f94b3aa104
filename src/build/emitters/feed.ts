import type { Element } from "xast";
import { x } from "xastscript";
import { warn } from "../../core/messages.js";
import type { PageModel, SiteModel } from "../../theme/model.js";
import type { Emitter } from "./types.js";
import { siteAddress, xmlDocument } from "./xml.js";

const feedPath = "feed.xml";

/** A writeup's dates as Atom needs them (RFC 3339): published from `date`, updated from git, else `date`. */
function entryDates(page: PageModel): { published?: string; updated?: string } {
  const published = page.meta.date ? `${page.meta.date}T00:00:00Z` : undefined;
  return { published, updated: page.updated ?? published };
}

/** The latest of several RFC 3339 dates (offsets differ, so compared as instants). */
function latest(dates: readonly string[]): string | undefined {
  return dates.reduce<string | undefined>(
    (best, date) => (best === undefined || Date.parse(date) > Date.parse(best) ? date : best),
    undefined,
  );
}

/** The Atom feed of the dated writeups, newest first, with absolute links. */
export function atomFeed(site: SiteModel, pages: readonly PageModel[]): string {
  const { config } = site;
  const home = siteAddress(config) ?? "";
  const entries = pages.map((page) => {
    const url = `${home}${page.slug}/`;
    const { published, updated } = entryDates(page);
    return x("entry", [
      x("id", url),
      x("title", page.title),
      x("link", { rel: "alternate", type: "text/html", href: url }),
      published === undefined ? undefined : x("published", published),
      x("updated", updated ?? ""),
      page.meta.summary ? x("summary", { type: "text" }, page.meta.summary) : undefined,
      ...page.meta.tags.map((tag) => x("category", { term: tag })),
    ]);
  });
  const updated = latest(pages.flatMap((page) => entryDates(page).updated ?? []));
  const children: (Element | undefined)[] = [
    x("id", home),
    x("title", config.title),
    config.bio ? x("subtitle", config.bio) : undefined,
    x("link", { rel: "alternate", type: "text/html", href: home }),
    x("link", { rel: "self", type: "application/atom+xml", href: `${home}${feedPath}` }),
    x("updated", updated ?? "1970-01-01T00:00:00Z"),
    // Atom needs an author for every entry: the site's, else its title.
    x("author", [x("name", config.author ?? config.title)]),
    x("generator", "designpress"),
  ];
  return xmlDocument(
    x("feed", { xmlns: "http://www.w3.org/2005/Atom" }, [...children, ...entries]),
  );
}

/**
 * `feed.xml`, an Atom feed of the writeups (unless the config's `feed` is
 * `false`). Its links must be absolute: without config `url` there is none,
 * and the build says so once. A writeup with no date to give its entry is
 * left out, with a warning on its file.
 */
export const feedEmitter: Emitter = {
  name: "feed",
  claims: ({ site }) =>
    site.config.feed && site.config.url !== undefined
      ? [{ path: feedPath, source: "the Atom feed" }]
      : [],
  async emit({ site, files, warn: warnBuild }, out) {
    if (!site.config.feed) return;
    if (site.config.url === undefined) {
      warnBuild(
        "Expected `url` in the config for the Atom feed (its links are absolute), found none; no feed.xml is written — set `url`, or `feed: false`",
      );
      return;
    }
    const bySlug = new Map(files.map((file) => [file.data.slug, file]));
    const dated = site.pages.filter((page) => {
      if (entryDates(page).updated !== undefined) return true;
      const file = bySlug.get(page.slug);
      if (file) {
        warn(
          file,
          "Expected a `date` for the writeup's entry in the Atom feed, found none (and no git commit); it is left out of feed.xml — add `date: YYYY-MM-DD`",
          { line: 1, column: 1 },
          "feed/undated",
        );
      }
      return false;
    });
    await out.write(feedPath, atomFeed(site, dated));
  },
};
