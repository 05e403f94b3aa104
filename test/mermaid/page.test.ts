// A page with several diagrams through the whole chain, in real Chromium:
// remark-parse → remark-rehype → collectMermaid → renderer → rehypeMermaidInline → HTML.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { toHtml } from "hast-util-to-html";
import rehypeStringify from "rehype-stringify";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { VFile } from "vfile";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collectMermaid,
  createMermaidRenderer,
  type MermaidRendererOptions,
  type RenderReport,
  rehypeMermaidInline,
} from "../../src/mermaid/index.js";
import { parseSvg, renumberIds } from "../../src/mermaid/svg.js";
import { corpusDir } from "../helpers.js";

const corpus = path.join(corpusDir, "mermaid");
const fence = (source: string) => `\`\`\`mermaid\n${source.trimEnd()}\n\`\`\``;

const invalidDiagram = "flowchart TD\n  A --> B\n  B -- C";
const page = async () =>
  [
    "# Chat service",
    "## Step 1: Requirements",
    fence(await readFile(path.join(corpus, "flowchart-01.mmd"), "utf8")),
    "## Step 5: High-level design",
    fence(await readFile(path.join(corpus, "sequence-01.mmd"), "utf8")),
    fence(await readFile(path.join(corpus, "state-09.mmd"), "utf8")), // has accTitle/accDescr
    fence(await readFile(path.join(corpus, "class-02.mmd"), "utf8")),
    "The same flowchart again, rendered once:",
    fence(await readFile(path.join(corpus, "flowchart-01.mmd"), "utf8")),
  ].join("\n\n");

const toHast = unified().use(remarkParse).use(remarkRehype);

/** Build one page the way the lead's stages do; returns the HTML, the file and the renderer's view. */
async function build(markdown: string, options: MermaidRendererOptions) {
  const file = new VFile({ path: "writeups/chat.md", value: markdown });
  const tree = await toHast.run(toHast.parse(file), file);
  const requests = collectMermaid(tree).map((block) => ({
    source: block.source,
    file: file.path,
    line: block.position?.start.line,
  }));
  const renderer = createMermaidRenderer(options);
  let report: RenderReport;
  try {
    report = await renderer.renderAll(requests);
  } finally {
    await renderer.close();
  }
  const finished = await unified()
    .use(rehypeMermaidInline, { diagrams: report.results })
    .use(rehypeStringify)
    .run(tree, file);
  const html = unified().use(rehypeStringify).stringify(finished, file);
  return { html, file, report, stats: { ...renderer.stats }, requests };
}

