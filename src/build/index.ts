import { createHash } from "node:crypto";
import { copyFile, cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Element, Root as HastRoot } from "hast";
import { headingRank } from "hast-util-heading-rank";
import { toString as hastToString } from "hast-util-to-string";
import { glob } from "tinyglobby";
import { unified } from "unified";
import type { DataMap, VFile } from "vfile";
import type { VFileMessage } from "vfile-message";
import { headlineFigures } from "../capacity/index.js";
import { ConfigError, loadConfig, normaliseBase, type SiteConfig } from "../config/index.js";
import rehypeResolveLinks, { type SiteLinks } from "../links/index.js";
import {
  collectMermaid,
  copyMermaidClient,
  createMermaidRenderer,
  mermaidClientScripts,
  type RenderProgress,
  type RenderStats,
  rehypeMermaidInline,
} from "../mermaid/index.js";
import { fail } from "../pipeline/messages.js";
import { createPageProcessor } from "../pipeline/processor.js";
import { readWriteup } from "../pipeline/read.js";
import { loadTheme } from "../theme/load.js";
import type { PageModel, SiteModel } from "../theme/model.js";
import { renderIndex, renderNotFound, renderPage, renderTagPage, tagsOf } from "../theme/render.js";
import { checkOutputFolder, writeAtomically } from "./output.js";
import { StageTimer } from "./stages.js";

export interface BuildOptions {
  /** Project folder: where the config and `themes/` are. Default: the working directory. */
  root?: string;
  /** Default `<root>/content`. */
  contentDir?: string;
  /** Default `<root>/dist`. */
  outDir?: string;
  /** Overrides the config's `base`. */
  base?: string;
  /** Structure errors fail the build too. */
  strict?: boolean;
  /**
   * Pages kept between builds in one process (`designpress dev`): a page whose
   * source and config are unchanged is not transformed again.
   */
  cache?: BuildCache;
  /** Fail when no browser can render diagrams, instead of leaving them to the reader's browser. */
  requireBrowser?: boolean;
  /** Called as diagrams are rendered or read from the cache (a progress line on a TTY). */
  onDiagramProgress?: (progress: RenderProgress) => void;
}

/** Transformed pages by source path, each with the hash of what it was made from. */
export interface BuildCache {
  pages: Map<
    string,
    { key: string; tree: HastRoot; data: Partial<DataMap>; messages: VFileMessage[] }
  >;
}

export function createBuildCache(): BuildCache {
  return { pages: new Map() };
}

export interface BuildResult {
  ok: boolean;
  /** Every writeup with its messages (and the config file's, when it is bad). */
  files: VFile[];
  pages: number;
  outDir: string;
  timer: StageTimer;
  /** Diagram rendering: counts, time, and warnings to print once (no browser…). */
  diagrams?: RenderStats & { warnings: string[] };
  /** Set when the build stopped before reading pages (bad config, refused output folder). */
  error?: Error;
}

/** Messages that fail a build: every error, except structure errors unless `strict`. */
export function failsBuild(ruleId: string | undefined, strict: boolean): boolean {
  const alwaysFatal = ["nine-steps/front-matter", "nine-steps/capacity-input"];
  if (ruleId?.startsWith("nine-steps/") && !alwaysFatal.includes(ruleId)) return strict;
  return true;
}

