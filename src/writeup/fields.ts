import type { Point, Position } from "unist";
import { nearestName } from "../core/words.js";
import type { FrontMatter, FrontMatterPath } from "../frontmatter/index.js";
import type { PageMeta } from "./data.js";
import { isReservedSlug, normaliseSlug } from "./slug.js";

/** The top-level front-matter fields designpress reads (the README's front-matter table). */
export const frontMatterFields: readonly string[] = [
  "title",
  "summary",
  "description",
  "tags",
  "date",
  "slug",
  "capacity",
  "check",
];

export interface FieldOptions {
  /**
   * The slug the file's path gives (`notes/chat`), used when the front matter
   * sets none; undefined for a file outside the content folder (no page of its own).
   */
  pathSlug?: string | undefined;
  /** Top-level fields of the author's own (the config's `check.frontMatter.extraFields`). */
  extraFields?: readonly string[] | undefined;
}

/** A problem of one field, with the rule id the build and `designpress check` both report. */
export interface FieldProblem {
  reason: string;
  place: Position | Point | undefined;
  ruleId: string;
  fatal: boolean;
}

/** What the site shows of a writeup's front matter, cleaned. */
export interface PageFields {
  slug: string;
  /** Empty when the front matter has no usable title (the page's `# heading` may give one). */
  title: string;
  meta: PageMeta;
}

const fieldRule = "nine-steps/front-matter";
export const slugRule = "slug";
export const unknownFieldRule = "front-matter/unknown-field";
export const controlCharacterRule = "front-matter/control-character";

// C0 controls but tab and newline: they reach `<title>`, `<h1>` and terminals raw.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const controlCharacters = /[\u0000-\u0008\u000B-\u001F]/g;

/**
 * Validate the fields designpress reads and return them cleaned: one validator
 * for the build (which reads every writeup) and `designpress check` (which must
 * reject what the build rejects). Never throws; every problem has its place.
 */
export function readFields(
  matter: FrontMatter,
  options: FieldOptions = {},
): { fields: PageFields; problems: FieldProblem[] } {
  const { data, locate } = matter;
  const problems: FieldProblem[] = [];
  const problem = (
    reason: string,
    path: FrontMatterPath,
    ruleId = fieldRule,
    fatal = true,
    key = false,
  ) => problems.push({ reason, place: locate(path, { key }), ruleId, fatal });
  const clean = (value: string, path: FrontMatterPath, name: string): string => {
    const found = [...new Set(value.match(controlCharacters) ?? [])];
    if (found.length === 0) return value;
    problem(
      `Expected \`${name}\` without control characters, found ${found.map(codePoint).join(", ")}; they were left out of the page: delete them from the front matter`,
      path,
      controlCharacterRule,
      false,
    );
    return value.replace(controlCharacters, "");
  };

  let slug = options.pathSlug ?? "";
  if (data.slug !== undefined) {
    const wanted = typeof data.slug === "string" ? normaliseSlug(data.slug) : undefined;
    if (wanted === undefined) {
      problem(
        `Expected \`slug\` to be a path inside the site such as \`url-shortener\` or \`notes/chat\`, found \`${printable(String(data.slug))}\`; use lower-case letters, digits, \`-\` and \`/\``,
        ["slug"],
        slugRule,
      );
    } else slug = wanted;
  }
  if (slug !== "" && isReservedSlug(slug)) {
    problem(
      `Expected a slug that does not clash with the site's own \`${slug.split("/")[0]}\`; rename the file or set \`slug:\` in its front matter`,
      ["slug"],
      slugRule,
    );
  }

  let title = "";
  if (data.title !== undefined && (typeof data.title !== "string" || data.title.trim() === "")) {
    problem("Expected `title` to be a non-empty string", ["title"]);
  } else if (typeof data.title === "string") {
    title = clean(data.title, ["title"], "title").trim();
  }

  const summaryKey = data.summary === undefined ? "description" : "summary";
  const summary = data[summaryKey];
  if (summary !== undefined && typeof summary !== "string") {
    problem("Expected `summary` to be a sentence of text", [summaryKey]);
  }

  const tags =
    data.tags === undefined ? [] : typeof data.tags === "string" ? [data.tags] : data.tags;
  const tagList = Array.isArray(tags)
    ? tags.filter((tag): tag is string => typeof tag === "string" && tag.trim() !== "")
    : [];
  if (!Array.isArray(tags) || tagList.length !== tags.length) {
    problem("Expected `tags` to be a list of words, such as `tags: [read-heavy, key-value]`", [
      "tags",
    ]);
  }

  const date = data.date;
  const dateProblem = date === undefined ? undefined : checkDate(date);
  if (dateProblem) problem(dateProblem, ["date"]);

  const known = new Set([...frontMatterFields, ...(options.extraFields ?? [])]);
  for (const key of Object.keys(data)) {
    if (known.has(key)) continue;
    problem(unknownFieldReason(key), [key], unknownFieldRule, true, true);
  }

  const cleanTags = tagList
    .map((tag) => clean(tag, Array.isArray(tags) ? ["tags", tags.indexOf(tag)] : ["tags"], "tags"))
    .map((tag) => tag.trim())
    .filter((tag, index, all) => tag !== "" && all.indexOf(tag) === index);
  return {
    fields: {
      slug,
      title,
      meta: {
        summary:
          typeof summary === "string" ? clean(summary, [summaryKey], summaryKey).trim() : undefined,
        tags: cleanTags,
        date: date !== undefined && !dateProblem ? (date as string) : undefined,
      },
    },
    problems,
  };
}

/** Why `date` is not a `YYYY-MM-DD` day of the calendar, or undefined when it is one. */
function checkDate(date: unknown): string | undefined {
  const match = typeof date === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!match) return `Expected \`date\` as \`YYYY-MM-DD\`, found \`${printable(String(date))}\``;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const daysInMonth =
    month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  if (daysInMonth === 0) {
    return `Expected \`date\` as \`YYYY-MM-DD\` with a month from 01 to 12, found \`${date}\``;
  }
  if (day < 1 || day > daysInMonth) {
    const monthName = new Date(Date.UTC(year, month - 1, 1)).toLocaleString("en", {
      month: "long",
      timeZone: "UTC",
    });
    return `Expected \`date\` to be a day of the calendar, found \`${date}\` (${monthName} ${year} has ${daysInMonth} days); fix the day`;
  }
  return undefined;
}

function unknownFieldReason(key: string): string {
  const nearest = nearestName(key, frontMatterFields);
  const own =
    "list it under `check.frontMatter.extraFields` in the site config to keep a field of your own";
  const advice =
    nearest !== undefined ? `did you mean \`${nearest}\`? Or ${own}` : `rename it, or ${own}`;
  return `Expected a front-matter field designpress reads (${frontMatterFields.map((name) => `\`${name}\``).join(", ")}), found \`${printable(key)}\`; ${advice}`;
}

/** `U+001B`: how a message names a control character without printing it. */
function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A value for a message, its control characters shown as code points. */
function printable(text: string): string {
  return text.replace(controlCharacters, codePoint).replace(/[\n\t]/g, " ");
}
