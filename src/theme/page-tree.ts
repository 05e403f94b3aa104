import type { Root } from "hast";
import type { PageModel } from "./model.js";

/**
 * A page's content tree, parsed only when a stage asks for it. A page taken
 * from the build cache whose `index.html` the last build left as this one
 * would render it is written from that file: its tree, nine tenths of its
 * cache entry, need never be parsed (a rebuild of 1,000 pages after one edit
 * parsed 999 trees it did not use).
 */
export class PageTree {
  private current: Root | undefined;
  private load: (() => Root) | undefined;
  /** What stages did to the tree before it was parsed, done to it once it is. */
  private readonly pending: ((tree: Root) => void)[] = [];

  private constructor(tree: Root | undefined, load: (() => Root) | undefined) {
    this.current = tree;
    this.load = load;
  }

  /** A tree at hand. */
  static of(tree: Root): PageTree {
    return new PageTree(tree, undefined);
  }

  /** A tree `load` parses when it is first asked for. */
  static later(load: () => Root): PageTree {
    return new PageTree(undefined, load);
  }

  /** The tree, parsed now if it was not, with every change asked for made. */
  get tree(): Root {
    if (this.current === undefined) {
      const tree = (this.load as () => Root)();
      this.load = undefined;
      for (const change of this.pending.splice(0)) change(tree);
      this.current = tree;
    }
    return this.current;
  }

  /** The tree when it was parsed (or made), else `undefined`: a stage that only reads what others added. */
  get parsed(): Root | undefined {
    return this.current;
  }

  /** Make `change` to the tree: now if it is parsed, else as soon as it is. */
  change(change: (tree: Root) => void): void {
    if (this.current === undefined) this.pending.push(change);
    else change(this.current);
  }
}

/** The page models whose content is a {@link PageTree}'s. */
const modelTrees = new WeakMap<PageModel, PageTree>();

/** `page` with its `content` read from `tree` (parsed on first read). */
export function withContent(page: Omit<PageModel, "content">, tree: PageTree): PageModel {
  const model = Object.defineProperty(page, "content", {
    get: () => tree.tree,
    enumerable: true,
  }) as PageModel;
  modelTrees.set(model, tree);
  return model;
}

/**
 * A page's content when it is parsed, else `undefined`: for what only reads
 * what a stage added to it (a tree left unparsed has had nothing added).
 */
export function parsedContent(page: PageModel): Root | undefined {
  const tree = modelTrees.get(page);
  return tree ? tree.parsed : page.content;
}

/** Trees by their page, as a map of the trees themselves: each parsed when it is read. */
export class TreeMap<Key> implements ReadonlyMap<Key, Root> {
  constructor(private readonly trees: ReadonlyMap<Key, PageTree>) {}

  get size(): number {
    return this.trees.size;
  }

  get(key: Key): Root | undefined {
    return this.trees.get(key)?.tree;
  }

  has(key: Key): boolean {
    return this.trees.has(key);
  }

  keys(): MapIterator<Key> {
    return this.trees.keys();
  }

  *values(): MapIterator<Root> {
    for (const page of this.trees.values()) yield page.tree;
  }

  *entries(): MapIterator<[Key, Root]> {
    for (const [key, page] of this.trees) yield [key, page.tree];
  }

  [Symbol.iterator](): MapIterator<[Key, Root]> {
    return this.entries();
  }

  forEach(callback: (value: Root, key: Key, map: ReadonlyMap<Key, Root>) => void): void {
    for (const [key, tree] of this.entries()) callback(tree, key, this);
  }
}
