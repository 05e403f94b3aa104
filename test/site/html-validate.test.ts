import { readFile } from "node:fs/promises";
import path from "node:path";
import { type ConfigData, HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";
import { buildDemo, htmlFiles } from "./demo.js";

/*
 * Every page the default theme writes passes html-validate's recommended rules,
 * with the repository's `.htmlvalidate.json`. It tunes two rules, for markup the
 * theme does not write itself:
 * - `no-inline-style` allows `max-width` (mermaid sizes each diagram's root <svg>
 *   with it) and shiki's `--shiki-*` custom properties (each token's light and dark
 *   colour, which the stylesheet picks from);
 * - `valid-id` is relaxed: GitHub's slugs give numbered headings ids such as
 *   `1-gather-requirements`, valid HTML5 and part of every shared link.
 */
describe("html-validate over the built portfolio", () => {
  let project: Awaited<ReturnType<typeof buildDemo>>;
  let validator: HtmlValidate;

  beforeAll(async () => {
    project = await buildDemo("/designs/");
    const config = JSON.parse(
      await readFile(path.join(repoRoot, ".htmlvalidate.json"), "utf8"),
    ) as ConfigData;
    validator = new HtmlValidate({ ...config, root: true });
  });
  afterAll(() => project?.cleanup());

  it("finds no problem in any page", async () => {
    const files = await htmlFiles(project.outDir);
    expect(files.map((file) => path.relative(project.outDir, file))).toEqual(
      expect.arrayContaining(["index.html", "404.html", "url-shortener/index.html"]),
    );
    const problems: string[] = [];
    for (const file of files) {
      const report = await validator.validateString(await readFile(file, "utf8"), file);
      for (const result of report.results) {
        for (const message of result.messages) {
          problems.push(
            `${path.relative(project.outDir, file)}:${message.line}:${message.column} ${message.message} (${message.ruleId})`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
