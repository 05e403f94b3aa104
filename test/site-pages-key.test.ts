import path from "node:path";
import { describe, expect, it } from "vitest";
import { readOnItsPageAlone } from "../src/build/cache/rendered.js";
import type { Emitter, EmitterSite } from "../src/build/emitters/index.js";
import { build } from "../src/build/index.js";
import { compareColumns } from "../src/theme/compare.js";
import type { PageModel, SiteModel } from "../src/theme/model.js";
import {
  renderCompare,
  renderIndex,
  renderNotFound,
  renderTagIndex,
  renderTagPage,
} from "../src/theme/render.js";
import { projectWith, repoRoot } from "./helpers.js";

/** The demo portfolio's site model and theme, as a build's emitters are given them. */
async function demoSite(): Promise<EmitterSite> {
  const project = await projectWith(path.join(repoRoot, "content"));
  try {
    let captured: EmitterSite | undefined;
    const capture: Emitter = {
      name: "capture",
      claims: () => [],
      async emit(site) {
        captured = site;
      },
    };
    const result = await build({ root: project.root, emitters: [capture], cacheDir: false });
    expect(result.error?.message).toBeUndefined();
    if (!captured) throw new Error("the build ran no emitter");
    return captured;
  } finally {
    await project.cleanup();
  }
}

/** `site` with each page wrapped to note the fields of its model that are read. */
function watched(site: SiteModel): { site: SiteModel; read: Set<string> } {
  const read = new Set<string>();
  const proxies = new Map<PageModel, PageModel>(
    site.pages.map((page) => [
      page,
      new Proxy(page, {
        get(target, field, receiver) {
          if (typeof field === "string") read.add(field);
          return Reflect.get(target, field, receiver);
        },
      }),
    ]),
  );
  const proxy = (page: PageModel) => proxies.get(page) ?? page;
  const tags = new Map(
    [...site.tags].map(([slug, tag]) => [slug, { ...tag, pages: tag.pages.map(proxy) }]),
  );
  return { site: { ...site, pages: site.pages.map(proxy), tags }, read };
}

describe("the site pages' key in the build cache", () => {
  it("leaves out only what no site page reads of a page's model", async () => {
    const { site: demo, theme } = await demoSite();
    expect(demo.pages.length).toBeGreaterThan(2);
    expect(demo.tags.size).toBeGreaterThan(0);
    const { site, read } = watched(demo);
    renderIndex(theme, site);
    renderNotFound(theme, site);
    renderTagIndex(theme, site);
    for (const [slug, tag] of site.tags) renderTagPage(theme, site, slug, tag);
    renderCompare(theme, site, undefined);
    for (const column of compareColumns) renderCompare(theme, site, column);

    // What the cards, the tag pages and the compare pages show: the watch sees it.
    for (const field of ["slug", "title", "meta", "figures", "estimates", "steps"]) {
      expect(read, field).toContain(field);
    }
    expect([...read].filter((field) => readOnItsPageAlone.includes(field))).toEqual([]);
  });
});
