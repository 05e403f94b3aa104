import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanUpAfterTest, temporaryFolder } from "../../test/helpers.js";
import { codeHash } from "./code-version.js";

describe("codeHash", () => {
  it("changes with any module, type or command bundle, not with the vendored mermaid or other files", async () => {
    const { dir: parent, cleanup } = await temporaryFolder("designpress-code-");
    cleanUpAfterTest(cleanup);
    // A checkout inside a folder named `vendor` hashes its code all the same.
    const dir = path.join(parent, "vendor", "designpress");
    const files: Record<string, string> = {
      "index.js": "export {};",
      "index.d.ts": "export {};",
      "cli/build.bundle.cjs": "module.exports = {};",
      "diagrams/vendor/mermaid.min.js": "/* mermaid */",
      "notes.txt": "notes",
    };
    const put = async (name: string, text: string) => {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    };
    for (const [name, text] of Object.entries(files)) await put(name, text);
    const first = codeHash(dir);

    expect(codeHash(dir)).toBe(first);
    for (const name of ["diagrams/vendor/mermaid.min.js", "notes.txt"]) {
      await put(name, "changed");
      expect(codeHash(dir), name).toBe(first);
    }
    let last = first;
    for (const name of ["cli/build.bundle.cjs", "index.js", "index.d.ts"]) {
      await put(name, `${files[name]} // changed`);
      const now = codeHash(dir);
      expect(now, name).not.toBe(last);
      last = now;
    }
  });
});
