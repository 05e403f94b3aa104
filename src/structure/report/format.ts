import { createColors } from "picocolors";
import type { VFile } from "vfile";
import type { VFileMessage } from "vfile-message";
import { plural } from "../../core/words.js";
import { escapeControls, escapeControlsInJson } from "../../terminal/escape.js";

/** One message, flat, as `--format json` prints it. */
interface JsonMessage {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: "error" | "warning";
  ruleId: string | null;
  message: string;
}

function toJsonMessages(files: readonly VFile[]): JsonMessage[] {
  return files.flatMap((file) =>
    file.messages.map((message) => {
      const line = message.line ?? 1;
      const column = message.column ?? 1;
      return {
        file: file.path,
        line,
        column,
        endLine: message.place && "end" in message.place ? message.place.end.line : line,
        endColumn: message.place && "end" in message.place ? message.place.end.column : column,
        severity: severity(message),
        ruleId: message.ruleId ?? null,
        message: message.reason,
      };
    }),
  );
}

export function formatJson(files: readonly VFile[]): string {
  return `${escapeControlsInJson(JSON.stringify(toJsonMessages(files), null, 2))}\n`;
}

/**
 * GitHub Actions workflow commands, one a message (`::error file=…,line=…::…`).
 * The log shows colours and cursor moves: control characters are escaped.
 */
export function formatGithub(files: readonly VFile[]): string {
  return toJsonMessages(files)
    .map(
      (message) =>
        `::${message.severity} file=${property(escapeControls(message.file))},line=${message.line},col=${message.column},endLine=${message.endLine},endColumn=${message.endColumn},title=${property(escapeControls(message.ruleId ?? "designpress"))}::${data(escapeControls(message.message))}\n`,
    )
    .join("");
}

/**
 * Grouped by file, one line a message (`line:column  severity  message  rule-id`),
 * then a summary. Colour only when asked (the CLI asks on a TTY); control
 * characters from the input are escaped, so that only ours colour anything.
 */
export function formatPretty(files: readonly VFile[], options: { color: boolean }): string {
  const colors = createColors(options.color);
  const out: string[] = [];
  for (const file of files) {
    if (file.messages.length === 0) continue;
    const rows = file.messages.map((message) => ({
      place: `${message.line ?? 1}:${message.column ?? 1}`,
      severity: severity(message),
      reason: escapeControls(message.reason),
      ruleId: escapeControls(message.ruleId ?? ""),
    }));
    const placeWidth = Math.max(...rows.map((row) => row.place.length));
    out.push(colors.underline(escapeControls(file.path)));
    for (const row of rows) {
      const label = row.severity === "error" ? colors.red("error  ") : colors.yellow("warning");
      out.push(
        `  ${colors.dim(row.place.padEnd(placeWidth))}  ${label}  ${row.reason}  ${colors.dim(row.ruleId)}`,
      );
    }
    out.push("");
  }
  const { errors, warnings } = count(files);
  const summary = `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(files.length, "file")}`;
  out.push(
    errors > 0
      ? colors.red(summary)
      : warnings > 0
        ? colors.yellow(summary)
        : colors.green(summary),
  );
  return `${out.join("\n")}\n`;
}

export function count(files: readonly VFile[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    for (const message of file.messages) {
      if (severity(message) === "error") errors++;
      else warnings++;
    }
  }
  return { errors, warnings };
}

function severity(message: VFileMessage): "error" | "warning" {
  return message.fatal === true ? "error" : "warning";
}

// Escaping as GitHub's toolkit does for workflow commands.
function data(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
