import path from "node:path";
import type { Code, Root } from "mdast";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";
import type { Severity } from "../config/types.js";
import { comparePoints, report, startOf } from "../core/messages.js";
import { isWriteupPath, linkFindings } from "../links/check.js";
import { markdownIds } from "../links/ids.js";
import type { PageIds } from "../links/resolve.js";
import { readFields } from "../writeup/fields.js";
import { slugFromPath } from "../writeup/slug.js";
import { readSourceSync } from "../writeup/source.js";
import type { StructureOptions } from "./check.js";
import { CheckCache } from "./check-cache.js";
import { checkSource, parseWriteup } from "./check-file.js";
import { type BuildFinding, pageFindings } from "./page-checks.js";

/** What `designpress check` checks a writeup against besides the nine-step rules. */
export interface SiteCheckOptions {
  /** The project folder (absolute): paths in messages are relative to it, as the build's are. */
  root: string;
  /** The content folder (absolute): the pages links may point at, and where slugs come from. */
  contentDir: string;
  /** Top-level front-matter fields of the author's own (config `check.frontMatter.extraFields`). */
  extraFields?: readonly string[];
  /** The site config's `check.rules`, for the `links/*` rules. */
  severities?: Readonly<Record<string, Severity>>;
  /**
   * The check's cache folder (absolute; see `check-cache.ts`), or none: every
   * diagram and linked writeup is parsed (`--no-cache`).
   */
  cacheDir?: string;
}

/**
 * One writeup as `designpress check` sees it: the nine-step rules, then what the
 * build would reject without needing a browser — its front-matter fields, estimate
 * directives, links (other writeups are read only when a link names one, once per
 * run) and mermaid syntax (mermaid's parsers are loaded only for a page with a
 * diagram). A front matter that does not parse is reported alone.
 */
export async function checkWriteup(
  absolute: string,
  source: string,
  options: StructureOptions,
  site: SiteCheckOptions,
  pages: PageIndex,
): Promise<VFile> {
  const { file, tree, input } = checkSource(absolute, source, options);
  if (!input.matter) return file;

  const relative = path.relative(site.contentDir, absolute).split(path.sep).join("/");
  const { findings, fields } = pageFindings(tree, input.matter, {
    pathSlug: isWriteupPath(absolute, site.contentDir) ? slugFromPath(relative) : undefined,
    extraFields: site.extraFields,
  });
  const ownIds = markdownIds(tree, source, {
    titleFromHeading: fields.title === "",
    estimates: Object.hasOwn(input.matter.data, "capacity"),
  });
  pages.remember(absolute, ownIds);
  findings.push(
    ...linkFindings(tree, { path: path.relative(site.root, absolute), cwd: site.root }, ownIds, {
      contentDir: site.contentDir,
      severities: site.severities,
      pageIds: (target) => pages.idsOf(target),
    }),
    ...(await diagramFindings(tree, source, pages.cache)),
  );
  addFindings(file, findings);
  return file;
}

/** Every mermaid block's syntax error, at its own line in the file. */
async function diagramFindings(
  tree: Root,
  source: string,
  cache: CheckCache | undefined,
): Promise<BuildFinding[]> {
  if (!source.includes("mermaid")) return [];
  const blocks: Code[] = [];
  visit(tree, "code", (node) => {
    if (node.lang === "mermaid" && node.position) blocks.push(node);
  });
  if (blocks.length === 0) return [];
  const { diagramSyntaxErrors, pointInFile, syntaxReason, syntaxRuleId } = await import(
    "./mermaid-syntax.js"
  );
  const errors = await diagramSyntaxErrors(
    blocks.map((block) => block.value),
    cache,
  );
  const lines = source.split(/\r?\n/);
  return blocks.flatMap((block) => {
    const error = errors.get(block.value);
    if (!error || !block.position) return [];
    return [
      {
        reason: syntaxReason(error),
        place: pointInFile(block.position.start.line, block.value, lines, error),
        ruleId: syntaxRuleId,
        fatal: true,
      },
    ];
  });
}

/** The findings on the file, among its messages in document order, each once. */
function addFindings(file: VFile, findings: readonly BuildFinding[]): void {
  const seen = new Set(file.messages.map((message) => String(message) + message.ruleId));
  for (const { reason, place, ruleId, fatal } of findings) {
    const message = report(file, fatal, reason, place, ruleId);
    const key = String(message) + ruleId;
    if (seen.has(key)) file.messages.pop();
    seen.add(key);
  }
  const start = (place: (typeof file.messages)[number]["place"]) =>
    startOf(place ?? undefined) ?? { line: 0, column: 0 };
  // A stable sort: messages at one place keep the order they were found in.
  file.messages.sort((a, b) => comparePoints(start(a.place), start(b.place)));
}

/**
 * The ids of the writeups links point at, each read and parsed once per run,
 * and only when a link names it (a pre-commit hook checks one staged file);
 * with a cache, parsed only when the writeup changed since a check last read it.
 * Also the run's cache, which the diagram checks share.
 */
export class PageIndex {
  readonly #ids = new Map<string, PageIds | undefined>();
  readonly cache: CheckCache | undefined;

  /** `cacheDir`: the check's cache folder (absolute), or none (`--no-cache`). */
  constructor(
    readonly contentDir: string,
    cacheDir?: string,
  ) {
    this.cache = cacheDir === undefined ? undefined : new CheckCache(cacheDir);
  }

  remember(absolute: string, ids: PageIds): void {
    this.#ids.set(absolute, ids);
  }

  idsOf(absolute: string): PageIds | undefined {
    if (!this.#ids.has(absolute)) this.#ids.set(absolute, this.#read(absolute));
    return this.#ids.get(absolute);
  }

  #read(absolute: string): PageIds | undefined {
    if (!isWriteupPath(absolute, this.contentDir)) return undefined;
    // Read as the check reads the file itself: one it refuses is not parsed here either.
    const read = readSourceSync(absolute);
    if ("unreadable" in read || read.problems.some((problem) => problem.fatal)) return undefined;
    const source = read.text;
    const cached = this.cache?.read(pageIdsScope, source, storedPageIds);
    if (cached) return cached;
    const { tree, input } = parseWriteup(absolute, source);
    const { matter } = input;
    // The title as the page's own check reads it (`fields.title`), so both agree on its ids.
    const ids = markdownIds(tree, source, {
      titleFromHeading: !matter || readFields(matter).fields.title === "",
      estimates: matter !== undefined && Object.hasOwn(matter.data, "capacity"),
    });
    this.cache?.write(pageIdsScope, source, { ids: [...ids.ids], headings: ids.headings });
    return ids;
  }
}

/** A writeup's ids depend on its source alone (and designpress's version, in every key). */
const pageIdsScope = "page-ids";

function storedPageIds(value: unknown): PageIds | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { ids, headings } = value as Record<string, unknown>;
  if (!isStringArray(ids) || !isStringArray(headings)) return undefined;
  return { ids: new Set(ids), headings };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
