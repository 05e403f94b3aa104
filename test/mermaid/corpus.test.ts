// Every diagram of the corpus through the real renderer in real Chromium.
// mermaid here is 11.17.2; the manifest records what 11.14.0 and 12.3.0 parse.
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMermaidRenderer, type RenderReport } from "../../src/mermaid/index.js";
import { corpusDir } from "../helpers.js";

interface ManifestEntry {
  file: string;
  type: string;
  parse_mermaid_11_14_0: string;
  parse_mermaid_12_3_0: string;
  deliberately_invalid: boolean | null;
}

const corpus = path.join(corpusDir, "mermaid");
const manifest = JSON.parse(
  readFileSync(path.join(corpus, "manifest.json"), "utf8"),
) as ManifestEntry[];
const sourceOf = (entry: ManifestEntry) => readFileSync(path.join(corpus, entry.file), "utf8");

const parsedBy11_14 = manifest.filter((entry) => entry.parse_mermaid_11_14_0 === "ok");
// Rejected by 11.14 but accepted by 12.3 (datastore shape, class namespaces,
// eventmodeling): 11.17 already accepts them.
const newerSyntax = manifest.filter(
  (entry) => entry.parse_mermaid_11_14_0 !== "ok" && entry.parse_mermaid_12_3_0 === "ok",
);
// Rejected by both: syntax templates, and zenuml, an external diagram we do not register.
const invalid = manifest.filter(
  (entry) => entry.parse_mermaid_11_14_0 !== "ok" && entry.parse_mermaid_12_3_0 !== "ok",
);

let cleanup: () => Promise<void>;
let report: RenderReport;

beforeAll(async () => {
  const cacheDir = await mkdtemp(path.join(tmpdir(), "designpress-mermaid-corpus-"));
  cleanup = () => rm(cacheDir, { recursive: true, force: true });
  const renderer = createMermaidRenderer({ cacheDir, requireBrowser: true });
  try {
    report = await renderer.renderAll(
      manifest.map((entry) => ({ source: sourceOf(entry), file: entry.file, line: 1 })),
    );
  } finally {
    await renderer.close();
  }
});

afterAll(() => cleanup?.());

function expectRendered(entry: ManifestEntry) {
  const result = report.results.get(sourceOf(entry));
  expect(result, entry.file).toMatchObject({ status: "rendered" });
  if (result?.status !== "rendered") return;
  for (const svg of [result.svg.light, result.svg.dark]) {
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
  }
  // Diagrams that choose their own theme (front matter, %%{init}%%) look the same in both.
  if (!/theme/.test(sourceOf(entry))) expect(result.svg.dark).not.toBe(result.svg.light);
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
    const error = report.errors.find((candidate) => candidate.source === sourceOf(entry));
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
