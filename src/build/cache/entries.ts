import type { Root as HastRoot, Nodes } from "hast";
import type { Point, Position } from "unist";
import type { DataMap, VFile } from "vfile";
import {
  arrayOf,
  decodeEntry,
  type Guard,
  isBoolean,
  isCount,
  isRecord,
  isString,
  oneOf,
  optional,
  shape,
} from "./validate.js";

/** Bumped whenever an entry's shape or meaning changes: older entries are then misses. */
export const cacheFormat = 2;

/** A message as the cache keeps it: what the printers show, and whether it fails the build. */
export interface CachedMessage {
  reason: string;
  place?: Point | Position;
  ruleId?: string;
  source?: string;
  /** `true` an error, `false` a warning, `null` a note (as vfile has it). */
  fatal?: boolean | null;
  url?: string;
  actual?: string;
  expected?: string[];
  note?: string;
}

/**
 * A page read and transformed (its key: designpress's version, the config,
 * its path and its source): the tree, what the plugins stored on the file, and
 * every message reading and transforming it gave.
 */
export interface PageEntry {
  format: typeof cacheFormat;
  key: string;
  tree: HastRoot;
  /**
   * `file.data` but the front matter and the source, which reading the file sets
   * again, and the step outline, which only the transform reads (two fifths of an
   * entry: Markdown trees with positions).
   */
  data: Partial<DataMap>;
  messages: CachedMessage[];
}

const isPoint: Guard<Point> = shape<Point>({
  line: isCount,
  column: isCount,
  offset: optional(isCount),
});
const isPosition: Guard<Position> = shape<Position>({ start: isPoint, end: isPoint });

export const isMessage: Guard<CachedMessage> = shape<CachedMessage>({
  reason: isString,
  place: optional(oneOf(isPoint, isPosition)),
  ruleId: optional(isString),
  source: optional(isString),
  fatal: optional((value): value is boolean | null => value === null || isBoolean(value)),
  url: optional(isString),
  actual: optional(isString),
  expected: optional(arrayOf(isString)),
  note: optional(isString),
});

const isPropertyValue = (value: unknown): boolean =>
  value === null ||
  typeof value === "string" ||
  typeof value === "boolean" ||
  (typeof value === "number" && Number.isFinite(value)) ||
  (Array.isArray(value) &&
    value.every((item) => typeof item === "string" || typeof item === "number"));

const literalTypes = new Set(["text", "comment", "raw"]);

/** A hast node as the page processor makes it: known node types and plain property values. */
function isHastNode(value: unknown, depth: number): value is Nodes {
  if (!isRecord(value) || depth > 512) return false;
  const { type, position, data } = value;
  if (position !== undefined && !isPosition(position)) return false;
  // Node data steers later stages (a diagram's files beside its page): only the sanitizer's mark is kept.
  if (data !== undefined && !isMadeMark(data)) return false;
  if (literalTypes.has(type as string)) return isString(value.value);
  if (type === "doctype") return true;
  const children = value.children;
  if (!Array.isArray(children) || !children.every((child) => isHastNode(child, depth + 1)))
    return false;
  if (type === "root") return true;
  if (type !== "element" || !isString(value.tagName) || !isRecord(value.properties)) return false;
  return Object.values(value.properties).every(isPropertyValue);
}

const isMadeMark = shape<{ designpressMade: true }>({
  designpressMade: (value): value is true => value === true,
});

const isTree: Guard<HastRoot> = (value): value is HastRoot =>
  isRecord(value) && value.type === "root" && isHastNode(value, 0);

/** The fields every page has, each of its own shape; other plugins' fields are JSON values. */
const isData: Guard<Partial<DataMap>> = (value): value is Partial<DataMap> =>
  isRecord(value) &&
  optional(isString)(value.slug) &&
  optional(isString)(value.title) &&
  optional(isRecord)(value.meta) &&
  optional(arrayOf(isRecord))(value.toc) &&
  optional(arrayOf(isRecord))(value.steps) &&
  value.matter === undefined &&
  value.source === undefined &&
  value.outline === undefined;

const isPageEntry = shape<PageEntry>({
  format: (value): value is typeof cacheFormat => value === cacheFormat,
  key: isString,
  tree: isTree,
  data: isData,
  messages: arrayOf(isMessage),
});

/**
 * Whether a node's place in the source is read after the transform: an
 * element with a link (its messages point at it) or a code block (a diagram's
 * messages). Only theirs are kept: the others' made up more than a third of an
 * entry, and of the time to read it back.
 */
function placeReadLater(node: Record<string, unknown>): boolean {
  if (node.type !== "element") return false;
  if (node.tagName === "pre") return true;
  const properties = node.properties as Record<string, unknown> | undefined;
  return properties?.href !== undefined || properties?.src !== undefined;
}

/** For `JSON.stringify` of a hast tree: drops the places no later stage reads (see {@link placeReadLater}). */
function withoutUnreadPlaces(this: unknown, name: string, value: unknown): unknown {
  return name === "position" && isRecord(this) && !placeReadLater(this) ? undefined : value;
}

/**
 * A page as an entry's text. Later stages change the tree in place: this is a
 * copy as it is now, with the places later stages read.
 */
export function encodePage(key: string, tree: HastRoot, file: VFile): string {
  const { matter: _matter, source: _source, outline: _outline, ...data } = file.data;
  const entry: Omit<PageEntry, "tree"> = {
    format: cacheFormat,
    key,
    data,
    messages: cachedMessages(file),
  };
  // The tree alone goes through the replacer: a field of `data` may hold a `position` of its own.
  const fields = JSON.stringify(entry);
  return `${fields.slice(0, -1)},"tree":${JSON.stringify(tree, withoutUnreadPlaces)}}`;
}

/**
 * An entry read back, or `undefined` when it is not one this build may use:
 * not JSON, another format, another key than the one asked for, or any field
 * of the wrong shape. The folder may be restored from CI's cache: what is in
 * it is checked before any of it reaches a page.
 */
export function decodePage(key: string, text: string | undefined): PageEntry | undefined {
  return decodeEntry(text, isPageEntry, key);
}

/** A file's messages as the cache keeps them. */
export function cachedMessages(file: VFile): CachedMessage[] {
  return file.messages.map((message) => ({
    reason: message.reason,
    place: message.place ?? undefined,
    ruleId: message.ruleId ?? undefined,
    source: message.source ?? undefined,
    fatal: message.fatal,
    url: message.url ?? undefined,
    actual: message.actual ?? undefined,
    expected: message.expected ?? undefined,
    note: message.note ?? undefined,
  }));
}

/** A cached page on a file read afresh: its data, and its messages in place of the file's own. */
export function restorePage(file: VFile, entry: PageEntry): HastRoot {
  Object.assign(file.data, entry.data);
  file.messages.length = 0;
  restoreMessages(file, entry.messages);
  return entry.tree;
}

/** Put kept messages on a file, after its own. */
export function restoreMessages(file: VFile, messages: readonly CachedMessage[]): void {
  for (const cached of messages) {
    const message = file.message(cached.reason, {
      place: cached.place,
      ruleId: cached.ruleId,
      source: cached.source,
    });
    message.fatal = cached.fatal;
    if (cached.url !== undefined) message.url = cached.url;
    if (cached.actual !== undefined) message.actual = cached.actual;
    if (cached.expected !== undefined) message.expected = cached.expected;
    if (cached.note !== undefined) message.note = cached.note;
  }
}
