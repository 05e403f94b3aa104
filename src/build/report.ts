import { reporter } from "vfile-reporter";
import type { BuildResult } from "./index.js";

/**
 * What a build has to tell its user besides its summary line, in the order
 * `build` and `dev` print it: diagram warnings (no browser, unwritable cache),
 * every file's messages, and why the build stopped, if it did.
 */
export function formatBuildMessages(
  result: Pick<BuildResult, "files" | "diagrams" | "error">,
): string[] {
  const lines = (result.diagrams?.warnings ?? []).map((warning) => `designpress: ${warning}`);
  const report = reporter(result.files, { quiet: true });
  if (report) lines.push(report);
  if (result.error) lines.push(`designpress: ${result.error.message}`);
  return lines;
}
