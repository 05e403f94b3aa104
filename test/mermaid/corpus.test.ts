import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fromHtml } from "hast-util-from-html";
import { toHtml } from "hast-util-to-html";
import { type ConfigData, HtmlValidate } from "html-validate";
import { visit } from "unist-util-visit";
import { reporter } from "vfile-reporter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import {
  createMermaidRenderer,
  parseSvg,
  type RenderReport,
  sanitizeSvg,
} from "../../src/mermaid/index.js";
import { diagramVariants } from "../../src/theme/diagram-colours.js";
import {
  type MermaidCorpusEntry,
  mermaidCorpus,
  mermaidSource,
} from "../helpers/mermaid-corpus.js";
import { repoRoot, temporaryFolder } from "../helpers.js";
import { htmlFiles } from "../site/demo.js";

const parsedBy11_14 = mermaidCorpus.filter((entry) => entry.parse_mermaid_11_14_0 === "ok");
// Rejected by 11.14 but accepted by 12.3 (datastore shape, class namespaces,
// eventmodeling): 11.17 already accepts them.
const newerSyntax = mermaidCorpus.filter(
  (entry) => entry.parse_mermaid_11_14_0 !== "ok" && entry.parse_mermaid_12_3_0 === "ok",
);
// Rejected by both: syntax templates, and zenuml, an external diagram we do not register.
const invalid = mermaidCorpus.filter(
  (entry) => entry.parse_mermaid_11_14_0 !== "ok" && entry.parse_mermaid_12_3_0 !== "ok",
);

let cleanup: () => Promise<void>;
let report: RenderReport;
/** A project whose cache holds every corpus diagram (the build's default cache folder). */
let project: string;

beforeAll(async () => {
  const folder = await temporaryFolder("designpress-corpus-site-");
  cleanup = folder.cleanup;
  project = folder.dir;
  // With the default theme's colours, as the build renders: the site below reads this cache.
  const renderer = createMermaidRenderer({
    root: project,
    requireBrowser: true,
    variants: diagramVariants,
  });
  try {
    report = await renderer.renderAll(
      mermaidCorpus.map((entry) => ({ source: mermaidSource(entry), file: entry.file, line: 1 })),
    );
  } finally {
    await renderer.close();
  }
});

afterAll(() => cleanup?.());

function expectRendered(entry: MermaidCorpusEntry) {
  const result = report.results.get(mermaidSource(entry));
  expect(result, entry.file).toMatchObject({ status: "rendered" });
  if (result?.status !== "rendered") return;
  for (const svg of [result.svg.light, result.svg.dark]) {
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
  }
  // Diagrams that choose their own theme (front matter, %%{init}%%) look the same in both.
  if (!/theme/.test(mermaidSource(entry))) expect(result.svg.dark).not.toBe(result.svg.light);
}

describe("diagrams mermaid 11.14 parses render to SVG, light and dark", () => {
  it.each(parsedBy11_14.map((entry) => [entry.file, entry] as const))("%s", (_file, entry) => {
    expectRendered(entry);
  });
});

describe("diagrams of newer syntax (rejected by 11.14, accepted by 12.3) render with 11.17", () => {
  it("covers the six the manifest lists", () => {
    expect(newerSyntax.map((entry) => entry.file).sort()).toEqual([
      "class-05.mmd",
      "class-07.mmd",
      "eventmodeling-01.mmd",
      "eventmodeling-02.mmd",
      "eventmodeling-03.mmd",
      "flowchart-07.mmd",
    ]);
  });
  it.each(newerSyntax.map((entry) => [entry.file, entry] as const))("%s", (_file, entry) => {
    expectRendered(entry);
  });
});

