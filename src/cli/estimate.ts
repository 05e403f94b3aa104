import type { Point, Position } from "unist";
import { analyzeCapacity, estimatesJson, placeProblems } from "../capacity/analyze.js";
import { type FormattedFigure, formatReport, tableSections } from "../capacity/format.js";
import { startOf } from "../core/messages.js";
import { FrontMatterError, parseFrontMatter } from "../frontmatter/index.js";
import { escapeControls, escapeControlsInJson } from "../terminal/escape.js";
import { readSource } from "../writeup/source.js";
import { type CommandOutput, parseCommand } from "./args.js";

const help = `Usage: designpress estimate FILE [--json]

Print the capacity estimates of one writeup, from the \`capacity:\` block of its
front matter: each figure with its derivation, per workload and in total.
Traffic, storage, bandwidth (bytes and bits) and cache always; with
\`per_server\`, \`per_node\`, \`per_cache_node\` and \`latency\`, also servers,
requests in flight, connections and network per server, storage shards and
nodes, and cache nodes.

Options:
  --json       print the estimates as JSON (numbers in SI base units; keys as
               :estimate[…] cites them, e.g. servers, storage_nodes, cache_nodes)
  -h, --help   show this help

Exit status: 0 with estimates, 1 when the inputs have problems (each printed as
file:line:column: reason), 2 on a usage error or an unreadable file.`;

/** Lines out: what the command writes, a line at a time. */
interface Output {
  out(text: string): void;
  err(text: string): void;
}

export async function run(
  args: string[],
  { stdout, stderr }: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  // A front-matter value (a workload name, a problem's quote of it) may hold
  // control characters: only escaped do they reach the terminal.
  const output: Output = {
    out: (text) => stdout.write(`${escapeControls(text)}\n`),
    err: (text) => stderr.write(`${escapeControls(text)}\n`),
  };
  const parsed = parseCommand(
    "estimate",
    help,
    args,
    { json: { type: "boolean" } },
    { positionals: true, output: { stdout, stderr } },
  );
  if ("exitCode" in parsed) return parsed.exitCode;
  const { values, positionals } = parsed;
  const [fileName, ...extra] = positionals;
  if (fileName === undefined || extra.length > 0) {
    output.err(`designpress estimate: expected one FILE, found ${positionals.length}\n\n${help}`);
    return 2;
  }

  const source = await readSource(fileName);
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
    printProblems(output, fileName, error.problems);
    return 1;
  }

  if (!Object.hasOwn(matter.data, "capacity")) {
    output.err(
      `${fileName}:1:1: Expected a \`capacity:\` block in the front matter, found none; add one with \`writes\`, \`read_write_ratio\` and \`write_size\` (see “Capacity estimates” in the README)`,
    );
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

/** Each problem as `file:line:column: reason`, at the start of its place (1:1 when it has none). */
function printProblems(
  output: Output,
  fileName: string,
  problems: readonly { reason: string; place?: Position | Point | undefined }[],
): void {
  for (const { reason, place } of problems) {
    const point = startOf(place);
    output.err(`${fileName}:${point?.line ?? 1}:${point?.column ?? 1}: ${reason}`);
  }
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
