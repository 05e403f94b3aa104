import { createHash } from "node:crypto";
import { copyFile, cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Root as HastRoot } from "hast";
import { headingRank } from "hast-util-heading-rank";
import { glob } from "tinyglobby";
import { unified } from "unified";
import type { VFile } from "vfile";
import { headlineFigures } from "../capacity/index.js";
import {
  ConfigError,
  normaliseBase,
  type ReadConfig,
  readConfig,
  type SiteConfig,
} from "../config/index.js";
import rehypeResolveLinks, { type SiteLinks } from "../links/index.js";
import {
  collectMermaid,
  copyMermaidClient,
  createMermaidRenderer,
  inlineMermaidBlocks,
  mermaidClientScripts,
  type RenderProgress,
  type RenderStats,
} from "../mermaid/index.js";
import { fail } from "../pipeline/messages.js";
import { createPageProcessor } from "../pipeline/processor.js";
import { readWriteup } from "../pipeline/read.js";
import { unknownConfigRuleIds } from "../structure/config-ids.js";
import { loadTheme } from "../theme/load.js";
import type { PageModel, SiteModel } from "../theme/model.js";
import { renderIndex, renderNotFound, renderPage, renderTagPage, tagsOf } from "../theme/render.js";
import { checkOutputFolder, writeAtomically } from "./output.js";
import { sitemap } from "./sitemap.js";
import { StageTimer } from "./stages.js";
import {
  applyOutcome,
  serialiseOutcome,
  type TransformOutcome,
  transformPage,
} from "./transform.js";

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
  pages: Map<string, { key: string; outcome: TransformOutcome }>;
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
  /** The path the site is served under (config `base`, or the `base` option): set once the config is read. */
  base?: string;
  timer: StageTimer;
  /** Diagram rendering: counts, time, and warnings to print once (no browser…). */
  diagrams?: RenderStats & { warnings: string[] };
  /** Set when the build stopped before reading pages (bad config, refused output folder). */
  error?: Error;
}

/** Messages that fail a build: every error, except structure errors unless `strict`. */
function failsBuild(ruleId: string | undefined, strict: boolean): boolean {
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

  let read: ReadConfig;
  let config: SiteConfig;
  try {
    read = await timer.run("config", () => readConfig(root));
    config = read.config;
    if (options.base !== undefined) {
      const base = normaliseBase(options.base);
      if (base === undefined)
        throw new Error(
          `Expected --base to be a path such as \`/\` or \`/repo-name/\`, found \`${options.base}\``,
        );
      config.base = base;
    }
    result.base = config.base;
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
  // Unknown rule ids in the config: once, against the config, as `check` reports them.
  const configIds = unknownConfigRuleIds(read);
  result.files = configIds ? [configIds, ...files] : files;

  const trees = await timer.run("transform", async () => {
    // In this thread: on two cores a second transform thread gained little (1.25×,
    // measured), as V8's garbage collector already works on the other core.
    const processor = createPageProcessor(config);
    const configKey = JSON.stringify(config);
    const trees = new Map<VFile, HastRoot>();
    for (const file of files) {
      if (file.messages.some((message) => message.fatal && message.ruleId === "read")) continue;
      if (!options.cache) {
        trees.set(file, await transformPage(processor, file));
        continue;
      }
      const key = createHash("sha256")
        .update(configKey)
        .update("\0")
        .update(file.data.source ?? "")
        .digest("hex");
      const cached = options.cache.pages.get(file.path);
      // Later stages change the tree and data in place: the cache keeps its own copy.
      if (cached?.key === key) {
        trees.set(file, applyOutcome(file, structuredClone(cached.outcome)));
        continue;
      }
      const tree = await transformPage(processor, file);
      trees.set(file, tree);
      options.cache.pages.set(file.path, {
        key,
        outcome: structuredClone(serialiseOutcome(tree, file)),
      });
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
      // A page whose source never says "mermaid" has no diagram: no need to walk it.
      const pagesWithBlocks = [...trees]
        .filter(([file]) => String(file.value).includes("mermaid"))
        .map(([file, tree]) => ({ file, blocks: collectMermaid(tree) }));
      const requests = pagesWithBlocks.flatMap(({ file, blocks }) =>
        blocks.map((block) => ({
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
        for (const { file, blocks } of pagesWithBlocks) {
          inlineMermaidBlocks(blocks, file, report.results);
        }
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

  if (
    result.files.some((file) =>
      file.messages.some(
        (message) => message.fatal && failsBuild(message.ruleId ?? undefined, strict),
      ),
    )
  ) {
    return result;
  }

  const pages = [...trees].map(([file, tree]) => toPageModel(file, tree)).sort(newestFirst);
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
      // Rendering is synchronous; the writes it starts overlap with the next page's.
      const writes = pages.map((page) =>
        write(path.join(page.slug, "index.html"), renderPage(theme, site, page)),
      );
      writes.push(write("index.html", renderIndex(theme, site)));
      for (const [slug, tag] of tagsOf(site)) {
        writes.push(
          write(path.join("tags", slug, "index.html"), renderTagPage(theme, site, slug, tag)),
        );
      }
      writes.push(write("404.html", renderNotFound(theme, site)), write(".nojekyll", ""));
      if (config.url) writes.push(write("sitemap.xml", sitemap(site)));
      const assets = new Set(files.flatMap((file) => file.data.assets ?? []));
      for (const asset of assets) {
        const target = path.join(dir, path.relative(contentDir, asset));
        writes.push(
          mkdir(path.dirname(target), { recursive: true }).then(() => copyFile(asset, target)),
        );
      }
      await Promise.all(writes);
    }),
  );

  result.ok = true;
  result.pages = pages.length;
  return result;
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

function toPageModel(file: VFile, tree: HastRoot): PageModel {
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
          title: step.canonical,
          present: step.present,
          anchor: step.heading?.position
            ? idByLine.get(step.heading.position.start.line)
            : undefined,
        }))
      : [],
  };
}

function newestFirst(a: PageModel, b: PageModel): number {
  const [dateA, dateB] = [a.meta.date ?? "", b.meta.date ?? ""];
  if (dateA !== dateB) return dateA < dateB ? 1 : -1;
  return a.title < b.title ? -1 : a.title > b.title ? 1 : a.slug < b.slug ? -1 : 1;
}
