import { VFile } from "vfile";
import { headlineFigures } from "../../capacity/index.js";
import { whatIfScript } from "../../capacity/whatif/script.js";
// The page data the estimates plugin sets (`file.data.whatIf`).
import "../../capacity/remark-estimates.js";
import { configFileNames, type SiteConfig } from "../../config/index.js";
import { fail } from "../../core/messages.js";
import { didYouMean } from "../../core/words.js";
import { mermaidClientScriptPaths } from "../../mermaid/client.js";
import type { PageModel, SiteModel } from "../../theme/model.js";
import { TreeMap, withContent } from "../../theme/page-tree.js";
import { linkNeighbours, readingOrder } from "../../theme/reading-order.js";
import { tagsOf } from "../../theme/tags.js";
import { rememberRenders } from "../cache/render-memory.js";
import { findCollisions } from "../claims.js";
import { type BuildContext, BuildError, ready, type Stage } from "../context.js";
import { defaultEmitters } from "../emitters/index.js";
import type { Claim, Emitter, EmitterSite } from "../emitters/types.js";
import { outputMarker } from "../folders.js";

/**
 * The site as the theme sees it (a page model per writeup, newest first), and
 * the outputs: every emitter says which paths it will write, and a path with
 * two owners fails the build before anything is written.
 */
export const modelStage: Stage = {
  name: "model",
  needsValidPages: true,
  async run(context: BuildContext) {
    const { config, read, theme, trees, root, contentDir, options, result } = ready(
      context,
      "config",
      "read",
      "theme",
      "trees",
    );
    const scripts = await clientScripts([...trees.keys()]);
    const modelled = [...trees].map(([file, tree]) => {
      const page = withContent(toPageModel(file, config, scripts), tree);
      return { page, contentKey: context.contentKeys?.get(file) };
    });
    const pages = modelled.map(({ page }) => page).sort(newestFirst);
    if (context.contentKeys) {
      context.pageContentKeys = new Map(
        modelled.flatMap(({ page, contentKey }) => (contentKey ? [[page, contentKey]] : [])),
      );
    }
    const { pages: ordered, unknown } = readingOrder(pages, config.order);
    if (unknown.length > 0) reportUnknownOrder(unknown, pages, context);
    if (config.prevNext) linkNeighbours(ordered);
    const site: SiteModel = { config, pages, tags: tagsOf(pages) };
    context.site = site;
    // Keyed once the carry stage has the pages' keys (pages are rendered after it).
    const render = rememberRenders(options.renderMemory, (page) =>
      context.renderedKeys?.pages.get(page),
    );
    // Each page rendered (or decoded, or encoded) once per build, for the pages emitter and the search index alike.
    const rendered = new WeakMap<PageModel, string>();
    const encoded = new WeakMap<PageModel, Uint8Array>();
    // Set by the carry stage, after this one.
    const carried = (page: PageModel) => context.carried?.pages.get(page);
    const renderPage = (page: PageModel) => {
      let html = rendered.get(page);
      if (html === undefined) {
        const bytes = carried(page);
        html = bytes ? bytes.toString() : render(theme, site, page);
        rendered.set(page, html);
      }
      return html;
    };
    const emitterSite: EmitterSite = {
      root,
      contentDir,
      site,
      theme,
      files: [...trees.keys()],
      trees: new TreeMap(trees),
      renderPage,
      pageBytes: (page) => {
        let bytes = carried(page) ?? encoded.get(page);
        if (bytes === undefined) {
          bytes = Buffer.from(renderPage(page));
          encoded.set(page, bytes);
        }
        return bytes;
      },
      signal: options.signal,
      warn: (message) => {
        if (!result.warnings.includes(message)) result.warnings.push(message);
      },
    };
    context.emitterSite = emitterSite;
    // The config checked the shape of its module's emitters; they are trusted as `build({ emitters })`'s are.
    const projectEmitters = read.extensions.emitters as readonly Emitter[];
    const emitters = [...defaultEmitters, ...projectEmitters, ...(options.emitters ?? [])];
    const claimed = await Promise.all(
      emitters.map(async (emitter) => ({ emitter, claims: await emitter.claims(emitterSite) })),
    );
    context.emitters = claimed;
    const marker: Claim = { path: outputMarker, source: "the marker of designpress's output" };
    reportCollisions([marker, ...claimed.flatMap(({ claims }) => claims)], root, result.files);
  },
};

/**
 * A content file on a generated path is an error on that file; two emitters
 * on one path stop the build (a theme or a configured emitter to fix).
 */
