import { statSync } from "node:fs";
import path from "node:path";
import type { Severity } from "../config/types.js";
import { ruleEntry } from "../core/rule-registry.js";

/** The link rules, which the build and `designpress check` report alike. */
export const linkRules = {
  missingPage: "links/missing-page",
  missingFragment: "links/missing-fragment",
  unresolved: "links/unresolved",
} as const;

export const linkRuleIds: readonly string[] = Object.values(linkRules);

/** A link rule's severity under the site config's `check.rules` (`links/*: warning` for imported writeups). */
export function linkSeverity(
  ruleId: string,
  configured: Readonly<Record<string, Severity>> = {},
): Severity {
  // By default a missing page or heading fails the build; a missing file is left as written.
  return configured[ruleId] ?? ruleEntry(ruleId)?.severity ?? "error";
}

/** Where a link points, as the build reads it. */
export type LinkTarget =
  /** `https:`, `mailto:`, `//host`, `data:`: left alone. */
  | { kind: "external" }
  /** `#id` on the page itself (an empty id points at the top). */
  | { kind: "fragment"; id: string }
  /** `/path`: gets the site's base. */
  | { kind: "root" }
  /** A relative link to a Markdown file: another writeup. */
  | { kind: "page"; target: string; absolute: string; shown: string; fragment: string; id: string }
  /** Any other relative link: a file under the content folder, copied, or not found. */
  | {
      kind: "file";
      absolute: string;
      shown: string;
      inside: boolean;
      query: string;
      fragment: string;
    };

/**
 * Read a URL written in a page (`from`, relative to `cwd`): the one reading of a
 * link that the build resolves and `designpress check` checks.
 */
export function classifyLink(
  url: string,
  from: { path: string; cwd: string },
  contentDir: string,
): LinkTarget {
  if (/^[a-z][a-z\d+.-]*:/i.test(url) || url.startsWith("//")) return { kind: "external" };
  if (url.startsWith("#")) return { kind: "fragment", id: decodeFragment(url.slice(1)) };
  if (url.startsWith("/")) return { kind: "root" };

  const match = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url);
  const target = decodePath(match?.[1] ?? "");
  const fragment = match?.[3] ?? "";
  const absolute = path.resolve(from.cwd, path.dirname(from.path), target);
  const shown = path.relative(from.cwd, absolute) || ".";
  if (/\.(md|markdown)$/i.test(target)) {
    return {
      kind: "page",
      target,
      absolute,
      shown,
      fragment,
      id: decodeFragment(fragment.slice(1)),
    };
  }
  return {
    kind: "file",
    absolute,
    shown,
    inside: !path.relative(contentDir, absolute).startsWith(".."),
    query: match?.[2] ?? "",
    fragment,
  };
}

/** Whether a linked file is one the build copies: a file under the content folder. */
export function isContentFile(target: Extract<LinkTarget, { kind: "file" }>): boolean {
  if (!target.inside) return false;
  try {
    return statSync(target.absolute).isFile();
  } catch {
    return false;
  }
}

/** The ids a built page carries, and those of its headings (what messages suggest linking to). */
export interface PageIds {
  ids: ReadonlySet<string>;
  headings: readonly string[];
}

export function missingOwnFragment(id: string, own: PageIds): string {
  return `Cannot find the heading or id \`#${id}\` on this page; link to an existing heading (${nearest(id, own.headings)})`;
}

export function missingPage(target: Extract<LinkTarget, { kind: "page" }>): string {
  return `Cannot find the writeup \`${target.target}\` this link points at (looked for \`${target.shown}\`); fix the path, or add that writeup to the content folder`;
}

export function missingTargetFragment(
  target: Extract<LinkTarget, { kind: "page" }>,
  page: PageIds,
): string {
  return `Cannot find the heading \`#${target.id}\` on the page of \`${target.target}\`; link to one of its headings (${nearest(target.id, page.headings)})`;
}

export function unresolvedFile(url: string, target: Extract<LinkTarget, { kind: "file" }>): string {
  return `Cannot resolve \`${url}\` (looked for \`${target.shown}\`${target.inside ? "" : ", which is outside the content folder"}); it is left as written: put the file under the content folder or use a full URL`;
}

function decodePath(value: string): string {
  try {
    return decodeURI(value);
  } catch {
    return value;
  }
}

function decodeFragment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Headings to suggest instead of a missing id: those that contain it or that it
 * contains, else the first ones. Only headings: the ids the build gives its own
 * markup (charts, forms, diagrams) are no place to send a reader.
 */
function nearest(id: string, headings: readonly string[]): string {
  const candidates = headings.filter(
    (candidate) => candidate.includes(id) || id.includes(candidate),
  );
  const list = (candidates.length > 0 ? candidates : headings).slice(0, 5);
  return list.length > 0
    ? `for example ${list.map((candidate) => `\`#${candidate}\``).join(", ")}`
    : "the page has no headings";
}