/** content/ → a static site: read, transform, site-wide stages, render, write. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const root = path.resolve(options.root ?? process.cwd());
  const contentDir = path.resolve(root, options.contentDir ?? "content");
  const outDir = path.resolve(root, options.outDir ?? "dist");
  const strict = options.strict ?? false;
  const timer = new StageTimer();
  const result: BuildResult = { ok: false, files: [], pages: 0, outDir, timer };

  let config: SiteConfig;
  try {
    config = await timer.run("config", () => loadConfig(root));
    if (options.base !== undefined) {
      const base = normaliseBase(options.base);
      if (base === undefined)
        throw new Error(
          `Expected --base to be a path such as \`/\` or \`/repo-name/\`, found \`${options.base}\``,
        );
      config.base = base;
    }
    await checkOutputFolder(outDir, contentDir, root);
  } catch (error) {
    if (error instanceof ConfigError) result.files = [error.file];
    result.error = error as Error;
    return result;
  }

  const theme = await timer
    .run("theme", () => loadTheme(root, config.theme))
    .catch((error: Error) => error);
  if (theme instanceof Error) {
    result.error = theme;
    return result;
  }

  const sources = await timer.run("discover", () =>
    glob(["**/*.md", "**/*.markdown"], {
      cwd: contentDir,
      absolute: true,
      ignore: ["**/node_modules/**"],
    }),
  );
  sources.sort();
  if (sources.length === 0) {
    result.error = new Error(
      `No Markdown files under \`${path.relative(root, contentDir) || "."}\`; add a writeup (\`designpress new my-design\`) or pass --content DIR`,
    );
    return result;
  }

  const files = await timer.run("read", () =>
    Promise.all(sources.map((source) => readWriteup(contentDir, source, root))),
  );
  result.files = files;

  const processor = createPageProcessor(config);
  const configKey = JSON.stringify(config);
  const trees = await timer.run("transform", async () => {
    const trees = new Map<VFile, HastRoot>();
    for (const file of files) {
      if (file.messages.some((message) => message.fatal && message.ruleId === "read")) continue;
      const key = createHash("sha256")
        .update(configKey)
        .update("\0")
        .update(String(file.value))
        .update("\0")
        .update(JSON.stringify(file.data.matter?.data ?? {}))
        .digest("hex");
      const cached = options.cache?.pages.get(file.path);
      if (cached && cached.key === key) {
        // Later stages change the tree and data in place: hand out copies.
        Object.assign(file.data, structuredClone(cached.data));
        file.messages.push(...cached.messages);
        trees.set(file, structuredClone(cached.tree));
        continue;
      }
      const before = file.messages.length;
      const tree = await processor.run(processor.parse(file), file);
      takeTitle(file, tree);
      trees.set(file, tree);
      if (options.cache) {
        const { matter: _matter, ...data } = file.data;
        options.cache.pages.set(file.path, {
          key,
          tree: structuredClone(tree),
          data: structuredClone(data),
          messages: file.messages.slice(before),
        });
      }
    }
    return trees;
  });

  await timer.run("links", () => {
    checkUniqueSlugs(files);
    const site: SiteLinks = {
      base: config.base,
      contentDir,
      pages: new Map(
        [...trees.keys()].map((file) => [
          path.resolve(file.cwd, file.path),
          { slug: file.data.slug ?? "", ids: new Set(file.data.ids ?? []) },
        ]),
      ),
    };
    const linker = unified().use(rehypeResolveLinks, site);
    for (const [file, tree] of trees) linker.runSync(tree, file);
  });

  // Every diagram of the site in one batch, one browser; after the links, so the
  // links inside diagrams are not taken for the page's own.
  const diagrams = await timer
    .run("diagrams", async () => {
      const requests = [...trees].flatMap(([file, tree]) =>
        collectMermaid(tree).map((block) => ({
          source: block.source,
          file: file.path,
          line: block.position?.start.line,
        })),
      );
      const renderer = createMermaidRenderer({
        root,
        cacheDir: config.mermaid.cacheDir,
        requireBrowser: options.requireBrowser,
        onProgress: options.onDiagramProgress,
      });
      try {
        const report = await renderer.renderAll(requests);
        const inliner = unified().use(rehypeMermaidInline, { diagrams: report.results });
        for (const [file, tree] of trees) inliner.runSync(tree, file);
        return { ...renderer.stats, warnings: report.warnings };
      } finally {
        await renderer.close();
      }
    })
    .catch((error: Error) => error);
  if (diagrams instanceof Error) {
    result.error = diagrams;
    return result;
  }
  result.diagrams = diagrams;

  const pages = [...trees].map(([file, tree]) => toPageModel(file, tree, contentDir));

  if (
    files.some((file) =>
      file.messages.some(
        (message) => message.fatal && failsBuild(message.ruleId ?? undefined, strict),
      ),
    )
  ) {
    return result;
  }

  pages.sort(newestFirst);
  const site: SiteModel = { config, pages };
  await timer.run("write", () =>
    writeAtomically(outDir, async (dir) => {
      await cp(theme.assetsDir, path.join(dir, "assets"), { recursive: true });
      // Without a browser at build time, diagrams render in the reader's browser.
      const needsClient = files.some((file) => file.data.mermaidClient);
      const client = needsClient ? await copyMermaidClient(dir) : undefined;
      if (client) {
        for (const [file, tree] of trees) {
          if (file.data.mermaidClient)
            tree.children.push(...mermaidClientScripts(config.base, client));
        }
      }
      const write = async (relative: string, text: string) => {
        const target = path.join(dir, relative);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, text);
      };
      for (const page of pages)
        await write(path.join(page.slug, "index.html"), renderPage(theme, site, page));
      await write("index.html", renderIndex(theme, site));
      for (const [tag, tagged] of tagsOf(site)) {
        await write(path.join("tags", tag, "index.html"), renderTagPage(theme, site, tag, tagged));
      }
      await write("404.html", renderNotFound(theme, site));
      await write(".nojekyll", "");
      if (config.url) await write("sitemap.xml", sitemap(site));
      const assets = new Set(files.flatMap((file) => file.data.assets ?? []));
      for (const asset of [...assets].sort()) {
        const target = path.join(dir, path.relative(contentDir, asset));
        await mkdir(path.dirname(target), { recursive: true });
        await copyFile(asset, target);
      }
    }),
  );

  result.ok = true;
  result.pages = pages.length;
  return result;
}

/** Without a front-matter title, the page's first `# heading` is its title (and leaves the body). */
function takeTitle(file: VFile, tree: HastRoot): void {
  if (file.data.title) return;
  const index = tree.children.findIndex(
    (node) => node.type === "element" && headingRank(node) === 1,
  );
  const heading = tree.children[index] as Element | undefined;
  if (heading) {
    file.data.title = hastToString(heading).trim();
    tree.children.splice(index, 1);
    const id = heading.properties.id;
    file.data.ids = (file.data.ids ?? []).filter((candidate) => candidate !== id);
  } else {
    fail(
      file,
      "Expected a `title` in the front matter (or a `# heading`), found neither; add `title: …` between `---` fences at the top",
      { line: 1, column: 1 },
      "nine-steps/front-matter",
    );
  }
}

