import path from "node:path";
import type { Definition, Root } from "mdast";
import type { Point, Position } from "unist";
import { visit } from "unist-util-visit";
import type { Severity } from "../config/types.js";
import {
  classifyLink,
  isContentFile,
  linkRules,
  linkSeverity,
  missingOwnFragment,
  missingPage,
  missingTargetFragment,
  type PageIds,
  unresolvedFile,
} from "./resolve.js";

/** What the link check knows of the site: the content folder, and how to read a page's ids. */
export interface LinkSite {
  contentDir: string;
  /** The site config's `check.rules` (`links/*` may be warnings or off). */
  severities?: Readonly<Record<string, Severity>>;
  /**
   * The ids of the writeup at an absolute path, read when first asked for (only
   * pages a link names are read); undefined when it is no writeup of the site.
   */
  pageIds(absolute: string): PageIds | undefined;
}

export interface LinkFinding {
  reason: string;
  place: Position | Point | undefined;
  ruleId: string;
  fatal: boolean;
}

/** Tags whose URL attribute the build resolves, as in raw HTML. */
const rawUrl =
  /<(?:a|area|img|source|video|audio|track|iframe)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/**
 * The links of one page the build would reject (or warn about), found without
 * building: each link, image and raw-HTML `href`/`src` resolved as the build
 * resolves it (`classifyLink`), against the pages of the content folder.
 */
export function linkFindings(
  tree: Root,
  file: { path: string; cwd: string },
  own: PageIds,
  site: LinkSite,
): LinkFinding[] {
  const findings: LinkFinding[] = [];
  const problem = (ruleId: string, reason: string, place: LinkFinding["place"]) => {
    const severity = linkSeverity(ruleId, site.severities);
    if (severity !== "off") findings.push({ reason, place, ruleId, fatal: severity === "error" });
  };
  const check = (url: string, place: LinkFinding["place"]) => {
    if (url === "") return;
    const target = classifyLink(url, file, site.contentDir);
    if (target.kind === "fragment") {
      if (target.id !== "" && !own.ids.has(target.id)) {
        problem(linkRules.missingFragment, missingOwnFragment(target.id, own), place);
      }
    } else if (target.kind === "page") {
      const page = site.pageIds(target.absolute);
      if (!page) problem(linkRules.missingPage, missingPage(target), place);
      else if (target.id !== "" && !page.ids.has(target.id)) {
        problem(linkRules.missingFragment, missingTargetFragment(target, page), place);
      }
    } else if (target.kind === "file" && !isContentFile(target)) {
      problem(linkRules.unresolved, unresolvedFile(url, target), place);
    }
  };

  // A reference is a link only when a definition names it; `[^note]` is a footnote.
  const definitions = new Map<string, Definition>();
  visit(tree, "definition", (node) => {
    if (!node.identifier.startsWith("^") && !definitions.has(node.identifier)) {
      definitions.set(node.identifier, node);
    }
  });
  visit(tree, (node) => {
    if (node.type === "link" || node.type === "image") check(node.url, node.position);
    else if (node.type === "linkReference" || node.type === "imageReference") {
      const definition = definitions.get(node.identifier);
      if (definition) check(definition.url, node.position);
    } else if (node.type === "html" && node.position) {
      for (const match of node.value.matchAll(rawUrl)) {
        check(
          match[1] ?? match[2] ?? match[3] ?? "",
          offsetPoint(node.value, node.position.start, match.index),
        );
      }
    }
  });
  return findings;
}

/** The point `offset` characters into a raw HTML node that starts at `start`. */
function offsetPoint(text: string, start: Point, offset: number): Point {
  const before = text.slice(0, offset).split("\n");
  return before.length === 1
    ? { line: start.line, column: start.column + offset }
    : { line: start.line + before.length - 1, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Whether an absolute path is a writeup the build reads: a `.md`/`.markdown` file under the content folder. */
export function isWriteupPath(absolute: string, contentDir: string): boolean {
  const relative = path.relative(contentDir, absolute);
  if (relative.startsWith("..") || path.isAbsolute(relative)) return false;
  // The build's glob (`**/*.md`, `**/*.markdown`) skips hidden files and folders and node_modules.
  const segments = relative.split(path.sep);
  return (
    /\.(md|markdown)$/.test(relative) &&
    !segments.some((segment) => segment.startsWith(".") || segment === "node_modules")
  );
}
