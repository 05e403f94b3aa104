import { type Alias, type Document, isAlias, isMap, isPair, isSeq, type Node, visit } from "yaml";

/** How many values the aliases of one front matter may add when expanded. */
export const maxAliasExpansion = 10_000;

export interface AliasProblem {
  alias: Alias;
  kind: "expansion" | "cycle";
}

/**
 * Bound what YAML aliases expand to before anything reads the data: a
 * "billion laughs" front matter (`&a [x, x…]`, `&b [*a, *a…]`, …) is a few
 * hundred bytes that expand to billions of values, and an alias inside its own
 * anchor (`&a [*a]`) makes a cycle that no walk of the data ends.
 *
 * Walks the document once in order (as YAML resolves an alias to the last
 * anchor of its name before it) and returns the first alias at which the values
 * added by aliases pass {@link maxAliasExpansion}, or that refers to a node
 * holding it.
 */
export function findAliasProblem(document: Document.Parsed): AliasProblem | undefined {
  const aliases: { alias: Alias; target: Node }[] = [];
  const anchors = new Map<string, Node>();
  visit(document, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) aliases.push({ alias: node, target });
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  if (aliases.length === 0) return undefined;

  const targets = new Map(aliases.map(({ alias, target }) => [alias, target]));
  const sizes = new Map<Node, number>();
  const inProgress = new Set<Node>();
  const expanding: Alias[] = [];
  let cycle: Alias | undefined;
  // Values `node` stands for once every alias in it is expanded (capped, so that
  // the sums of a bomb stay exact enough to compare).
  const sizeOf = (node: unknown): number => {
    if (isPair(node)) return sizeOf(node.key) + sizeOf(node.value);
    if (!node || typeof node !== "object") return 1;
    const yamlNode = node as Node;
    const known = sizes.get(yamlNode);
    if (known !== undefined) return known;
    if (inProgress.has(yamlNode)) {
      // Back at a node being expanded: the innermost alias refers to its own ancestor.
      cycle ??= expanding.at(-1);
      return 1;
    }
    inProgress.add(yamlNode);
    let size = 1;
    if (isAlias(yamlNode)) {
      const target = targets.get(yamlNode);
      expanding.push(yamlNode);
      size = target ? sizeOf(target) : 1;
      expanding.pop();
    } else if (isMap(yamlNode) || isSeq(yamlNode)) {
      for (const item of yamlNode.items) size += sizeOf(item);
    }
    size = Math.min(size, Number.MAX_SAFE_INTEGER);
    inProgress.delete(yamlNode);
    sizes.set(yamlNode, size);
    return size;
  };

  let added = 0;
  for (const { alias } of aliases) {
    added += sizeOf(alias);
    if (cycle) return { alias: cycle, kind: "cycle" };
    if (added > maxAliasExpansion) return { alias, kind: "expansion" };
  }
  return undefined;
}
