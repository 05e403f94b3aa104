import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildResult, build } from "../src/build/index.js";
import { corpusDir, temporaryFolder } from "./helpers.js";

interface ManifestEntry {
  file: string;
  relative_links?: number;
  image_targets_relative?: number;
}

// Real writeups nobody here wrote: no front matter, raw HTML, relative links and
// images whose targets were not copied. The build must take them all in and say
// exactly what it cannot resolve.
for (const folder of ["markdown", "design-docs"]) {
  describe(`building shared/corpus/${folder}`, () => {
    let result: BuildResult;
    let manifest: ManifestEntry[];
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const project = await temporaryFolder();
      cleanup = project.cleanup;
      await cp(path.join(corpusDir, folder), path.join(project.dir, "content"), {
        recursive: true,
        filter: (source) => !source.endsWith(".json") && !source.endsWith(".txt"),
      });
      manifest = JSON.parse(await readFile(path.join(corpusDir, folder, "manifest.json"), "utf8"));
      result = await build({ root: project.dir });
    });
    afterAll(() => cleanup());

    it("reads every writeup without crashing", () => {
      expect(result.error).toBeUndefined();
      expect(result.files.map((file) => path.basename(file.path)).sort()).toEqual(
        manifest.map((entry) => entry.file).sort(),
      );
    });

    it("reports each link it cannot resolve with file, line and what to do", () => {
      for (const entry of manifest) {
        const file = result.files.find((candidate) => path.basename(candidate.path) === entry.file);
        const linkMessages =
          file?.messages.filter((message) => message.ruleId?.startsWith("links/")) ?? [];
        for (const message of linkMessages) {
          expect(message.line, String(message)).toBeGreaterThan(0);
          expect(message.reason).toMatch(/^Cannot (find|resolve) .*; /);
        }
        if ((entry.relative_links ?? 0) + (entry.image_targets_relative ?? 0) === 0) continue;
        // Links to uncopied pages and images must not pass silently.
        const unresolvedInSource = linkMessages.length;
        expect(
          unresolvedInSource,
          `${entry.file} has relative targets that were not copied`,
        ).toBeGreaterThan(0);
      }
    });
  });
}
