import { isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";
import type { Point } from "unist";
import {
  findContainerProblem,
  maxMarkersOnALine,
  maxNestedBlockLines,
  maxSourceBytes,
} from "./limits.js";

/** A problem with a file's bytes, before any Markdown is read. */
export interface SourceProblem {
  reason: string;
  place: Point;
  ruleId: string;
  fatal: boolean;
}

/** A writeup's text, or why it could not be read (an errno code or a short reason). */
export type Source = { text: string; problems: SourceProblem[] } | { unreadable: string };

// O_NONBLOCK: opening a FIFO named `x.md` must not wait for a writer.
const readFlags = constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * Read a writeup: refuse what is not a regular file or is too large
 * (`limits.ts`), then decode it. Synchronously: `check` reads many small
 * files, and awaiting each cost a sixth of its time; a build of 1,000
 * writeups read them in a third of the CPU time.
 */
export function readSourceSync(filePath: string): Source {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(filePath, readFlags);
    const stats = fstatSync(descriptor);
    const irregular = notARegularFile(stats);
    if (irregular) return irregular;
    if (stats.size > maxSourceBytes) return tooLarge(stats.size);
    return decodeSource(readFileSync(descriptor));
  } catch (error) {
    return { unreadable: (error as NodeJS.ErrnoException).code ?? String(error) };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function notARegularFile(stats: { isFile(): boolean; isDirectory(): boolean }): Source | undefined {
  if (stats.isDirectory()) return { unreadable: "EISDIR" };
  if (!stats.isFile()) return { unreadable: "not a regular file" };
  return undefined;
}

function tooLarge(bytes: number): Source {
  return refused(
    `Expected a writeup of at most 1 MiB (${maxSourceBytes.toLocaleString("en")} bytes), found ${bytes.toLocaleString("en")} bytes; split it into several writeups`,
    1,
  );
}

/** A file not read further: its text left empty, with the reason at `line`. */
function refused(reason: string, line: number): Source {
  return {
    text: "",
    problems: [{ reason, place: { line, column: 1 }, ruleId: "content/read", fatal: true }],
  };
}

/**
 * Bytes → text. A byte-order mark is dropped; bytes that are not UTF-8 read as
 * U+FFFD, with a warning at the first of them.
 */
export function decodeSource(bytes: Uint8Array): Source {
  if (bytes.length > maxSourceBytes) return tooLarge(bytes.length);
  const text = new TextDecoder("utf-8").decode(bytes);
  const containers = findContainerProblem(text);
  if (containers?.kind === "markers") {
    return refused(
      `Expected Markdown nested at most ${maxMarkersOnALine} levels deep, found ${containers.markers.toLocaleString("en")} quote and list markers at the start of this line; flatten the nesting`,
      containers.line,
    );
  }
  if (containers?.kind === "blocks") {
    return refused(
      `Expected at most ${maxNestedBlockLines.toLocaleString("en")} list items and nested quotes in a writeup, found more from this line on; split the writeup (Markdown parsers slow down sharply past that)`,
      containers.line,
    );
  }
  if (isUtf8(bytes)) return { text, problems: [] };
  const offset = firstInvalidByte(bytes);
  const byte = bytes[offset] ?? 0;
  return {
    text,
    problems: [
      {
        reason: `Expected UTF-8 text, found the byte \`0x${byte.toString(16).padStart(2, "0")}\`, which is not UTF-8 here and shows as “\uFFFD”; save the file as UTF-8`,
        place: pointOf(bytes, offset),
        ruleId: "content/encoding",
        fatal: false,
      },
    ],
  };
}

/** Where the byte at `offset` is, as a line and a column of the decoded text. */
function pointOf(bytes: Uint8Array, offset: number): Point {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 0x0a) {
      line++;
      lineStart = index + 1;
    }
  }
  // Everything before the first bad byte is UTF-8, so its length in characters
  // (a byte-order mark dropped, as when the file is read) gives the column.
  const column = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset)).length + 1;
  return { line, column };
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index++;
      continue;
    }
    // Length of the sequence and the range of its second byte (RFC 3629, table 3-7 of Unicode).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next];
      if (
        byte === undefined ||
        byte < (next === 1 ? low : 0x80) ||
        byte > (next === 1 ? high : 0xbf)
      )
        return index;
    }
    index += length;
  }
  return index;
}
