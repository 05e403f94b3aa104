import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { normaliseBase } from "../config/index.js";
import { nineStepTemplate } from "../structure/template.js";
import { type CommandOutput, parseCommand } from "./args.js";

const usage = `Usage: designpress init [DIR] [--title T] [--author A] [--base PATH] [--force]

Start a portfolio repository in DIR (default: the current folder): package.json
(designpress as a devDependency; scripts build, dev and check), the site config,
a first writeup in content/, .gitignore, the GitHub Pages workflow and a
pre-commit hook. A file that exists is left alone and named; --force replaces it.

Options:
  --title T     the site's title (default: Design portfolio)
  --author A    your name, on the index and in the footer
  --base PATH   the path the site is served under when you build it yourself
                (default: /; the Pages workflow passes the right one itself)
  --force       replace files that exist, and package.json's scripts of the same name
  -h, --help    show this help`;

/** The package's own folder (this file is `lib/cli/init.js` or `src/cli/init.ts`). */
const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const scaffold = path.join(packageRoot, "scaffold");

const scripts: Record<string, string> = {
  build: "designpress build",
  dev: "designpress dev",
  check: "designpress check",
};

const starter = "content/my-first-design.md";

export interface InitIo extends CommandOutput {
  cwd: string;
}

export async function run(args: string[], io: Partial<InitIo> = {}): Promise<number> {
  const { cwd, stdout, stderr } = {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    ...io,
  };
  const refuse = (reason: string): number => {
    stderr.write(`designpress init: ${reason}\n`);
    return 2;
  };
  const parsed = parseCommand(
    "init",
    usage,
    args,
    {
      title: { type: "string" },
      author: { type: "string" },
      base: { type: "string" },
      force: { type: "boolean" },
    },
    { positionals: true, output: { stdout, stderr } },
  );
  if ("exitCode" in parsed) return parsed.exitCode;
  const [folder = ".", ...extra] = parsed.positionals;
  if (extra.length > 0)
    return refuse(`expected at most one DIR, found ${parsed.positionals.length}\n\n${usage}`);
  const { title = "Design portfolio", author, force = false } = parsed.values;
  const base = normaliseBase(parsed.values.base ?? "/");
  if (base === undefined) {
    return refuse(
      `expected --base to be a path such as \`/\` or \`/my-designs/\`, found \`${parsed.values.base}\``,
    );
  }
  for (const [name, value] of [
    ["title", title],
    ["author", author],
  ] as const) {
    if (value !== undefined && value.trim() === "")
      return refuse(`expected --${name} to be non-empty`);
  }

  const root = path.resolve(cwd, folder);
  const shown = (relative: string) => path.join(folder === "." ? "" : folder, relative);
  const written: string[] = [];
  const skipped: string[] = [];
  const put = async (relative: string, text: string) => {
    const target = path.join(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await writeFile(target, text, { flag: force ? "w" : "wx" });
      written.push(shown(relative));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      skipped.push(shown(relative));
    }
  };
  const template = (name: string) => readFile(path.join(scaffold, name), "utf8");

  try {
    await mkdir(root, { recursive: true });
    const packageNote = await writePackage(root, force);
    if (packageNote.written) written.push(shown("package.json"));
    await put(
      "designpress.config.yaml",
      (await template("designpress.config.yaml"))
        .replace(/^title: .*$/m, `title: ${JSON.stringify(title.trim())}`)
        .replace(/^# author: .*$/m, (line) =>
          author === undefined ? line : `author: ${JSON.stringify(author.trim())}`,
        )
        .replace(/^base: .*$/m, `base: ${JSON.stringify(base)}`),
    );
    await put(starter, nineStepTemplate("My first design"));
    await put(".gitignore", await template("gitignore"));
    await put(".github/workflows/pages.yml", await template("pages.yml"));
    await put(".pre-commit-config.yaml", await template("pre-commit-config.yaml"));

    for (const file of written) stdout.write(`Created ${file}\n`);
    for (const line of packageNote.notes) stdout.write(`${line}\n`);
    for (const file of skipped) {
      stdout.write(`Skipped ${file}: it exists (--force replaces it)\n`);
    }
  } catch (error) {
    if (error instanceof SyntaxError) {
      stderr.write(
        `designpress init: cannot read ${shown("package.json")}: ${error.message}; fix the JSON, then run init again\n`,
      );
      return 1;
    }
    const { code, message, path: where } = error as NodeJS.ErrnoException;
    stderr.write(`designpress init: cannot write ${where ?? shown(".")}: ${code ?? message}\n`);
    return 1;
  }

  const into = folder === "." ? "" : `cd ${folder}\n  `;
  stdout.write(`
Next steps:
  ${into}npm install          # installs designpress and writes package-lock.json
  npm run dev          # preview on http://127.0.0.1:4321/ while you write ${starter}
  npm run check        # what the pre-commit hook runs (\`pre-commit install\` to turn it on)

Publish: push to GitHub (package-lock.json included), then in the repository open
Settings → Pages → Build and deployment → Source: GitHub Actions.
`);
  return 0;
}

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * Create package.json, or add to the one there: designpress as a devDependency
 * (unless it is a dependency already) and the scripts it lacks (with --force,
 * also those it has under the same names).
 */
