import path from "node:path";
import { slug as githubSlug } from "github-slugger";
import { VFile } from "vfile";
import { FrontMatterError, maskedBody, parseFrontMatter } from "../frontmatter/index.js";
import "./data.js";
import { fail, report } from "./messages.js";
import { readSource } from "./source.js";

/** Slugs that would collide with files the build writes itself. */
const reservedSlugs = new Set(["tags", "assets", "404", "index", "sitemap.xml"]);

/** Whether a slug's top folder is one the build writes itself (`tags/…`, `assets/…`). */
export function isReservedSlug(slug: string): boolean {
  return reservedSlugs.has(slug.split("/")[0] ?? "");
}

/**
 * Read one writeup into a VFile ready for the page processor: the front matter is
 * parsed (`file.data.matter`), the slug and title set, and `file.value` is the
 * Markdown body padded with blank lines so that positions match the source file.
 * Problems are fatal messages on the file; it never throws for bad input.
 */
export async function readWriteup(
  contentDir: string,
  filePath: string,
  root = process.cwd(),
): Promise<VFile> {
  // Paths relative to the project read best in messages; `file.cwd` keeps them resolvable.
  const file = new VFile({ path: path.relative(root, filePath) || filePath, cwd: root });
  const source = await readSource(filePath);
  if ("unreadable" in source) {
    fail(
      file,
      `Cannot read the file (${source.unreadable}); check that it exists and is readable`,
      undefined,
      "read",
    );
    file.value = "";
    return file;
  }
  for (const problem of source.problems)
    report(file, problem.fatal, problem.reason, problem.place, problem.ruleId);
  // A file refused before it was read (too large) has nothing more to say.
  if (file.messages.some((message) => message.fatal)) {
    file.value = "";
    return file;
  }
  return prepareWriteup(file, source.text, contentDir);
}

export function prepareWriteup(file: VFile, source: string, contentDir: string): VFile {
  file.data.source = source;
  const relative = path
    .relative(contentDir, path.resolve(file.cwd, file.path))
    .split(path.sep)
    .join("/");
  try {
    const matter = parseFrontMatter(source);
    file.data.matter = matter;
    file.value = maskedBody(source, matter);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    for (const problem of error.problems)
      fail(file, problem.reason, problem.place, "nine-steps/front-matter");
    file.data.matter = { data: {}, content: "", lineOffset: 0, locate: () => undefined };
    file.value = source;
    file.data.slug = slugFromPath(relative);
    file.data.title = file.stem ?? relative;
    file.data.meta = { tags: [] };
    return file;
  }

  const { data, locate } = file.data.matter;
  const fromPath = slugFromPath(relative);
  let slug = fromPath;
  if (data.slug !== undefined) {
    const place = locate(["slug"]);
    const wanted = typeof data.slug === "string" ? normaliseSlug(data.slug) : undefined;
    if (wanted === undefined) {
      fail(
        file,
        `Expected \`slug\` to be a path inside the site such as \`url-shortener\` or \`notes/chat\`, found \`${String(data.slug)}\`; use lower-case letters, digits, \`-\` and \`/\``,
        place,
        "slug",
      );
    } else slug = wanted;
  }
  if (isReservedSlug(slug)) {
    fail(
      file,
      `Expected a slug that does not clash with the site's own \`${slug.split("/")[0]}\`; rename the file or set \`slug:\` in its front matter`,
      locate(["slug"]),
      "slug",
    );
  }
  file.data.slug = slug;

  if (data.title !== undefined && (typeof data.title !== "string" || data.title.trim() === "")) {
    fail(
      file,
      "Expected `title` to be a non-empty string",
      locate(["title"]),
      "nine-steps/front-matter",
    );
  }
  file.data.title = typeof data.title === "string" ? data.title.trim() : "";

  const summary = data.summary ?? data.description;
  if (summary !== undefined && typeof summary !== "string") {
    fail(
      file,
      "Expected `summary` to be a sentence of text",
      locate([data.summary === undefined ? "description" : "summary"]),
      "nine-steps/front-matter",
    );
  }
  const tags =
    data.tags === undefined ? [] : typeof data.tags === "string" ? [data.tags] : data.tags;
  const tagList = Array.isArray(tags)
    ? tags.filter((tag): tag is string => typeof tag === "string" && tag.trim() !== "")
    : [];
  if (!Array.isArray(tags) || tagList.length !== tags.length) {
    fail(
      file,
      "Expected `tags` to be a list of words, such as `tags: [read-heavy, key-value]`",
      locate(["tags"]),
      "nine-steps/front-matter",
    );
  }
  const date = data.date;
  const validDate =
    typeof date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date));
  if (date !== undefined && !validDate) {
    fail(
      file,
      `Expected \`date\` as \`YYYY-MM-DD\`, found \`${String(date)}\``,
      locate(["date"]),
      "nine-steps/front-matter",
    );
  }
  file.data.meta = {
    summary: typeof summary === "string" ? summary.trim() : undefined,
    tags: [...new Set(tagList.map((tag) => tag.trim()))],
    date: validDate ? date : undefined,
  };
  return file;
}

/** `notes/Chat Service.md` → `notes/chat-service`. */
export function slugFromPath(relative: string): string {
  const withoutExtension = relative.replace(/\.(md|markdown)$/i, "");
  return withoutExtension
    .split("/")
    .map((segment) => githubSlug(segment) || "page")
    .join("/");
}

/** A front-matter slug, or undefined when it would leave the output folder. */
export function normaliseSlug(value: string): string | undefined {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, "");
  if (trimmed === "" || !/^[a-z0-9][a-z0-9_-]*(?:\/[a-z0-9][a-z0-9_-]*)*$/.test(trimmed)) {
    return undefined;
  }
  return trimmed;
}
