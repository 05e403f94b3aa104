import { createColors } from "picocolors";
import type { VFile } from "vfile";
import type { VFileMessage } from "vfile-message";
import { comparePoints } from "../../core/messages.js";
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
  /** The rule's docs. */
  url: string | null;
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
        url: message.url ?? null,
      };
    }),
  );
}

export function formatJson(files: readonly VFile[]): string {
  return `${escapeControlsInJson(JSON.stringify(toJsonMessages(files), null, 2))}\n`;
}

/**
 * GitHub Actions workflow commands, one a message (`::error file=…,line=…::…`),
 * the rule's docs on the annotation's second line. The log shows colours and
 * cursor moves: control characters are escaped.
 */
export function formatGithub(files: readonly VFile[]): string {
  return toJsonMessages(files)
    .map(
      (message) =>
        `::${message.severity} file=${property(escapeControls(message.file))},line=${message.line},col=${message.column},endLine=${message.endLine},endColumn=${message.endColumn},title=${property(escapeControls(message.ruleId ?? "designpress"))}::${data(escapeControls(message.url ? `${message.message}\n${message.url}` : message.message))}\n`,
    )
    .join("");
}

/** The layouts every command prints messages in (`check` also prints `json` and `github`). */
export const layouts = ["pretty", "line"] as const;
export type Layout = (typeof layouts)[number];

/**
 * Every file's messages in `layout`, without a summary ("" when there are
 * none): what `build`, `check`, `estimate` and `dev` all print.
 *
 * - `pretty`: grouped by file, one line a message (`line:column  severity
 *   message  rule-id`).
 * - `line`: one line a message, `file:line:column: severity message (rule-id)`,
 *   which editors and terminals open at the place.
 *
 * Messages are printed in document order (a stable sort: those at one place
 * keep the order they were found in). Colour only when asked (the CLI asks on a TTY); control characters from the
 * input are escaped, so that only ours colour anything.
 */
export function formatMessages(
  files: readonly VFile[],
  options: { layout: Layout; color: boolean },
): string {
  const colors = createColors(options.color);
  const label = (message: VFileMessage) =>
    severity(message) === "error" ? colors.red("error") : colors.yellow("warning");
  const out: string[] = [];
  for (const file of files) {
    if (file.messages.length === 0) continue;
    const path = escapeControls(file.path);
    const messages = inOrder(file.messages);
    if (options.layout === "line") {
      for (const message of messages) {
        const rule = message.ruleId ? ` ${colors.dim(`(${escapeControls(message.ruleId)})`)}` : "";
        out.push(
          `${path}:${placeOf(message)}: ${label(message)} ${escapeControls(message.reason)}${rule}`,
          ...causeOf(message),
        );
      }
      continue;
    }
    const placeWidth = Math.max(...messages.map((message) => placeOf(message).length));
    out.push(colors.underline(path));
    for (const message of messages) {
      const padding = " ".repeat("warning".length - severity(message).length);
      out.push(
        `  ${colors.dim(placeOf(message).padEnd(placeWidth))}  ${label(message)}${padding}  ${escapeControls(message.reason)}  ${colors.dim(escapeControls(message.ruleId ?? ""))}`,
        ...causeOf(message),
      );
    }
    out.push("");
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

/**
 * {@link formatMessages}, then a summary of what it printed (`2 errors, 1
 * warning in 3 files`), as `check` and `estimate` end.
 */
export function formatPretty(
  files: readonly VFile[],
  options: { color: boolean; layout?: Layout },
): string {
  const colors = createColors(options.color);
  const { errors, warnings } = count(files);
  const summary = `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(files.length, "file")}`;
  const coloured =
    errors > 0
      ? colors.red(summary)
      : warnings > 0
        ? colors.yellow(summary)
        : colors.green(summary);
  return `${formatMessages(files, { layout: options.layout ?? "pretty", color: options.color })}${coloured}\n`;
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

function inOrder(messages: readonly VFileMessage[]): VFileMessage[] {
  const start = (message: VFileMessage) => ({
    line: message.line ?? 1,
    column: message.column ?? 1,
  });
  return [...messages].sort((a, b) => comparePoints(start(a), start(b)));
}

/**
 * What a message's `cause` threw, as its stack's lines (a config module's
 * error carries one only with DEBUG=designpress), escaped like the rest.
 */
function causeOf(message: VFileMessage): string[] {
  const { cause } = message;
  if (!(cause instanceof Error) || !cause.stack) return [];
  return escapeControls(cause.stack)
    .split("\n")
    .map((line) => `    ${line.trim()}`);
}

/** `line:column` of where a message starts (1:1 when it has no place). */
function placeOf(message: VFileMessage): string {
  return `${message.line ?? 1}:${message.column ?? 1}`;
}

// Escaping as GitHub's toolkit does for workflow commands.
function data(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