function checkUniqueSlugs(files: readonly VFile[]): void {
  const bySlug = new Map<string, VFile>();
  for (const file of files) {
    const slug = file.data.slug;
    if (!slug) continue;
    const other = bySlug.get(slug);
    if (other) {
      fail(
        file,
        `Expected a unique slug, found \`${slug}\` again (also \`${other.history[0]}\`); rename one file or set \`slug:\` in its front matter`,
        file.data.matter?.locate(["slug"]) ?? { line: 1, column: 1 },
        "slug",
      );
    } else bySlug.set(slug, file);
  }
}

function toPageModel(file: VFile, tree: HastRoot, contentDir: string): PageModel {
  // The checker found the step headings in the mdast; their hast twins carry the ids.
  const idByLine = new Map<number, string>();
  for (const node of tree.children) {
    if (
      node.type === "element" &&
      headingRank(node) &&
      typeof node.properties.id === "string" &&
      node.position
    ) {
      idByLine.set(node.position.start.line, node.properties.id);
    }
  }
  const steps = file.data.steps ?? [];
  return {
    slug: file.data.slug ?? "",
    title: file.data.title ?? "",
    meta: file.data.meta ?? { tags: [] },
    content: tree,
    toc: file.data.toc ?? [],
    figures: file.data.estimates ? headlineFigures(file.data.estimates) : [],
    // A page that names none of the steps (an essay, an import) gets no panel.
    steps: steps.some((step) => step.present)
      ? steps.map((step) => ({
          number: step.number,
          id: step.id,
          title: step.canonical,
          present: step.present,
          anchor: step.heading?.position
            ? idByLine.get(step.heading.position.start.line)
            : undefined,
        }))
      : [],
    source: path.relative(contentDir, path.resolve(file.cwd, file.path)).split(path.sep).join("/"),
  };
}

function newestFirst(a: PageModel, b: PageModel): number {
  const [dateA, dateB] = [a.meta.date ?? "", b.meta.date ?? ""];
  if (dateA !== dateB) return dateA < dateB ? 1 : -1;
  return a.title < b.title ? -1 : a.title > b.title ? 1 : a.slug < b.slug ? -1 : 1;
}

function sitemap(site: SiteModel): string {
  const origin = `${site.config.url}${site.config.base}`;
  const urls = [origin, ...site.pages.map((page) => `${origin}${page.slug}/`)];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
    .map((url) => `  <url><loc>${url}</loc></url>`)
    .join("\n")}\n</urlset>\n`;
}
