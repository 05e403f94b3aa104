import type { Point, Position } from "unist";
import type { VFile } from "vfile";
import type { VFileMessage } from "vfile-message";

type Place = Point | Position | undefined;

/** Report an error on `file` (a fatal message: it fails the build). */
export function fail(file: VFile, reason: string, place: Place, ruleId: string): VFileMessage {
  const message = file.message(reason, { place, ruleId, source: "designpress" });
  message.fatal = true;
  return message;
}

/** Report a warning on `file`. */
export function warn(file: VFile, reason: string, place: Place, ruleId: string): VFileMessage {
  const message = file.message(reason, { place, ruleId, source: "designpress" });
  message.fatal = false;
  return message;
}

/** `1 page`, `2 pages`: a count with its noun (nouns that take an `s`). */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
