/**
 * `designpress check` against markdownlint-cli2 (MD043 only: the nine canonical
 * headings) on the same 1,000 generated writeups, wall time including process start.
 *
 *   node --import tsx bench/check.ts [--files N] [--bin path/to/bin/designpress.js]
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { steps } from "../src/method/index.js";

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface CheckBenchResult {
  files: number;
  words: number;
  /** How designpress was started (`bin/designpress.js`, or from source with tsx). */
  designpressCommand: string;
  designpressMs: number;
  markdownlintMs: number;
  /** designpress time ÷ markdownlint time. */
  ratio: number;
}

// A small deterministic generator (a linear congruential sequence), so every run
// checks the same text.
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const words =
    "the service stores each request in a sharded table behind a cache so reads stay fast while writes go through a queue to workers that update indexes replicas and counters for every user region and day".split(
      " ",
    );
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const sentence = (length: number) => {
    const text = Array.from({ length }, () => pick(words)).join(" ");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  return { next, pick, sentence };
}

/** One nine-step writeup of about 1,500 words with headings, lists, tables and code. */
export function generateWriteup(index: number): string {
  const { sentence } = generator(index + 1);
  const paragraph = (sentences: number) =>
    Array.from({ length: sentences }, () => sentence(14)).join(" ");
  const parts = [`---\ntitle: "Generated design ${index}"\nsummary: ${sentence(8)}\n---\n`];
  for (const step of steps) {
    parts.push(`## ${step.canonical}\n`);
    parts.push(`${paragraph(4)}\n`);
    parts.push(
      `- **Users**: ${sentence(10)}\n- **Purpose**: ${sentence(10)} why it matters.\n- **Limits**: ${sentence(10)}\n`,
    );
    parts.push(`### Details\n\n${paragraph(3)}\n`);
    parts.push(
      `| Item | Value |\n| --- | --- |\n| reads per second | ${index + 100} |\n| storage | ${index} TB |\n`,
    );
    if (step.id === "apis")
      parts.push("```http\nPOST /api/v1/items\nGET /api/v1/items/{id}\n```\n");
    else if (step.id === "diagram") {
      parts.push(
        "```mermaid\nflowchart LR\n  C[Client] --> S[Web server]\n  S --> D[(Database)]\n  S --> W[Worker]\n```\n",
      );
    } else parts.push(`\`\`\`text\n${sentence(12)}\n\`\`\`\n`);
  }
  return parts.join("\n");
}

function time(command: string, args: string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  const elapsed = performance.now() - start;
  if (result.error) throw result.error;
  // Exit 1 means "problems found", which is fine here; 2 and above is a failure.
  if ((result.status ?? 0) > 1)
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  return elapsed;
}

export interface CheckBenchOptions {
  /** How many writeups to generate. Default 1,000. */
  files?: number;
  /** The compiled CLI to time. Default `bin/designpress.js` of this repository. */
  bin?: string;
}

export async function benchCheck(options: CheckBenchOptions = {}): Promise<CheckBenchResult> {
  const count = options.files ?? 1000;
  const folder = await mkdtemp(path.join(tmpdir(), "designpress-bench-check-"));
  try {
    const content = path.join(folder, "content");
    await mkdir(content);
    let words = 0;
    for (let index = 0; index < count; index++) {
      const text = generateWriteup(index);
      words += text.split(/\s+/).length;
      await writeFile(path.join(content, `design-${String(index).padStart(4, "0")}.md`), text);
    }
    const headings = steps.map((step) => `## ${step.canonical}`);
    await writeFile(
      path.join(folder, ".markdownlint-cli2.jsonc"),
      JSON.stringify(
        { config: { default: false, MD043: { headings: headings.flatMap((h) => [h, "*"]) } } },
        null,
        2,
      ),
    );

    const compiled = options.bin ?? path.join(repository, "bin", "designpress.js");
    const useCompiled =
      existsSync(compiled) && existsSync(path.join(compiled, "..", "..", "lib", "cli", "check.js"));
    const designpressArgs = useCompiled
      ? [compiled, "check", "content"]
      : [
          "--import",
          "tsx",
          path.join(repository, "test", "structure", "helpers", "designpress.ts"),
          "check",
          "content",
        ];
    const designpressMs = time(process.execPath, designpressArgs, folder);
    const markdownlint = path.join(
      repository,
      "node_modules",
      "markdownlint-cli2",
      "markdownlint-cli2-bin.mjs",
    );
    const markdownlintMs = time(process.execPath, [markdownlint, "content/**/*.md"], folder);
    return {
      files: count,
      words,
      designpressCommand: useCompiled
        ? "node bin/designpress.js check"
        : "node --import tsx (source)",
      designpressMs,
      markdownlintMs,
      ratio: designpressMs / markdownlintMs,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const result = await benchCheck({ files: Number(flag("--files") ?? 1000), bin: flag("--bin") });
  console.log(
    `${result.files} writeups, ${Math.round(result.words / result.files)} words each on average`,
  );
  console.log(
    `designpress check (${result.designpressCommand}): ${result.designpressMs.toFixed(0)} ms`,
  );
  console.log(`markdownlint-cli2, MD043 only:            ${result.markdownlintMs.toFixed(0)} ms`);
  console.log(`ratio: ${result.ratio.toFixed(2)}× markdownlint's time`);
}