async function writePackage(
  root: string,
  force: boolean,
): Promise<{ written: boolean; notes: string[] }> {
  const file = path.join(root, "package.json");
  const notes: string[] = [];
  let manifest: PackageJson;
  let text: string | undefined;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text === undefined) {
    manifest = { name: packageName(root), private: true, version: "1.0.0" };
  } else {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw Object.assign(new Error("package.json is not a JSON object"), { path: "package.json" });
    }
    manifest = value as PackageJson;
  }
  let changed = text === undefined;
  manifest.scripts ??= {};
  for (const [name, command] of Object.entries(scripts)) {
    const current = manifest.scripts[name];
    if (current === command) continue;
    if (current !== undefined && !force) {
      notes.push(
        `Kept package.json's script \`${name}\` (\`${current}\`); --force sets \`${command}\``,
      );
      continue;
    }
    manifest.scripts[name] = command;
    changed = true;
  }
  if (!manifest.dependencies?.designpress && !manifest.devDependencies?.designpress) {
    const spec = installSpec(root);
    manifest.devDependencies = { ...manifest.devDependencies, designpress: spec.spec };
    notes.push(`Added designpress ${spec.spec} to devDependencies (${spec.from})`);
    changed = true;
  }
  if (changed) await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return { written: changed, notes };
}

function packageName(root: string): string {
  return (
    path
      .basename(root)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[._-]+|-+$/g, "") || "design-portfolio"
  );
}

/**
 * How the new repository should install designpress: as this copy was installed.
 * A copy in `<project>/node_modules/designpress` (npx's cache is such a project)
 * reads the spec from that project's package.json or lockfile (a tarball path is
 * made relative to the new repository); a checkout of designpress is linked by
 * its path; otherwise the registry version.
 */
export function installSpec(target: string): { spec: string; from: string } {
  const manifest = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as {
    version: string;
  };
  const fromProject = (spec: string, project: string) => {
    if (!spec.startsWith("file:")) return spec;
    const absolute = path.resolve(project, spec.slice("file:".length));
    return `file:${path.relative(target, absolute).split(path.sep).join("/") || "."}`;
  };
  const modules = path.dirname(path.resolve(packageRoot));
  if (path.basename(modules) === "node_modules") {
    const project = path.dirname(modules);
    const declared = readJson<PackageJson>(path.join(project, "package.json"));
    const spec = declared?.devDependencies?.designpress ?? declared?.dependencies?.designpress;
    if (spec) return { spec: fromProject(spec, project), from: "as it was installed here" };
    const lock = readJson<{ packages?: Record<string, { resolved?: string }> }>(
      path.join(modules, ".package-lock.json"),
    );
    const resolved = lock?.packages?.["node_modules/designpress"]?.resolved;
    if (resolved && !/^https?:/.test(resolved)) {
      return { spec: fromProject(resolved, project), from: "where it was installed from" };
    }
    return { spec: `^${manifest.version}`, from: "the npm registry" };
  }
  if (existsSync(path.join(packageRoot, ".git"))) {
    return {
      spec: fromProject(`file:${packageRoot}`, target),
      from: "this checkout of designpress",
    };
  }
  return { spec: `^${manifest.version}`, from: "the npm registry" };
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}
