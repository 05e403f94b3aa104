import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { nineStepTemplate } from "../structure/template.js";
import { isReservedSlug } from "../writeup/read.js";
import { type CommandOutput, parseCommand } from "./args.js";

const usage = `Usage: designpress new SLUG [--title T]

Write content/SLUG.md from the nine-step template. SLUG is lower-case words joined
by \`-\` (sub-folders with \`/\`), e.g. \`url-shortener\` or \`notes/chat-service\`.
The new file passes \`designpress check\` apart from its TODO: placeholders.

Options:
  --title T     the writeup's title (default: from the slug)
  -h, --help    show this help`;

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

export interface NewIo extends CommandOutput {
  cwd: string;
}

export async function run(args: string[], io: Partial<NewIo> = {}): Promise<number> {
  const { cwd, stdout, stderr } = {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    ...io,
  };
  const fail = (reason: string, code = 2): number => {
    stderr.write(`designpress new: ${reason}\n`);
    return code;
  };

  const parsed = parseCommand(
    "new",
    usage,
    args,
    { title: { type: "string" } },
    { positionals: true, output: { stdout, stderr } },
  );
  if ("exitCode" in parsed) return parsed.exitCode;
  const [slug, ...extra] = parsed.positionals;
  if (slug === undefined || extra.length > 0) {
    return fail(`expected one SLUG, found ${parsed.positionals.length}\n\n${usage}`);
  }
  const { title } = parsed.values;

  if (!slugPattern.test(slug)) {
    return fail(
      `expected SLUG to be lower-case letters and digits joined by \`-\` (and \`/\` for a sub-folder), found \`${slug}\`; try \`${suggestSlug(slug)}\``,
    );
  }
  if (isReservedSlug(slug)) {
    return fail(
      `expected a SLUG that does not clash with the site's own \`${slug.split("/")[0]}\`, found \`${slug}\`; choose another SLUG`,
    );
  }
  if (title !== undefined && title.trim() === "")
    return fail("expected --title to be a non-empty title");

  const relative = `content/${slug}.md`;
  const target = path.join(cwd, "content", `${slug}.md`);
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await writeFile(target, nineStepTemplate(title?.trim() ?? titleFromSlug(slug)), { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      return fail(`\`${relative}\` already exists; choose another SLUG or edit that file`, 1);
    return fail(`cannot write \`${relative}\`: ${code ?? String(error)}`, 1);
  }
  stdout.write(
    `Created ${relative}\nReplace its TODO: placeholders, then run \`designpress check ${relative}\`.\n`,
  );
  return 0;
}

/** `notes/chat-service` → `Chat service`. */
function titleFromSlug(slug: string): string {
  const words = (slug.split("/").at(-1) ?? slug).replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function suggestSlug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/\.(md|markdown)$/, "")
      .replace(/[^a-z0-9/]+/g, "-")
      .replace(/\/+/g, "/")
      .replace(/(^|\/)-+|-+($|\/)/g, "$1$2")
      .replace(/^\/+|\/+$/g, "") || "my-design"
  );
}
