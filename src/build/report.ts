import { ConfigError } from "../config/index.js";
import { count, formatMessages, type Layout } from "../structure/report/format.js";
import { escapeControls } from "../terminal/escape.js";
import type { BuildResult } from "./context.js";

type Printed = Pick<BuildResult, "files" | "diagrams" | "error"> &
  Partial<Pick<BuildResult, "warnings">>;

/** Warnings about the build as a whole (no browser, unwritable cache, a restored output folder). */
function buildWarnings(result: Printed): string[] {
  return [...(result.diagrams?.warnings ?? []), ...(result.warnings ?? [])];
}

/** Why the build stopped, unless a file's messages already say it (an invalid config's). */
function stoppedBy(result: Printed): Error | undefined {
  const { error } = result;
  return error instanceof ConfigError && result.files.includes(error.file) ? undefined : error;
}

/**
 * What a build has to tell its user besides its summary line, in the order
 * `build` and `dev` print it: warnings about the build as a whole, every
 * file's messages (in the layout `check` prints them), and why the build
 * stopped, if it did. Control characters from the input (a title holding an
 * ESC sequence) are escaped.
 */
export function formatBuildMessages(
  result: Printed,
  options: { layout?: Layout; color?: boolean } = {},
): string[] {
  const lines = buildWarnings(result).map((warning) => `designpress: ${escapeControls(warning)}`);
  const report = formatMessages(result.files, {
    layout: options.layout ?? "pretty",
    color: options.color ?? false,
  });
  if (report) lines.push(report.trimEnd());
  const error = stoppedBy(result);
  if (error) lines.push(`designpress: ${escapeControls(error.message)}`);
  return lines;
}

/** The errors and warnings {@link formatBuildMessages} prints, for the summary line. */
export function countBuildMessages(result: Printed): { errors: number; warnings: number } {
  const { errors, warnings } = count(result.files);
  return {
    errors: errors + (stoppedBy(result) ? 1 : 0),
    warnings: warnings + buildWarnings(result).length,
  };
}
