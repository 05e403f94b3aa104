import { spawn } from "node:child_process";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Code, Root } from "mdast";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registryEnv, startLockfileRegistry } from "./helpers/lockfile-registry.js";
import { repoRoot, temporaryFolder } from "./helpers.js";

// The package as a user's project meets it: `npm pack` (of `lib/`, which `npm test`
// compiles first), installed into a fresh folder from a registry on 127.0.0.1 that
// serves only this repository's lockfile (nothing from the network), then the
// README's own code blocks compiled with `tsc` and run there. The list of exports
// comes from those blocks, so the README and the package cannot drift apart.

type Kind = "function" | "class" | "value";

/** What each documented export is; the README's code blocks must name exactly these. */
const documentedKinds: Record<string, Kind> = {
  build: "function",
  BuildError: "class",
  createBuildCache: "function",
  loadConfig: "function",
  ConfigError: "class",
  createPageProcessor: "function",
  parseFrontMatter: "function",
  FrontMatterError: "class",
  remarkNineSteps: "function",
  checkFile: "function",
  ruleList: "value",
  remarkEstimates: "function",
  remarkLeftoverDirectives: "function",
  rehypeResolveLinks: "function",
  rehypeToc: "function",
  renderToc: "function",
  steps: "value",
  stepById: "value",
  createStepMatcher: "function",
  outlineSteps: "function",
  normaliseHeading: "function",
  stripStepLabel: "function",
  stepLabelNumber: "function",
  BrowserUnavailableError: "class",
  collectMermaid: "function",
  copyMermaidClient: "function",
  createMermaidRenderer: "function",
  inlineMermaidBlocks: "function",
  mermaidClientScripts: "function",
  parseSvg: "function",
  rehypeMermaidInline: "function",
  sanitizeSvg: "function",
  svgSchema: "value",
  defineConfig: "function",
  defineRule: "function",
};

interface Block {
  lang: string;
  value: string;
  line: number;
}

const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
const blocks: Block[] = [];
visit(unified().use(remarkParse).parse(readme) as Root, "code", (node: Code) => {
  if (node.lang === "js" || node.lang === "ts") {
    blocks.push({ lang: node.lang, value: node.value, line: node.position?.start.line ?? 0 });
  }
});
/** Each `import … from "…";` of a block: where from, and the names (comments dropped). */
const imports = (block: Block) =>
  [...block.value.matchAll(/^import\s+(?:(\w+)\s+from|\{([\s\S]*?)\}\s*from)\s*"([^"]+)";/gm)].map(
    ([, only, names, from]) => ({
      from: from ?? "",
      names: only
        ? [only]
        : (names ?? "")
            .replace(/\/\/.*$/gm, "")
            .split(",")
            .map((name) => name.trim())
            .filter((name) => name !== ""),
    }),
  );
const apiBlocks = blocks.filter((block) =>
  imports(block).some(({ from }) => from === "designpress"),
);
/** The values the README imports from the package (types are erased at run time). */
const documentedValues = [
  ...new Set(
    apiBlocks.flatMap((block) =>
      imports(block)
        .filter(({ from }) => from === "designpress")
        .flatMap(({ names }) => names.filter((name) => !name.startsWith("type "))),
    ),
  ),
].sort();
/** Packages the README's blocks import besides designpress: the consumer installs them too. */
const otherPackages = [
  ...new Set(
    apiBlocks.flatMap((block) =>
      imports(block)
        .map(({ from }) => from)
        .filter((from) => from !== "designpress" && !from.startsWith("node:")),
    ),
  ),
].sort();
const estimatesBlock = apiBlocks.find((block) => block.value.includes(".use(remarkEstimates)"));
const remarkrcBlock = apiBlocks.find((block) => block.value.startsWith("// .remarkrc.mjs"));

let dir: string;
let consumer: string;
let cleanup: () => Promise<void>;
let closeRegistry: () => Promise<void>;
let env: NodeJS.ProcessEnv;

/**
 * A command's exit status and output. Not spawnSync: the registry npm talks to
 * answers from this process, which must not be blocked meanwhile.
 */
function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

async function runOk(command: string, args: string[], cwd = consumer): Promise<string> {
  const result = await run(command, args, cwd);
  expect(result.status, `${command} ${args.join(" ")}\n${result.stdout}${result.stderr}`).toBe(0);
  return result.stdout;
}

