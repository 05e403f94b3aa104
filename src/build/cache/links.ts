import { mkdir } from "node:fs/promises";
import { readEntryFile, writeEntryFile } from "../../files/entry.js";
import { type CachedMessage, isMessage } from "./entries.js";
import { hash } from "./keys.js";
import { outputEntryFile } from "./site.js";
import { arrayOf, decodeEntry, isString, shape } from "./validate.js";

/** Bumped whenever the record's shape or meaning changes: an older record is then ignored. */
const linksFormat = 2;

/** What resolving one page's links gave: the messages it added, the content files the page links, and its URLs as resolved. */
export interface LinkOutcome {
  messages: CachedMessage[];
  assets: string[];
  urls: string[];
}

/** A page's outcome by the key of its tree and of everything its links were resolved against. */
interface KeptOutcome extends LinkOutcome {
  key: string;
}

interface LinksRecord {
  format: typeof linksFormat;
  key: string;
  outcomes: KeptOutcome[];
}

const recordKey = "designpress-links";

const isLinksRecord = shape<LinksRecord>({
  format: (value): value is typeof linksFormat => value === linksFormat,
  key: isString,
  outcomes: arrayOf(
    shape<KeptOutcome>({
      key: isString,
      messages: arrayOf(isMessage),
      assets: arrayOf(isString),
      urls: arrayOf(isString),
    }),
  ),
});

/**
 * The links the last build of an output folder resolved, page by page: a page
 * whose tree and whose site (every page's address and ids, the content
 * folder's files, the severities) are as they were gets the same messages and
 * assets without its tree being parsed, and its links are rewritten only if
 * the tree is (see `PageTree`). A record that is not valid is ignored.
 */
export class LinkOutcomes {
  private readonly kept: Map<string, LinkOutcome>;
  private readonly made = new Map<string, LinkOutcome>();
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly linkKey: string,
    kept: readonly KeptOutcome[],
  ) {
    this.kept = new Map(kept.map(({ key, ...outcome }) => [key, outcome]));
  }

  /** The record for `outDir` in `cacheDir`, for a site whose links resolve against what `linkKey` keys. */
  static async open(cacheDir: string, outDir: string, linkKey: string): Promise<LinkOutcomes> {
    const file = outputEntryFile(cacheDir, outDir, "links");
    const record = decodeEntry(readEntryFile(file), isLinksRecord, recordKey);
    return new LinkOutcomes(file, linkKey, record?.outcomes ?? []);
  }

  private key(treeKey: string): string {
    return hash(treeKey, this.linkKey);
  }

  /** The outcome for the page whose tree has `treeKey`, when it was resolved against this site. */
  get(treeKey: string): LinkOutcome | undefined {
    const key = this.key(treeKey);
    const outcome = this.kept.get(key);
    if (outcome) this.made.set(key, outcome);
    return outcome;
  }

  set(treeKey: string, outcome: LinkOutcome): void {
    this.made.set(this.key(treeKey), outcome);
    this.changed = true;
  }

  /** Keep this build's outcomes (only theirs), if any is new; a failed write is the reason returned. */
  async save(cacheDir: string): Promise<string | undefined> {
    if (!this.changed) return undefined;
    const record: LinksRecord = {
      format: linksFormat,
      key: recordKey,
      outcomes: [...this.made].map(([key, outcome]) => ({ key, ...outcome })),
    };
    try {
      await mkdir(cacheDir, { recursive: true });
      await writeEntryFile(this.file, JSON.stringify(record));
      return undefined;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code ?? String(error);
    }
  }
}
