import path from "node:path";
import { VFile } from "vfile";
import { warn } from "../../core/messages.js";
import { describeRefusedLink, listFilesWithin } from "../../files/within.js";
import { type BuildContext, BuildError, type Stage } from "../context.js";
import { shownPath } from "../folders.js";

const markdown = /\.(md|markdown)$/;

/** Hidden files and folders, and installed packages, are never content. */
export function isSkippedContent(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/**
 * Find every Markdown file under the content folder, sorted. Symlinks are
 * followed only to files inside the content folder; a link to a folder is
 * never descended (one to `/` would walk the whole disk) and a link leading
 * out is never read: each is a warning naming the link and its target.
 */
export const discoverStage: Stage = {
  name: "discover",
  async run(context: BuildContext) {
    const { root, contentDir, result } = context;
    const { files, refused } = await listFilesWithin(contentDir, contentDir, isSkippedContent);
    for (const link of refused) {
      if (link.reason !== "folder" && !markdown.test(link.link)) continue;
      const file = new VFile({ path: path.relative(root, link.link) || link.link, cwd: root });
      warn(
        file,
        `Expected a writeup or a folder inside the content folder, found a symlink: ${describeRefusedLink(link, root, contentDir)}; it is skipped — copy what it points to into the content folder instead`,
        undefined,
        "build/symlink",
      );
      result.files.push(file);
    }
    const sources = files
      .filter((file) => markdown.test(file.relative))
      .map((file) => path.join(contentDir, ...file.relative.split("/")))
      .sort();
    if (sources.length === 0) {
      throw new BuildError(
        `No Markdown files under \`${shownPath(root, contentDir)}\`; add a writeup (\`designpress new my-design\`) or pass --content DIR`,
      );
    }
    context.sources = sources;
    context.contentFiles = files.map((file) => path.join(contentDir, ...file.relative.split("/")));
  },
};
