import { constants } from "node:os";
import path from "node:path";
import { build } from "../build/index.js";
import { formatBuildMessages } from "../build/report.js";
import { plural } from "../pipeline/messages.js";
import { parseCommand } from "./args.js";

const help = `Usage: designpress build [--content DIR] [--out DIR] [--base PATH] [--strict] [--require-browser] [--timings]

Build every Markdown writeup under the content folder into a static site.

Options:
  --content DIR   folder of writeups (default: content)
  --out DIR       output folder, replaced whole on success (default: dist)
  --base PATH     path the site is served under, e.g. /my-designs/ (default: config base or /)
  --strict        fail on structure errors too (invalid front matter and capacity always fail)
  --require-browser
                  fail when no Chromium can render diagrams (default: leave them to
                  the reader's browser, with mermaid's script copied into the site)
  --timings       print the time each stage took
  -h, --help      show this help`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand("build", help, args, {
    content: { type: "string" },
    out: { type: "string" },
    base: { type: "string" },
    strict: { type: "boolean" },
    "require-browser": { type: "boolean" },
    timings: { type: "boolean" },
  });
  if ("exitCode" in parsed) return parsed.exitCode;
  const { values } = parsed;

  // SIGINT or SIGTERM stops the build: the diagram renderer closes its browser
  // and removes its folders, nothing is written. A second signal exits at once.
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppedBy) process.exit(128 + constants.signals[signal]);
    stoppedBy = signal;
    controller.abort(new Error(`stopped by ${signal}`));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const result = await build({
    contentDir: values.content,
    outDir: values.out,
    base: values.base,
    strict: values.strict,
    requireBrowser: values["require-browser"],
    signal: controller.signal,
    onDiagramProgress: process.stderr.isTTY
      ? ({ rendered, cached, total }) => {
          process.stderr.write(`\rdiagrams: ${rendered + cached}/${total} (${cached} from cache)`);
          if (rendered + cached === total) process.stderr.write("\n");
        }
      : undefined,
  }).finally(() => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  });

  for (const message of formatBuildMessages(result)) console.error(message);
  if (values.timings) {
    for (const stage of result.timer.stages)
      console.error(`  ${stage.name.padEnd(10)} ${stage.ms.toFixed(0).padStart(6)} ms`);
  }

  const warnings = result.files
    .flatMap((file) => file.messages)
    .filter((message) => !message.fatal).length;
  const seconds = (result.timer.totalMs / 1000).toFixed(2);
  const out = path.relative(process.cwd(), result.outDir) || ".";
  const diagrams = result.diagrams
    ? `, ${plural(result.diagrams.rendered, "diagram")} rendered, ${result.diagrams.cached} from cache`
    : "";
  if (result.ok) {
    console.log(
      `designpress: built ${plural(result.pages, "page")} into ${out}/ in ${seconds} s (${plural(warnings, "warning")}${diagrams})`,
    );
    return 0;
  }
  console.error(`designpress: build failed; ${out}/ was left as it was`);
  return stoppedBy ? 128 + constants.signals[stoppedBy] : 1;
}
