import path from "node:path";
import type { Position } from "unist";
import { VFile } from "vfile";
import {
  FrontMatterError,
  type FrontMatterPath,
  maskedBody,
  parseFrontMatter,
  readFrontMatter,
} from "../frontmatter/index.js";
import "./data.js";
import { fail, report } from "../core/messages.js";
import { readFields } from "./fields.js";
import { slugFromPath } from "./slug.js";
import { readSourceSync } from "./source.js";

export { isReservedSlug, normaliseSlug, slugFromPath } from "./slug.js";

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
  options: ReadOptions = {},
): Promise<VFile> {
  const file = await readWriteupSource(filePath, root);
  const source = file.data.source;
  return source === undefined ? file : prepareWriteup(file, source, contentDir, options);
}

/**
 * The first half of {@link readWriteup}: the file read and its bytes checked,
 * its text in `file.data.source` and `file.value`, its front matter not parsed
 * yet ({@link prepareWriteup} does that). A file that could not be read, or was
 * refused (too large), has fatal messages, an empty `file.value` and no source.
 */
export async function readWriteupSource(filePath: string, root = process.cwd()): Promise<VFile> {
  // Paths relative to the project read best in messages; `file.cwd` keeps them resolvable.
  const file = new VFile({ path: path.relative(root, filePath) || filePath, cwd: root });
  const source = readSourceSync(filePath);
  if ("unreadable" in source) {
    fail(
      file,
      `Cannot read the file (${source.unreadable}); check that it exists and is readable`,
      undefined,
      "content/read",
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
  file.data.source = source.text;
  file.value = source.text;
  return file;
}

/** How a writeup is read: the site's own front-matter fields. */
export interface ReadOptions {
  /** Top-level front-matter fields of the author's own (config `check.frontMatter.extraFields`). */
  extraFields?: readonly string[] | undefined;
}

export function prepareWriteup(
  file: VFile,
  source: string,
  contentDir: string,
  options: ReadOptions = {},
): VFile {
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

  // One validator for the build and `designpress check`, so they agree.
  const { fields, problems } = readFields(file.data.matter, {
    pathSlug: slugFromPath(relative),
    extraFields: options.extraFields,
  });
  for (const problem of problems) {
    report(file, problem.fatal, problem.reason, problem.place, problem.ruleId);
  }
  file.data.slug = fields.slug;
  file.data.title = fields.title;
  file.data.meta = fields.meta;
  return file;
}

/**
 * Where `at` is in a writeup's front matter, for a message. A page the build
 * took from its cache has no parsed front matter: its source is parsed now,
 * for the message alone.
 */
export function frontMatterPlace(file: VFile, at: FrontMatterPath): Position | undefined {
  const { matter, source } = file.data;
  return (matter ?? (source === undefined ? undefined : readFrontMatter(source).matter))?.locate(
    at,
  );
}
