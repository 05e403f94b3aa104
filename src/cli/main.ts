import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadBundle } from "./bundle.js";
import { isRelaunched, relaunch, shouldRelaunch } from "./relaunch.js";

type Command = { run(args: string[]): Promise<number> };

/**
 * check runs in a pre-commit hook, where start-up is most of its time, and
 * build's start-up is a tenth of a rebuild after one edit: the compiled
 * package has each bundled into one script (`scripts/bundle-commands.mjs`),
 * which loads in a fraction of the time of its modules one by one (about
 * 620 for build: 0.35 s against 0.05–0.1 s), compiled from V8's code cache of a
 * previous run (`bundle.ts`). Run from source there is no bundle, and after a
 * bare `tsc` it is older than what it bundles: then the modules themselves
 * are loaded.
 */
async function loadBundled(name: "check" | "build"): Promise<Command> {
  const bundle = fileURLToPath(new URL(`./${name}.bundle.cjs`, import.meta.url));
  const bundled = statSync(bundle, { throwIfNoEntry: false });
  const modules = statSync(fileURLToPath(new URL(`./${name}.js`, import.meta.url)), {
    throwIfNoEntry: false,
  });
  if (!bundled || (modules && bundled.mtimeMs < modules.mtimeMs))
    return name === "check" ? import("./check.js") : import("./build.js");
  const { exports, saveCodeCache } = loadBundle<Command>(bundle, designpressVersion());
  return {
    async run(args) {
      const code = await exports.run(args);
      saveCodeCache();
      return code;
    },
  };
}

function designpressVersion(): string {
  const manifest = JSON.parse(
    readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  return manifest.version;
}

/**
 * Whether this build will transform every page: with `--no-cache`, or with no
 * build cache in the project yet. Only such a build gains from a larger young
 * generation; one that reads its pages from the cache would pay a second
 * Node's start (about 0.1 s) for nothing.
 */
async function buildsCold(args: readonly string[]): Promise<boolean> {
  if (args.includes("--no-cache")) return true;
  const { buildCacheDir } = await import("../build/cache/folder.js");
  return !existsSync(path.resolve(buildCacheDir));
}

/** Each command is loaded only when it runs, so `check` never pays for the browser. */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  init: {
    summary: "start a portfolio repository: config, a writeup, Pages workflow, pre-commit hook",
    load: () => import("./init.js"),
  },
  build: {
    summary: "build content/ into a static site in dist/",
    load: async () => ({
      run: async (args) =>
        (await buildsCold(args)) && shouldRelaunch()
          ? relaunch(["build", ...args])
          : (await loadBundled("build")).run(args),
    }),
  },
  check: {
    summary: "check the nine-step structure and front matter",
    load: () => loadBundled("check"),
  },
  estimate: {
    summary: "print the capacity estimates of one writeup",
    load: () => import("./estimate.js"),
  },
  dev: {
    summary: "build, serve on localhost, rebuild and reload on change",
    load: () => import("./dev.js"),
  },
  new: { summary: "start a writeup from the nine-step template", load: () => import("./new.js") },
};

const usage = `Usage: designpress <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(10)}${command.summary}`)
  .join("\n")}

Run \`designpress <command> --help\` for a command's options.
Options: --help, --version`;

export async function main(argv: string[]): Promise<number> {
  // The channel to the process that relaunched this one carries its stops; it must not keep this one running.
  if (isRelaunched()) process.channel?.unref();
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    console.log(designpressVersion());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`designpress: unknown command \`${name}\`\n\n${usage}`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}
