import type { Point, Position } from "unist";
import { VFile } from "vfile";
import { analyzeCapacity, estimatesJson, placeProblems } from "../capacity/analyze.js";
import { type FormattedFigure, formatReport, tableSections } from "../capacity/format.js";
import { report } from "../core/messages.js";
import { FrontMatterError, parseFrontMatter } from "../frontmatter/index.js";
import { formatPretty, layouts } from "../structure/report/format.js";
import { capacityInput } from "../structure/rules/capacity-input.js";
import { escapeControls, escapeControlsInJson } from "../terminal/escape.js";
import { readSourceSync } from "../writeup/source.js";
import { type CommandOutput, chosenFormat, parseCommand } from "./args.js";

/** The rule a front matter that cannot be read breaks, in the build and in `check`. */
const frontMatterRule = "nine-steps/front-matter";

const help = `Usage: designpress estimate FILE [--json] [--format pretty|line]

Print the capacity estimates of one writeup, from the \`capacity:\` block of its
front matter: each figure with its derivation, per workload and in total.
Traffic, storage, bandwidth (bytes and bits) and cache always; with
\`per_server\`, \`per_node\`, \`per_cache_node\` and \`latency\`, also servers,
requests in flight, connections and network per server, storage shards and
nodes, and cache nodes.

Options:
  --json       print the estimates as JSON (numbers in SI base units; keys as
               :estimate[…] cites them, e.g. servers, storage_nodes, cache_nodes)
  --format FORMAT
               how problems are printed: pretty (default: grouped by file) or
               line (file:line:column: severity message (rule-id), for editors)
  -h, --help   show this help

Exit status: 0 with estimates, 1 when the inputs have problems (printed as
\`check\` prints them), 2 on a usage error or an unreadable file.`;

/** Lines out: what the command writes, a line at a time, and its problems as `check` prints them. */
interface Output {
  out(text: string): void;
  err(text: string): void;
  problems(file: VFile): void;
}

/** A problem of the inputs, as the build reports it. */
type Problem = {
  reason: string;
  place?: Position | Point | undefined;
  ruleId?: string;
  fatal?: boolean;
};

export async function run(
  args: string[],
  {
    stdout,
    stderr,
    color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
  }: CommandOutput & { color?: boolean } = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const parsed = parseCommand(
    "estimate",
    help,
    args,
    { json: { type: "boolean" }, format: { type: "string", default: "pretty" } },
    { positionals: true, output: { stdout, stderr } },
  );
  if ("exitCode" in parsed) return parsed.exitCode;
  const { values, positionals } = parsed;
  const chosen = chosenFormat(values.format, layouts);
  // A front-matter value (a workload name, a problem's quote of it) may hold
  // control characters: only escaped do they reach the terminal.
  const output: Output = {
    out: (text) => stdout.write(`${escapeControls(text)}\n`),
    err: (text) => stderr.write(`${escapeControls(text)}\n`),
    problems: (file) =>
      stderr.write(
        formatPretty([file], { color, layout: "format" in chosen ? chosen.format : "pretty" }),
      ),
  };
  if ("error" in chosen) {
    output.err(`designpress estimate: ${chosen.error}\n\n${help}`);
    return 2;
  }
  const [fileName, ...extra] = positionals;
  if (fileName === undefined || extra.length > 0) {
    output.err(`designpress estimate: expected one FILE, found ${positionals.length}\n\n${help}`);
    return 2;
  }

  const source = readSourceSync(fileName);
  if ("unreadable" in source) {
    output.err(
      `designpress estimate: cannot read \`${fileName}\` (${source.unreadable}); check that it exists and is readable`,
    );
    return 2;
  }
  printProblems(output, fileName, source.problems);
  if (source.problems.some((problem) => problem.fatal)) return 1;

  let matter: ReturnType<typeof parseFrontMatter>;
  try {
    matter = parseFrontMatter(source.text);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    printProblems(
      output,
      fileName,
      error.problems.map((problem) => ({ ...problem, ruleId: frontMatterRule })),
    );
    return 1;
  }

  if (!Object.hasOwn(matter.data, "capacity")) {
    printProblems(output, fileName, [
      {
        reason:
          "Expected a `capacity:` block in the front matter, found none; add one with `writes`, `read_write_ratio` and `write_size` (see “Capacity estimates” in the README)",
        place: { line: 1, column: 1 },
      },
    ]);
    return 1;
  }
  const { report, problems } = analyzeCapacity(matter.data.capacity);
  if (!report) {
    printProblems(output, fileName, placeProblems(matter, problems));
    return 1;
  }

  if (values.json) {
    stdout.write(
      `${escapeControlsInJson(JSON.stringify(estimatesJson(report, fileName), null, 2))}\n`,
    );
    return 0;
  }
  const sections = tableSections(formatReport(report), "total");
  const blocks = sections.map((section) => table(section.name, section.figures));
  output.out(`Capacity estimates for ${fileName}\n\n${blocks.join("\n\n")}`);
  return 0;
}

/**
 * The problems as messages of `fileName`, printed as `check` prints them: the
 * front matter's and the capacity inputs' are errors of the rules that report
 * them in the build.
 */
function printProblems(output: Output, fileName: string, problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  const file = new VFile({ path: fileName });
  for (const { reason, place, ruleId = capacityInput.id, fatal = true } of problems) {
    report(file, fatal, reason, place, ruleId);
  }
  output.problems(file);
}

/** Aligned columns: label, figure, derivation. */
function table(name: string | undefined, figures: FormattedFigure[]): string {
  const labelWidth = Math.max(...figures.map((figure) => figure.label.length));
  const valueWidth = Math.max(...figures.map((figure) => figure.value.length));
  const rows = figures.map(
    (figure) =>
      `  ${figure.label.padEnd(labelWidth)}  ${figure.value.padStart(valueWidth)}   ${figure.derivation}`,
  );
  return name === undefined ? rows.join("\n") : `${name}\n${rows.join("\n")}`;
}
