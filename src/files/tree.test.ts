import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanUpAfterTest, temporaryFolder } from "../../test/helpers.js";
import { listTree } from "./tree.js";

describe("listTree", () => {
  it("lists every file and folder by its path with `/`, a symlink as a file, never followed", async () => {
    const inside = await temporaryFolder("designpress-tree-");
    const outside = await temporaryFolder("designpress-tree-outside-");
    cleanUpAfterTest(inside.cleanup, outside.cleanup);
    await mkdir(path.join(inside.dir, "a", "b"), { recursive: true });
    await mkdir(path.join(inside.dir, "empty"));
    await writeFile(path.join(inside.dir, "index.html"), "");
    await writeFile(path.join(inside.dir, "a", "b", "page.html"), "");
    await writeFile(path.join(outside.dir, "secret.txt"), "");
    await symlink(outside.dir, path.join(inside.dir, "a", "elsewhere"));

    const entries = [...(await listTree(inside.dir))].sort(([a], [b]) => (a < b ? -1 : 1));

    expect(entries).toEqual([
      ["a", "folder"],
      ["a/b", "folder"],
      ["a/b/page.html", "file"],
      ["a/elsewhere", "file"],
      ["empty", "folder"],
      ["index.html", "file"],
    ]);
  });

  it("rejects a folder that is not there", async () => {
    await expect(listTree("/nonexistent/designpress-tree")).rejects.toMatchObject({
      code: "ENOENT",
    });
  });
});
