import { stat } from "node:fs/promises";
import path from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import type { VFile } from "vfile";
import { ConfigError, type ReadConfig, readConfig } from "../config/index.js";
import { plural } from "../core/words.js";
import { reallyInside } from "../files/within.js";
import { checkCacheDir, pruneCheckCache } from "../structure/check-cache.js";
import { unknownConfigRuleIds } from "../structure/config-ids.js";
import { rules as checkRules, splitRuleConfig } from "../structure/index.js";
import { checkMany, toVFile } from "../structure/parallel.js";
import {
  count,
  formatGithub,
  formatJson,
  formatPretty,
  layouts,
} from "../structure/report/format.js";
import { escapeControls } from "../terminal/escape.js";
import { type CommandOutput, chosenFormat, parseCommand } from "./args.js";

const usage = `Usage: designpress check [PATHS…] [--content DIR] [--format pretty|line|json|github] [--max-warnings N] [--no-cache]

Check writeups against the nine-step method, and for what the build would reject
without rendering: front-matter fields, estimate directives, links to writeups
and headings, mermaid syntax. PATHS are files, folders or globs (default: the
content folder).

Options:
  --content DIR        the site's folder of writeups, which links resolve against
                       (default: content)
  --format FORMAT      pretty (default: grouped by file), line (file:line:column:
                       severity message (rule-id), for editors), json or github
                       (Actions annotations)
  --max-warnings N     exit 1 when there are more than N warnings
  --no-cache           parse every diagram and linked writeup again, neither
                       reading nor writing .designpress-cache/check/
  -h, --help           show this help

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage error or unreadable file.`;

const formats = [...layouts, "json", "github"] as const;

/** Where the command reads and writes; tests pass their own. */
export interface CheckIo extends CommandOutput {
  cwd: string;
  color: boolean;
}

class UsageError extends Error {}

export async function run(args: string[], io: Partial<CheckIo> = {}): Promise<number> {
  const { cwd, stdout, stderr, color } = {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    ...io,
  };
  // Usage errors and unreadable files: said on stderr, exit code 2 (a file's
  // name may hold control characters: escaped like every message).
  const refuse = (reason: string): number => {
    stderr.write(`designpress check: ${escapeControls(reason)}\n`);
    return 2;
  };

  const parsed = parseCommand(
    "check",
    usage,
    args,
    {
      format: { type: "string", default: "pretty" },
      "max-warnings": { type: "string" },
      content: { type: "string", default: "content" },
      "no-cache": { type: "boolean" },
    },
    { positionals: true, output: { stdout, stderr } },
  );
  if ("exitCode" in parsed) return parsed.exitCode;
  const { values, positionals: patterns } = parsed;
  const chosen = chosenFormat(values.format, formats);
  if ("error" in chosen) return refuse(`${chosen.error}\n\n${usage}`);
  const { format } = chosen;
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    if (!/^\d+$/.test(values["max-warnings"])) {
      return refuse(
        `expected --max-warnings to be a whole number, found \`${values["max-warnings"]}\`\n\n${usage}`,
      );
    }
    maxWarnings = Number(values["max-warnings"]);
  }

  let read: ReadConfig;
  try {
    read = await readConfig(cwd, checkRules);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A config module's error carries what it threw as `cause` only with DEBUG=designpress.
    const stack = (cause: unknown) => (cause instanceof Error ? `\n${cause.stack}` : "");
    return refuse(
      `the site config is invalid:\n${error.problems.map((problem) => `  ${String(problem)}${stack(problem.cause)}`).join("\n")}`,
    );
  }

  let paths: string[];
  const content = values.content;
  try {
    paths = await collect(patterns.length > 0 ? patterns : [content], cwd, patterns.length === 0);
  } catch (error) {
    if (error instanceof UsageError) return refuse(error.message);
    throw error;
  }

  // Unknown ids in the config are reported once, against the config file.
  const files: VFile[] = [];
  const configIds = unknownConfigRuleIds(read);
  if (configIds) files.push(configIds);
  const { rules, ruleOptions, headings, frontMatter } = read.config.check;
  const customRules = read.extensions.rules;
  const { known } = splitRuleConfig(
    rules,
    customRules.map((rule) => rule.id),
  );

  const unreadable: string[] = [];
  const jobs = paths.map((absolute) => ({
    absolute,
    shown: path.relative(cwd, absolute).split(path.sep).join("/") || absolute,
  }));
  // A cache folder that leads out of the project (a symlink a pull request
  // committed) is neither read nor written: the check runs without it.
  const cacheFolder = path.join(cwd, checkCacheDir);
  const cacheDir =
    values["no-cache"] || !(await reallyInside(cwd, cacheFolder)) ? undefined : cacheFolder;
  const outcomes = await checkMany(jobs, {
    structure: { rules: known, ruleOptions, headings, customRules },
    configModule: read.module,
    site: {
      root: cwd,
      contentDir: path.resolve(cwd, content),
      extraFields: frontMatter?.extraFields,
      severities: rules,
      cacheDir,
    },
  });
  if (cacheDir) await pruneCheckCache(cwd, cacheDir);
  outcomes.forEach((outcome, index) => {
    if ("unreadable" in outcome) unreadable.push(outcome.unreadable);
    else files.push(toVFile(jobs[index]?.shown ?? "", outcome));
  });

  const output =
    format === "json"
      ? formatJson(files)
      : format === "github"
        ? formatGithub(files)
        : formatPretty(files, { color, layout: format });
  stdout.write(output);
  for (const reason of unreadable) refuse(reason);
  if (unreadable.length > 0) return 2;

  const { errors, warnings } = count(files);
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    stderr.write(
      `designpress check: ${plural(warnings, "warning")}, more than --max-warnings ${maxWarnings}\n`,
    );
    return 1;
  }
  return 0;
}

/** Files, folders (their `.md` and `.markdown` files) and globs → sorted absolute paths. */
async function collect(
  patterns: readonly string[],
  cwd: string,
  isDefault: boolean,
): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    const stats = await stat(absolute).catch(() => undefined);
    if (stats?.isFile()) {
      found.add(absolute);
    } else if (stats?.isDirectory()) {
      for (const file of await glob("**/*.{md,markdown}", {
        cwd: absolute,
        absolute: true,
        ignore: ["**/node_modules/**"],
      })) {
        found.add(path.normalize(file));
      }
    } else if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, { cwd, absolute: true, ignore: ["**/node_modules/**"] });
      if (matches.length === 0) throw new UsageError(`no files match \`${pattern}\``);
      for (const file of matches) found.add(path.normalize(file));
    } else if (isDefault) {
      throw new UsageError(
        `no paths given and no \`${pattern}/\` folder in ${cwd}; pass files, folders or globs`,
      );
    } else {
      throw new UsageError(`cannot read \`${pattern}\`: no such file or folder`);
    }
  }
  return [...found].sort();
}