const temporaryDirs: string[] = [];
async function temporaryDir() {
  const dir = await mkdtemp(path.join(tmpdir(), "designpress-mermaid-page-"));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("a page with several diagrams", () => {
  let cacheDir: string;
  let first: Awaited<ReturnType<typeof build>>;
  let second: Awaited<ReturnType<typeof build>>;

  beforeAll(async () => {
    cacheDir = await temporaryDir();
    first = await build(await page(), { cacheDir, requireBrowser: true });
    second = await build(await page(), { cacheDir, requireBrowser: true });
  });

  it("finds the fences with their lines", async () => {
    const fenceLines = (await page())
      .split("\n")
      .flatMap((line, index) => (line === "```mermaid" ? [index + 1] : []));
    expect(fenceLines).toHaveLength(5);
    expect(first.requests.map((request) => request.line)).toEqual(fenceLines);
  });

  it("renders each distinct diagram once and caches it", () => {
    expect(first.stats).toMatchObject({ rendered: 4, cached: 0, failed: 0, browserLaunched: true });
  });

  it("replaces every block with a figure holding a light and a dark SVG", () => {
    expect(first.html.match(/<figure class="diagram">/g)).toHaveLength(5);
    expect(first.html.match(/class="[^"]*diagram-light"/g)).toHaveLength(5);
    expect(first.html.match(/class="[^"]*diagram-dark"/g)).toHaveLength(5);
    expect(first.html).not.toContain("language-mermaid");
  });

  it("gives ids that are unique across the page", () => {
    const ids = [...first.html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("points every reference at the renamed id", () => {
    const ids = new Set([...first.html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]));
    const references = [
      ...first.html.matchAll(/url\(#([^)]+)\)/g),
      ...first.html.matchAll(/href="#([^"]+)"/g),
      ...first.html.matchAll(/aria-(?:labelledby|describedby)="([^"]+)"/g),
    ].flatMap((match) => (match[1] ?? "").split(" "));
    // mermaid's styles also name a gradient only the dark theme defines
    // (url(#mermaid-gradient)); a reference to no element stays as it was.
    const renamed = references.filter((reference) => reference.startsWith("diagram-"));
    expect(renamed.length).toBeGreaterThan(20);
    for (const reference of renamed) expect(ids.has(reference), reference).toBe(true);
    expect(
      references.filter((reference) => !reference.startsWith("diagram-") && ids.has(reference)),
    ).toEqual([]);
    expect(first.html).toContain("#diagram-2-dark .");
    expect(first.html).not.toMatch(/#mermaid[ {.,]/);
  });

  it("names each diagram: its accTitle, else its number and heading", () => {
    expect(first.html).toContain('aria-label="Diagram 1: Step 1: Requirements"');
    expect(first.html).toContain('aria-label="Diagram 2: Step 5: High-level design"');
    expect(first.html).toMatch(/aria-labelledby="diagram-3-light-\d+"/);
    expect(first.html).toMatch(
      /<title id="diagram-3-light-\d+">This is the accessible title<\/title>/,
    );
    expect(first.html).toMatch(/aria-describedby="diagram-3-light-\d+"/);
  });

  it("holds no script and no event handler", () => {
    expect(first.html).not.toMatch(/<script/i);
    expect(first.html).not.toMatch(/\son[a-z]+=/i);
  });

  it("is byte-identical when built again, and the second build starts no browser", () => {
    expect(second.html).toBe(first.html);
    expect(second.stats).toMatchObject({ rendered: 0, cached: 4, browserLaunched: false });
  });

  it("is byte-identical when built cold with another cache and one page", async () => {
    const cold = await build(await page(), {
      cacheDir: await temporaryDir(),
      requireBrowser: true,
      pages: 1,
    });
    expect(cold.html).toBe(first.html);
  });

  it("ignores a corrupt cache entry and renders the diagram again", async () => {
    const corruptDir = await temporaryDir();
    await build(await page(), { cacheDir: corruptDir, requireBrowser: true });
    const buckets = await readdir(corruptDir);
    const bucket = buckets.sort()[0] ?? "";
    const [entry = ""] = await readdir(path.join(corruptDir, bucket));
    const entryFile = path.join(corruptDir, bucket, entry);
    const original = await readFile(entryFile, "utf8");
    await writeFile(entryFile, original.slice(0, original.length / 2));
    const rebuilt = await build(await page(), { cacheDir: corruptDir, requireBrowser: true });
    expect(rebuilt.stats).toMatchObject({ rendered: 1, cached: 3, browserLaunched: true });
    expect(rebuilt.html).toBe(first.html);
    // mermaid's id counters carry over between the diagrams a page renders, so
    // the stored SVG may differ in its ids; the page renumbers them.
    const normalized = (entry: string) => {
      const { svg, ...rest } = JSON.parse(entry) as { svg: Record<string, string> };
      const drawings = Object.entries(svg).map(([variant, drawing]) => {
        const element = parseSvg(drawing);
        renumberIds(element, variant);
        return toHtml(element);
      });
      return { ...rest, drawings };
    };
    expect(normalized(await readFile(entryFile, "utf8"))).toEqual(normalized(original));
    expect(
      (await readdir(path.join(corruptDir, bucket))).filter((name) => name.endsWith(".tmp")),
    ).toEqual([]);
  });
});

describe("an invalid diagram", () => {
  it("is reported with mermaid's message at the fence, and the others still render", async () => {
    const markdown = `# Broken\n\n${fence("sequenceDiagram\n  Alice->>Bob: Hi")}\n\n${fence(invalidDiagram)}\n`;
    const { html, file, report } = await build(markdown, {
      cacheDir: await temporaryDir(),
      requireBrowser: true,
    });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]?.message).toMatch(/^Parse error on line \d+:/);
    expect(report.errors[0]?.requests).toEqual([
      { source: invalidDiagram, file: "writeups/chat.md", line: 8 },
    ]);
    expect(file.messages).toHaveLength(1);
    const [message] = file.messages;
    expect(message?.fatal).toBe(true);
    expect(message?.ruleId).toBe("mermaid/render");
    expect(message?.line).toBe(8);
    expect(message?.reason).toMatch(/mermaid reports: Parse error on line \d+:/);
    expect(html.match(/<figure class="diagram">/g)).toHaveLength(1);
    expect(html).toContain('<code class="language-mermaid">');
  });
});

describe("a diagram that runs past the timeout", () => {
  it("is stopped with a timeout error while the next diagram renders", async () => {
    // A mind map of 600 nodes takes seconds to lay out (cytoscape's force
    // layout, per variant); a pie takes milliseconds.
    const branches = Array.from(
      { length: 60 },
      (_, branch) =>
        `    a${branch}\n${Array.from({ length: 10 }, (_, leaf) => `      b${branch}x${leaf}`).join("\n")}`,
    );
    const huge = `mindmap\n  root\n${branches.join("\n")}`;
    const renderer = createMermaidRenderer({
      cacheDir: await temporaryDir(),
      requireBrowser: true,
      timeoutMs: 1000,
      pages: 1,
    });
    try {
      const small = 'pie\n  "a": 1';
      const { results } = await renderer.renderAll([{ source: huge }, { source: small }]);
      const stopped = results.get(huge);
      expect(stopped).toMatchObject({ status: "failed" });
      expect(stopped).toMatchObject({ kind: "timeout", fromCache: false });
      expect(stopped?.status === "failed" ? stopped.message : "").toBe(
        "Expected the diagram to render within 1000 ms, but it took longer and was stopped; simplify the diagram, or raise `mermaid.timeout` in the site config",
      );
      expect(results.get(small)).toMatchObject({ status: "rendered" });
    } finally {
      await renderer.close();
    }
  });
});

describe("without a browser", () => {
  const markdown = `# Offline\n\n${fence("flowchart LR\n  A --> B")}\n`;
  const noBrowser = { executablePath: "/nonexistent/chromium" };

  it("keeps the source for the client, marks the page, and warns once", async () => {
    const cacheDir = await temporaryDir();
    const { html, file, report } = await build(markdown, { ...noBrowser, cacheDir });
    expect(html).toContain('<pre class="mermaid">flowchart LR\n  A --> B</pre>');
    expect(file.data.mermaidClient).toBe(true);
    expect(file.messages).toEqual([]);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(/rendered in the reader's browser instead/);

    const renderer = createMermaidRenderer({ ...noBrowser, cacheDir });
    const again = async () => (await renderer.renderAll([{ source: 'pie\n  "a": 1' }])).warnings;
    expect(await again()).toHaveLength(1);
    expect(await again()).toEqual([]);
    expect(renderer.stats.browserLaunched).toBe(false);
    await renderer.close();
  });

  it("is an error with requireBrowser", async () => {
    const renderer = createMermaidRenderer({
      ...noBrowser,
      cacheDir: await temporaryDir(),
      requireBrowser: true,
    });
    await expect(renderer.renderAll([{ source: "flowchart LR\n  A --> B" }])).rejects.toThrow(
      /Expected to start the browser/,
    );
    await renderer.close();
  });
});
