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

/** Report an error (`fatal`) or a warning on `file`. */
export function report(
  file: VFile,
  fatal: boolean,
  reason: string,
  place: Place,
  ruleId: string,
): VFileMessage {
  return (fatal ? fail : warn)(file, reason, place, ruleId);
}

/** Where a place starts: the point itself, or a position's start. */
export function startOf(place: Place): Point | undefined {
  return place && "start" in place ? place.start : place;
}

/** Document order of two points (negative when `a` comes first). */
export function comparePoints(a: Point, b: Point): number {
  return a.line - b.line || a.column - b.column;
}