function reportCollisions(claims: readonly Claim[], root: string, files: VFile[]): void {
  const between: string[] = [];
  const byContentFile = new Map<string, VFile>();
  for (const { claim, other, at } of findCollisions(claims)) {
    if (!claim.fromContent) {
      between.push(`\`${at}\` by ${claim.source} and by ${other.source}`);
      continue;
    }
    // One message per content file: its first collision says what to move.
    if (byContentFile.has(claim.fromContent)) continue;
    const file = new VFile({ path: claim.fromContent, cwd: root });
    byContentFile.set(claim.fromContent, file);
    files.push(file);
    fail(
      file,
      `Expected a file of the content folder to land on a path of its own, found ${claim.source} landing ${at.endsWith("/") ? "inside" : "on"} \`${at}\`, where the build writes ${other.source}; rename or move the file`,
      undefined,
      "build/path-collision",
    );
  }
  if (between.length > 0) {
    throw new BuildError(
      `Expected one owner per output path, found ${between.join("; ")}; rename one of them`,
    );
  }
}

/** Slugs in the config's `order` that no writeup has: errors on the config, each where it is written. */
function reportUnknownOrder(
  unknown: readonly string[],
  pages: readonly PageModel[],
  context: BuildContext,
): void {
  const { read, root, result } = ready(context, "read");
  const file = new VFile({ path: read.fileName ?? configFileNames[0], cwd: root });
  const slugs = pages.map((page) => page.slug);
  for (const slug of unknown) {
    fail(
      file,
      `Expected the slug of a writeup in \`order\`, found \`${slug}\`, which no writeup has${didYouMean(slug, slugs)}; fix or remove it`,
      read.orderPlaces?.get(slug) ?? { line: 1, column: 1 },
      "config/order",
    );
  }
  result.files.unshift(file);
}

/** GitHub's address for editing a file: `<repo>/edit/<branch>/<path>`. */
function editUrl(repo: SiteConfig["repo"], repositoryPath: string | undefined): string | undefined {
  if (!repo || repositoryPath === undefined) return undefined;
  const segments = [...repo.branch.split("/"), ...repositoryPath.split("/")];
  return `${repo.url}/edit/${segments.map(encodeURIComponent).join("/")}`;
}

/** The client scripts a page may need, by what its plugins left on `file.data`. */
interface ClientScripts {
  /** The what-if's hashed path, when any page has a what-if. */
  whatIf: string | undefined;
}

async function clientScripts(files: readonly VFile[]): Promise<ClientScripts> {
  const anyWhatIf = files.some((file) => file.data.whatIf);
  return { whatIf: anyWhatIf ? (await whatIfScript()).path : undefined };
}

/** A page's own scripts: the what-if's, then mermaid's client (the emitters write both). */
function pageScripts(file: VFile, scripts: ClientScripts): string[] {
  return [
    ...(file.data.whatIf && scripts.whatIf ? [scripts.whatIf] : []),
    ...(file.data.mermaidClient ? mermaidClientScriptPaths : []),
  ];
}

/** A page's model but its content, which is read from its tree when first asked for. */
function toPageModel(
  file: VFile,
  config: SiteConfig,
  scripts: ClientScripts,
): Omit<PageModel, "content"> {
  const steps = file.data.steps ?? [];
  const anchors = file.data.stepAnchors ?? {};
  return {
    slug: file.data.slug ?? "",
    title: file.data.title ?? "",
    meta: file.data.meta ?? { tags: [] },
    toc: file.data.toc ?? [],
    figures: file.data.estimates ? headlineFigures(file.data.estimates) : [],
    estimates: file.data.estimates,
    updated: file.data.lastUpdated,
    editUrl: editUrl(config.repo, file.data.repositoryPath),
    scripts: pageScripts(file, scripts),
    // A page that names none of the steps (an essay, an import) gets no panel.
    steps: steps.some((step) => step.present)
      ? steps.map((step) => ({
          number: step.number,
          title: step.canonical,
          present: step.present,
          anchor: anchors[step.id],
        }))
      : [],
  };
}

function newestFirst(a: PageModel, b: PageModel): number {
  const [dateA, dateB] = [a.meta.date ?? "", b.meta.date ?? ""];
  if (dateA !== dateB) return dateA < dateB ? 1 : -1;
  return a.title < b.title ? -1 : a.title > b.title ? 1 : a.slug < b.slug ? -1 : 1;
}
