import { reporter } from "vfile-reporter";
import { escapeControls, escapeFiles } from "../terminal/escape.js";
import type { BuildResult } from "./context.js";

type Printed = Pick<BuildResult, "files" | "diagrams" | "error"> &
  Partial<Pick<BuildResult, "warnings">>;

/** Warnings about the build as a whole (no browser, unwritable cache, a restored output folder). */
function buildWarnings(result: Printed): string[] {
  return [...(result.diagrams?.warnings ?? []), ...(result.warnings ?? [])];
}

/**
 * What a build has to tell its user besides its summary line, in the order
 * `build` and `dev` print it: warnings about the build as a whole, every
 * file's messages, and why the build stopped, if it did. Control characters
 * from the input (a title holding an ESC sequence) are escaped.
 */
export function formatBuildMessages(result: Printed): string[] {
  const lines = buildWarnings(result).map((warning) => `designpress: ${escapeControls(warning)}`);
  const report = reporter(escapeFiles(result.files), { quiet: true });
  if (report) lines.push(report);
  if (result.error) lines.push(`designpress: ${escapeControls(result.error.message)}`);
  return lines;
}

/** The errors and warnings {@link formatBuildMessages} prints, for the summary line. */
export function countBuildMessages(result: Printed): { errors: number; warnings: number } {
  const messages = result.files.flatMap((file) => file.messages);
  const count = (fatal: boolean) => messages.filter((message) => message.fatal === fatal).length;
  return {
    errors: count(true) + (result.error ? 1 : 0),
    warnings: count(false) + buildWarnings(result).length,
  };
}
