import { reporter } from "vfile-reporter";
import { escapeControls, escapeFiles } from "../terminal/escape.js";
import type { BuildResult } from "./index.js";

/**
 * What a build has to tell its user besides its summary line, in the order
 * `build` and `dev` print it: diagram warnings (no browser, unwritable cache),
 * every file's messages, and why the build stopped, if it did. Control
 * characters from the input (a title holding an ESC sequence) are escaped.
 */
export function formatBuildMessages(
  result: Pick<BuildResult, "files" | "diagrams" | "error">,
): string[] {
  const lines = (result.diagrams?.warnings ?? []).map(
    (warning) => `designpress: ${escapeControls(warning)}`,
  );
  const report = reporter(escapeFiles(result.files), { quiet: true });
  if (report) lines.push(report);
  if (result.error) lines.push(`designpress: ${escapeControls(result.error.message)}`);
  return lines;
}