const lockedVersion = (lock: { packages: Record<string, { version?: string }> }, name: string) => {
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json: add it as a devDependency`);
  return version;
};

beforeAll(async () => {
  ({ dir, cleanup } = await temporaryFolder("designpress-package-api-"));
  const registry = await startLockfileRegistry(path.join(repoRoot, "package-lock.json"));
  closeRegistry = registry.close;
  env = {
    ...process.env,
    ...registryEnv(registry.url, path.join(dir, "npm-cache")),
    PUPPETEER_SKIP_DOWNLOAD: "1",
    NO_COLOR: "1",
  };
  // `--ignore-scripts`: `prepare` would compile into the `lib/` other tests read.
  await runOk("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], repoRoot);
  const tarball = (await readdir(dir)).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack wrote no tarball");

  consumer = path.join(dir, "consumer");
  await mkdir(path.join(consumer, "content"), { recursive: true });
  const lock = JSON.parse(await readFile(path.join(repoRoot, "package-lock.json"), "utf8"));
  const dependencies: Record<string, string> = { designpress: `file:../${tarball}` };
  // vfile and @types/node for the test's own driver and for tsc.
  for (const name of [...otherPackages, "vfile", "@types/node"]) {
    dependencies[name] = lockedVersion(lock, name);
  }
  await writeFile(
    path.join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module", dependencies }),
  );
  await runOk("npm", ["install", "--no-audit", "--no-fund"]);
}, 600_000);

afterAll(async () => {
  await closeRegistry?.();
  await cleanup?.();
});

describe("the README's code blocks", () => {
  it("import designpress by its package name, never from a path inside it", () => {
    const fromPaths = blocks.flatMap((block) =>
      imports(block)
        .filter(({ from }) => from.startsWith(".") || from.startsWith("designpress/"))
        .map(({ from }) => `README.md:${block.line}: ${from}`),
    );
    expect(fromPaths).toEqual([]);
    expect(estimatesBlock, "the remarkEstimates example").toBeDefined();
    expect(remarkrcBlock, "the remarkNineSteps example").toBeDefined();
  });

  it("name every value the test knows the kind of, and no other", () => {
    expect(documentedValues).toEqual(Object.keys(documentedKinds).sort());
  });
});

describe("the packed package, installed in a consumer project", () => {
  it("exports exactly what the README documents, each of the documented kind", async () => {
    await writeFile(
      path.join(consumer, "kinds.mjs"),
      `import * as api from "designpress";
const kindOf = (value) =>
  typeof value === "function"
    ? /^class\\b/.test(Function.prototype.toString.call(value)) ? "class" : "function"
    : value === undefined ? "undefined" : "value";
console.log(JSON.stringify(Object.fromEntries(Object.entries(api).map(([name, value]) => [name, kindOf(value)]))));
`,
    );
    const kinds = JSON.parse(await runOk("node", ["kinds.mjs"]));
    expect(kinds).toEqual(documentedKinds);
  });

  it("type-checks every README code block that imports it (strict tsc)", async () => {
    const files = apiBlocks.map(
      (block) => `readme-${block.line}.${block.lang === "ts" ? "ts" : "mjs"}`,
    );
    for (const [index, block] of apiBlocks.entries()) {
      await writeFile(path.join(consumer, files[index] ?? ""), block.value);
    }
    await writeFile(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          target: "es2022",
          strict: true,
          noEmit: true,
          allowJs: true,
          checkJs: true,
          types: ["node"],
        },
        files,
      }),
    );
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const result = await run("node", [tsc, "-p", "tsconfig.json"], consumer);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("renders a writeup's estimates with the README's plain unified pipeline (remarkEstimates)", async () => {
    await copyFile(
      path.join(repoRoot, "test", "capacity", "fixtures", "url-shortener", "input.md"),
      path.join(consumer, "content", "url-shortener.md"),
    );
    await writeFile(path.join(consumer, "estimates.mjs"), estimatesBlock?.value ?? "");
    const result = await run("node", ["estimates.mjs"], consumer);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const html = result.stdout;
    expect(html).toMatch(
      /<h2>Capacity Estimation<\/h2>\n<div class="estimates"><table class="estimates-table">/,
    );
    expect(html).toContain(
      '<td class="estimates-figure" data-label="Figure">193 /s</td><td class="estimates-derivation" data-label="Derivation">500M/month ÷ 2,592,000 s = 193 /s</td>',
    );
    expect(html).toContain("30.4B objects × 500 B = 15.2 TB");
    expect(html).toContain("0.2 (cache ratio) × 1.67B reads/day × 500 B = 167 GB");
    // remark-frontmatter kept the YAML off the page.
    expect(html).not.toContain("summary: The classic URL shortener estimates.");
  });

  it("reports a missing step with the README's remarkNineSteps config (.remarkrc.mjs)", async () => {
    await writeFile(path.join(consumer, ".remarkrc.mjs"), remarkrcBlock?.value ?? "");
    await copyFile(
      path.join(repoRoot, "test", "structure", "fixtures", "missing-step", "invalid.md"),
      path.join(consumer, "content", "missing-step.md"),
    );
    // What remark-cli does with the config: its plugins on a parsed file.
    await writeFile(
      path.join(consumer, "nine-steps.mjs"),
      `import { readFile } from "node:fs/promises";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { VFile } from "vfile";
import config from "./.remarkrc.mjs";

const processor = unified().use(remarkParse).use(config.plugins);
const file = new VFile({ path: "content/missing-step.md", value: await readFile("content/missing-step.md", "utf8") });
await processor.run(processor.parse(file), file);
console.log(JSON.stringify({
  messages: file.messages.map((m) => \`\${m.line}:\${m.column} \${m.fatal ? "error" : "warning"} \${m.ruleId} \${m.reason}\`),
  steps: file.data.steps.map((step) => \`\${step.number} \${step.present}\`),
}));
`,
    );
    const { messages, steps } = JSON.parse(await runOk("node", ["nine-steps.mjs"]));
    expect(messages).toEqual(
      (
        await readFile(
          path.join(
            repoRoot,
            "test",
            "structure",
            "fixtures",
            "missing-step",
            "invalid.expected.txt",
          ),
          "utf8",
        )
      )
        .trim()
        .split("\n")
        .map((line) => line.replace(/^(\S+ \S+) /, "$1 nine-steps/missing-step ")),
    );
    expect(steps).toEqual([
      "1 true",
      "2 true",
      "3 false",
      "4 true",
      "5 true",
      "6 true",
      "7 true",
      "8 true",
      "9 false",
    ]);
  });
});