describe("invalid diagrams yield mermaid's error, naming the file", () => {
  it.each(invalid.map((entry) => [entry.file, entry] as const))("%s", (file, entry) => {
    const error = report.errors.find((candidate) => candidate.source === mermaidSource(entry));
    expect(error, `${file} should fail`).toBeDefined();
    expect(error?.requests.map((request) => request.file)).toEqual([file]);
    // The manifest flattens mermaid's message onto one line with " | ".
    const expected =
      entry.parse_mermaid_12_3_0
        .replace(/^error: /, "")
        .split(" | ")[0]
        ?.trim() ?? "";
    expect(error?.message.replace(/\s+/g, " ")).toContain(expected.replace(/\s+/g, " "));
  });
});

it("reports no other error", () => {
  expect(report.errors).toHaveLength(invalid.length);
  expect(report.warnings).toEqual([]);
});

describe("the sanitizer keeps everything mermaid draws (styles, markers, ids, labels)", () => {
  const rendered = [...parsedBy11_14, ...newerSyntax];
  it.each(rendered.map((entry) => [entry.file, entry] as const))("%s", (_file, entry) => {
    const result = report.results.get(mermaidSource(entry));
    if (result?.status !== "rendered") throw new Error(`${entry.file} did not render`);
    for (const svg of [result.svg.light, result.svg.dark]) {
      expect(toHtml(sanitizeSvg(parseSvg(svg)))).toBe(toHtml(parseSvg(svg)));
    }
  });
});

/*
 * The site of the corpus: a writeup per diagram type holding all its diagrams
 * that render, built from the cache above. Every page passes html-validate
 * with the repository's `.htmlvalidate.json`, and no id appears twice on a page
 * (mermaid repeats ids within one SVG, and each diagram is drawn twice).
 * html-validate does not look inside `<svg>` (it reports no duplicate id
 * there), so the ids are checked here, on the page parsed as a browser does.
 */
describe("the site built from the corpus", () => {
  let outDir: string;
  let pages: string[];

  beforeAll(async () => {
    const byType = new Map<string, string[]>();
    for (const entry of [...parsedBy11_14, ...newerSyntax]) {
      const list = byType.get(entry.type) ?? [];
      list.push(`## ${entry.file}\n\n\`\`\`\`mermaid\n${mermaidSource(entry)}\n\`\`\`\``);
      byType.set(entry.type, list);
    }
    await mkdir(path.join(project, "content"), { recursive: true });
    for (const [type, diagrams] of byType) {
      await writeFile(
        path.join(project, "content", `${type.toLowerCase()}.md`),
        `# Mermaid corpus: ${type}\n\n${diagrams.join("\n\n")}\n`,
      );
    }
    const result = await build({ root: project, requireBrowser: true });
    if (!result.ok) throw new Error(`${reporter(result.files)}\n${result.error?.message ?? ""}`);
    expect(result.diagrams).toMatchObject({ rendered: 0, browserLaunched: false });
    outDir = result.outDir;
    pages = (await htmlFiles(outDir)).filter((file) => !file.endsWith("404.html"));
  });

  it("has a page per diagram type", () => {
    expect(pages.length).toBeGreaterThan(20);
  });

  it("has no duplicate id on any page", async () => {
    const duplicates: string[] = [];
    let ids = 0;
    for (const page of pages) {
      const seen = new Set<string>();
      visit(fromHtml(await readFile(page, "utf8")), "element", (element) => {
        const id = element.properties.id;
        if (typeof id !== "string") return;
        ids += 1;
        if (seen.has(id)) duplicates.push(`${path.relative(outDir, page)}: ${id}`);
        seen.add(id);
      });
    }
    expect(ids).toBeGreaterThan(3000);
    expect(duplicates).toEqual([]);
  });

  it("passes html-validate", async () => {
    const config = JSON.parse(
      await readFile(path.join(repoRoot, ".htmlvalidate.json"), "utf8"),
    ) as ConfigData;
    const validator = new HtmlValidate({ ...config, root: true });
    const problems: string[] = [];
    for (const page of pages) {
      const result = await validator.validateString(await readFile(page, "utf8"), page);
      for (const file of result.results) {
        for (const message of file.messages) {
          problems.push(
            `${path.relative(outDir, page)}:${message.line}:${message.column} ${message.message} (${message.ruleId})`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
