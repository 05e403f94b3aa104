import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanUpAfterTest, temporaryFolder } from "../../test/helpers.js";
import { realFolderChecker } from "./within.js";

describe("realFolderChecker", () => {
  it("accepts the folders reached through real folders only", async () => {
    const inside = await temporaryFolder("designpress-within-");
    const outside = await temporaryFolder("designpress-without-");
    cleanUpAfterTest(inside.cleanup, outside.cleanup);
    const root = inside.dir;
    await mkdir(path.join(root, "a", "b"), { recursive: true });
    await mkdir(path.join(outside.dir, "d"));
    await symlink(outside.dir, path.join(root, "c"));
    await writeFile(path.join(root, "file"), "not a folder");
    const real = realFolderChecker(`${root}${path.sep}`);

    expect(real(root)).toBe(true);
    expect(real(path.join(root, "a"))).toBe(true);
    expect(real(path.join(root, "a", "b"))).toBe(true);
    // A symlink to a folder, and any folder under it.
    expect(real(path.join(root, "c"))).toBe(false);
    expect(real(path.join(root, "c", "d"))).toBe(false);
    // Not a folder, no such folder, out of the root.
    expect(real(path.join(root, "file"))).toBe(false);
    expect(real(path.join(root, "missing"))).toBe(false);
    expect(real(path.join(outside.dir, "d"))).toBe(false);
    expect(real(path.join(root, "..", "elsewhere"))).toBe(false);
  });
});
