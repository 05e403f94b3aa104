import type { Root as HastRoot, Nodes } from "hast";
import type { Point, Position } from "unist";
import type { DataMap, VFile } from "vfile";
import { PageTree } from "../../theme/page-tree.js";
import { BuildError } from "../context.js";
import { hash } from "./keys.js";
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
export const cacheFormat = 4;

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
 * its path and its source): what the plugins stored on the file (the ids on
 * the page among it), every message reading and transforming it gave, and the
 * hash of its tree, which the entry's text holds apart, on a line of its own
 * after these fields: a build reads every entry's fields but parses a tree
 * only when it uses it (see {@link PageTree}).
 */
export interface PageEntry {
  format: typeof cacheFormat;
  key: string;
  /** The SHA-256 of the tree's text: a tree that is not as written is never parsed. */
  tree: string;
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
  optional(arrayOf(isString))(value.ids) &&
  optional(arrayOf(isString))(value.headingIds) &&
  value.matter === undefined &&
  value.source === undefined &&
  value.outline === undefined;

const isPageEntry = shape<PageEntry>({
  format: (value): value is typeof cacheFormat => value === cacheFormat,
  key: isString,
  tree: isString,
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
 * A page as an entry's text: its fields, then its tree on the next line (JSON
 * has no raw line break). Later stages change the tree in place: this is a
 * copy as it is now, with the places later stages read.
 */
export function encodePage(key: string, tree: HastRoot, file: VFile): string {
  const { matter: _matter, source: _source, outline: _outline, ...data } = file.data;
  const treeText = JSON.stringify(tree, withoutUnreadPlaces);
  const entry: PageEntry = {
    format: cacheFormat,
    key,
    tree: hash(treeText),
    data,
    messages: cachedMessages(file),
  };
  return `${JSON.stringify(entry)}\n${treeText}`;
}

/** An entry read back: its fields, and its tree's text (as read: text, or UTF-8 bytes), not yet parsed. */
export interface DecodedPage {
  entry: PageEntry;
  tree: string | Buffer;
}

/**
 * An entry read back, or `undefined` when it is not one this build may use:
 * not JSON, another format, another key than the one asked for, any field of
 * the wrong shape, or a tree whose text does not hash as its fields say. The
 * folder may be restored from CI's cache: what is in it is checked before any
 * of it reaches a page (the tree's shape, when it is parsed). An entry read as
 * bytes has only its fields decoded: its tree is hashed as it is.
 */
export function decodePage(
  key: string,
  text: string | Buffer | undefined,
): DecodedPage | undefined {
  const page = decodeOwnPage(key, text);
  return page && hash(page.tree) === page.entry.tree ? page : undefined;
}

/**
 * {@link decodePage} for the text a thread of this build made and sent: the
 * fields checked all the same, but not the tree's hash (a cold build of 1,000
 * pages would hash 63 MB of trees it just received).
 */
export function decodeOwnPage(
  key: string,
  text: string | Buffer | undefined,
): DecodedPage | undefined {
  if (text === undefined) return undefined;
  const end = text.indexOf("\n");
  if (end < 0) return undefined;
  const fields = typeof text === "string" ? text.slice(0, end) : text.toString("utf8", 0, end);
  const entry = decodeEntry(fields, isPageEntry, key);
  return entry && { entry, tree: text.slice(end + 1) };
}

/** A tree's text parsed, or `undefined` when it is not JSON or not a tree the page processor makes. */
export function parseTree(text: string | Buffer): HastRoot | undefined {
  try {
    const tree: unknown = JSON.parse(text.toString());
    return isTree(tree) ? tree : undefined;
  } catch {
    return undefined;
  }
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

/**
 * A cached page on a file read afresh: its data, and its messages in
 * place of the file's own. Its tree is parsed when first asked for; one that
 * hashes as written but is not a tree (an entry made to pass the hash) stops
 * the build with what to do.
 */
export function restorePage(file: VFile, { entry, tree: treeText }: DecodedPage): PageTree {
  Object.assign(file.data, entry.data);
  file.messages.length = 0;
  restoreMessages(file, entry.messages);
  return PageTree.later(() => {
    const tree = parseTree(treeText);
    if (tree) return tree;
    throw new BuildError(
      `Expected the build cache to hold the tree of \`${file.path}\` as designpress wrote it, found another; delete the folder \`.designpress-cache/build\` and build again`,
    );
  });
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
