import type { Element, Root as HastRoot } from "hast";
import { headingRank } from "hast-util-heading-rank";
import { toString as hastToString } from "hast-util-to-string";
import type { DataMap, VFile } from "vfile";
import type { VFileMessage } from "vfile-message";
import { fail } from "../pipeline/messages.js";
import type { PageProcessor } from "../pipeline/processor.js";

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

/** One page through the processor: Markdown → hast with every page plugin applied. */
export async function transformPage(processor: PageProcessor, file: VFile): Promise<HastRoot> {
  const tree = await processor.run(processor.parse(file), file);
  takeTitle(file, tree);
  return tree;
}

/** Without a front-matter title, the page's first `# heading` is its title (and leaves the body). */
function takeTitle(file: VFile, tree: HastRoot): void {
  if (file.data.title) return;
  const index = tree.children.findIndex(
    (node) => node.type === "element" && headingRank(node) === 1,
  );
  const heading = tree.children[index] as Element | undefined;
  if (heading) {
    file.data.title = hastToString(heading).trim();
    tree.children.splice(index, 1);
    const id = heading.properties.id;
    file.data.ids = (file.data.ids ?? []).filter((candidate) => candidate !== id);
  } else {
    fail(
      file,
      "Expected a `title` in the front matter (or a `# heading`), found neither; add `title: …` between `---` fences at the top",
      { line: 1, column: 1 },
      "nine-steps/front-matter",
    );
  }
}
