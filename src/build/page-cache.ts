import { createHash } from "node:crypto";
import type { Root as HastRoot } from "hast";
import type { DataMap, VFile } from "vfile";
import type { VFileMessage } from "vfile-message";

/** Transformed pages by source path, each with the hash of what it was made from. */
export interface BuildCache {
  pages: Map<string, { key: string; outcome: TransformOutcome }>;
}

export function createBuildCache(): BuildCache {
  return { pages: new Map() };
}

/** A transformed page as plain data: what the dev cache keeps between builds. */
export interface TransformOutcome {
  tree: HastRoot;
  /** Everything the plugins stored, except `matter` (its `locate` is a function). */
  data: Partial<DataMap>;
  messages: SerialisedMessage[];
}

type SerialisedMessage = Pick<
  VFileMessage,
  "reason" | "place" | "ruleId" | "source" | "fatal" | "url" | "actual" | "expected" | "note"
>;

/** What a page is made from: the config and its source, front matter included. */
export function pageKey(configKey: string, file: VFile): string {
  return createHash("sha256")
    .update(configKey)
    .update("\0")
    .update(file.data.source ?? "")
    .digest("hex");
}

/** A page's tree, data (but the front matter and source) and every message. */
export function serialiseOutcome(tree: HastRoot, file: VFile): TransformOutcome {
  const { matter: _matter, source: _source, ...data } = file.data;
  return {
    tree,
    data,
    messages: file.messages.map((message) => ({
      reason: message.reason,
      place: message.place,
      ruleId: message.ruleId,
      source: message.source,
      fatal: message.fatal,
      url: message.url,
      actual: message.actual,
      expected: message.expected,
      note: message.note,
    })),
  };
}

/** Put a cached outcome on a file read afresh: its data and, replacing the file's own, its messages. */
export function applyOutcome(file: VFile, outcome: TransformOutcome): HastRoot {
  Object.assign(file.data, outcome.data);
  file.messages.length = 0;
  for (const serialised of outcome.messages) {
    const message = file.message(serialised.reason, {
      place: serialised.place,
      ruleId: serialised.ruleId,
      source: serialised.source,
    });
    Object.assign(message, {
      fatal: serialised.fatal,
      url: serialised.url,
      actual: serialised.actual,
      expected: serialised.expected,
      note: serialised.note,
    });
  }
  return outcome.tree;
}
