import { createHash } from "node:crypto";
import { open, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanUpAfterTest, projectOf, temporaryFolder } from "../../test/helpers.js";
import { build } from "../build/index.js";
import { hashFile, hashFiles, wholeReadLimit } from "./hash.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("hashFile", () => {
  it("hashes a file's bytes, read whole or streamed past the limit", async () => {
    const { dir, cleanup } = await temporaryFolder("designpress-hash-");
    cleanUpAfterTest(cleanup);
    const small = Buffer.from("a small file\n");
    const large = Buffer.alloc(wholeReadLimit + 12345, 7);
    large.write("start", 0);
    large.write("end", large.length - 3);
    await writeFile(path.join(dir, "small"), small);
    await writeFile(path.join(dir, "large"), large);

    expect(await hashFile(path.join(dir, "small"))).toBe(sha256(small));
    expect(await hashFile(path.join(dir, "large"))).toBe(sha256(large));
    await expect(hashFile(path.join(dir, "missing"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("hashes many files, a few at a time, each hash in its file's place", async () => {
    const { dir, cleanup } = await temporaryFolder("designpress-hash-");
    cleanUpAfterTest(cleanup);
    const names = Array.from({ length: 7 }, (_, index) => `file-${index}`);
    for (const name of names) await writeFile(path.join(dir, name), name.repeat(1000));

    const hashes = await hashFiles(
      names.map((name) => path.join(dir, name)),
      2,
    );

    expect(hashes).toEqual(names.map((name) => sha256(Buffer.from(name.repeat(1000)))));
    expect(await hashFiles([])).toEqual([]);
  });

  it("lets a site build whose content folder holds a file too large to read into one string", async () => {
    const { root, cleanup } = await projectOf({
      "content/demo.md": "---\ntitle: Demo\n---\n\n## Gather Requirements\n\nA demo.\n",
    });
    cleanUpAfterTest(cleanup);
    // 600 MB, sparse: past the longest string V8 makes (512 MB), which a key read as text hit.
    const video = await open(path.join(root, "content", "recording.mp4"), "w");
    await video.truncate(600 * 1024 * 1024);
    await video.close();

    const first = await build({ root });
    expect(first.error?.message).toBeUndefined();
    expect(first.ok).toBe(true);
    expect((await build({ root })).unchanged).toBe(true);

    const edit = await open(path.join(root, "content", "recording.mp4"), "r+");
    await edit.write("x", 600 * 1024 * 1024 - 1);
    await edit.close();
    expect((await build({ root })).unchanged).toBeUndefined();
  }, 60_000);
});
