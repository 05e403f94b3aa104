import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const sourceRoot = path.join(repoRoot, "src");

/** Every module of `src/` (tests aside), relative to it. */
function modules(folder = sourceRoot): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return modules(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** The top folder of `src/` a module sits in (`index` for `src/index.ts`). */
function folderOf(file: string): string {
  return path.relative(sourceRoot, file).split(path.sep)[0]?.replace(/\.ts$/, "") ?? "";
}

/**
 * The folders each folder imports from, with one import that shows it. Type-only
 * imports count: a type is part of the contract between two folders too.
 * TypeScript's own pre-processor finds every specifier (static, type-only,
 * dynamic, re-exports).
 */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of modules()) {
    const from = folderOf(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const to = folderOf(path.resolve(path.dirname(file), fileName));
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${path.relative(repoRoot, file)} → ${fileName}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** The cycles of a graph, one per strongly connected component (Tarjan). */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    for (const target of graph.get(node)?.keys() ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (stack.includes(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member !== undefined) component.push(member);
    } while (member !== node && member !== undefined);
    if (component.length > 1) components.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}

describe("the folders of src/", () => {
  const graph = folderGraph();

  it("import one another in one direction: no folder-level cycle", () => {
    const found = cycles(graph).map((component) =>
      component.flatMap((from) =>
        [...(graph.get(from) ?? [])]
          .filter(([to]) => component.includes(to))
          .map(([to, example]) => `${from} → ${to} (${example})`),
      ),
    );
    expect(found).toEqual([]);
  });

  it("keep core/ at the bottom: it imports no other folder", () => {
    expect([...(graph.get("core")?.keys() ?? [])]).toEqual([]);
  });

  it("finds the imports it checks (a graph it could get wrong would pass)", () => {
    expect(graph.get("build")?.has("core")).toBe(true);
    expect(graph.get("cli")?.has("build")).toBe(true);
    expect(
      cycles(
        new Map([
          ["a", new Map([["b", ""]])],
          ["b", new Map([["a", ""]])],
        ]),
      ),
    ).toEqual([["a", "b"]]);
  });
});
