import path from "node:path";
import { shownPath } from "../build/folders.js";
import { build } from "../build/index.js";
import { countBuildMessages, formatBuildMessages } from "../build/report.js";
import { normaliseBase } from "../config/index.js";
import { plural } from "../core/words.js";
import { layouts } from "../structure/report/format.js";
import { chosenFormat, parseCommand, wholeNumberOption } from "./args.js";
import { stopOnSignals } from "./signals.js";

const help = `Usage: designpress build [--content DIR] [--out DIR] [--base PATH] [--strict] [--require-browser] [--no-cache]
                         [--threads N] [--timings] [--format pretty|line]

Build every Markdown writeup under the content folder into a static site.

Options:
  --content DIR   folder of writeups (default: content)
  --out DIR       output folder, replaced whole on success (default: dist)
  --base PATH     path the site is served under, e.g. /my-designs/ (default: config base or /)
  --strict        fail on structure errors too (invalid front matter and capacity always fail)
  --require-browser
                  fail when no Chromium can render diagrams (default: leave them to
                  the reader's browser, with mermaid's script copied into the site)
  --no-cache      transform every page, neither reading nor writing the build
                  cache (.designpress-cache/build); diagrams and cards keep theirs
  --threads N     threads that transform pages, this one included (default: one
                  per core, up to 4; each takes at least 50 pages; 1: no others)
  --timings       print the time each stage took
  --format FORMAT how messages are printed: pretty (default: grouped by file) or
                  line (file:line:column: severity message (rule-id), for editors)
  -h, --help      show this help

Exit codes: 0 built, 1 build failed, 2 usage error, 130/143 stopped by Ctrl-C/SIGTERM.`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand("build", help, args, {
    content: { type: "string" },
    out: { type: "string" },
    base: { type: "string" },
    strict: { type: "boolean" },
    "require-browser": { type: "boolean" },
    "no-cache": { type: "boolean" },
    threads: { type: "string" },
    timings: { type: "boolean" },
    format: { type: "string", default: "pretty" },
  });
  if ("exitCode" in parsed) return parsed.exitCode;
  const { values } = parsed;
  const chosen = chosenFormat(values.format, layouts);
  if ("error" in chosen) {
    console.error(`designpress build: ${chosen.error}\n\n${help}`);
    return 2;
  }
  if (values.base !== undefined && normaliseBase(values.base) === undefined) {
    console.error(
      `designpress build: expected --base to be a path such as \`/\` or \`/repo-name/\`, found \`${values.base}\`\n\n${help}`,
    );
    return 2;
  }
  const threads = wholeNumberOption("threads", values.threads, 1, 64);
  if ("error" in threads) {
    console.error(`designpress build: ${threads.error}\n\n${help}`);
    return 2;
  }
  const out = shownPath(process.cwd(), path.resolve(values.out ?? "dist"));

  const stop = stopOnSignals();
  let result: Awaited<ReturnType<typeof build>>;
  try {
    result = await build({
      contentDir: values.content,
      outDir: values.out,
      base: values.base,
      strict: values.strict,
      requireBrowser: values["require-browser"],
      ...(values["no-cache"] ? { cacheDir: false } : {}),
      threads: threads.value,
      signal: stop.signal,
      onDiagramProgress: process.stderr.isTTY
        ? ({ rendered, cached, total }) => {
            process.stderr.write(
              `\rdiagrams: ${rendered + cached}/${total} (${cached} from cache)`,
            );
            if (rendered + cached === total) process.stderr.write("\n");
          }
        : undefined,
    });
  } catch (error) {
    if (!stop.signal.aborted) throw error;
    console.error(`designpress: build stopped by ${stop.received}; ${out}/ was left as it was`);
    return stop.exitCode();
  } finally {
    stop.dispose();
  }

  const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
  for (const message of formatBuildMessages(result, { layout: chosen.format, color }))
    console.error(message);
  if (values.timings) {
    for (const stage of result.timer.stages)
      console.error(`  ${stage.name.padEnd(10)} ${stage.ms.toFixed(0).padStart(6)} ms`);
  }

  const { errors, warnings } = countBuildMessages(result);
  const counts = [
    ...(errors > 0 || !result.ok ? [plural(errors, "error")] : []),
    plural(warnings, "warning"),
  ].join(", ");
  const seconds = (result.timer.totalMs / 1000).toFixed(2);
  const diagrams = result.diagrams
    ? `, ${plural(result.diagrams.rendered, "diagram")} rendered, ${result.diagrams.cached} from cache`
    : "";
  const cards = result.cards
    ? `, ${plural(result.cards.drawn, "social card")} drawn, ${result.cards.cached} from cache`
    : "";
  const reused = result.cache?.reused ? `, ${result.cache.reused} from the build cache` : "";
  if (result.ok && result.unchanged) {
    console.log(
      `designpress: ${out}/ is up to date: ${plural(result.pages, "page")}, none changed since the last build, nothing written (${counts}; ${seconds} s)`,
    );
    return 0;
  }
  if (result.ok) {
    console.log(
      `designpress: built ${plural(result.pages, "page")}${reused} into ${out}/ in ${seconds} s (${counts}${diagrams}${cards})`,
    );
    return 0;
  }
  console.error(`designpress: build failed; ${out}/ was left as it was (${counts})`);
  return 1;
}
