import { execFileSync } from "node:child_process";
import { symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanUpAfterTest, repoRoot, temporaryFolder } from "../../test/helpers.js";
import { hashFile } from "./hash.js";
import { readRegularFileSync } from "./regular.js";

async function folder() {
  const { dir, cleanup } = await temporaryFolder("designpress-regular-");
  cleanUpAfterTest(cleanup);
  await writeFile(path.join(dir, "page.html"), "<p>A page.</p>\n");
  await symlink(path.join(dir, "page.html"), path.join(dir, "link.html"));
  // A FIFO: opened for reading the usual way, it waits for a writer that never comes.
  execFileSync("mkfifo", [path.join(dir, "pipe.html")]);
  return dir;
}

describe("readRegularFileSync", () => {
  it("reads a regular file with the stats of what it read", async () => {
    const dir = await folder();
    const read = readRegularFileSync(path.join(dir, "page.html"));
    expect(read?.bytes.toString()).toBe("<p>A page.</p>\n");
    expect(read?.stats.size).toBe(15);
    expect(readRegularFileSync(path.join(dir, "page.html"), { size: 15 })).toBeDefined();
    expect(readRegularFileSync(path.join(dir, "page.html"), { size: 16 })).toBeUndefined();
  });

  it("reads through a symlink only when asked to follow it", async () => {
    const dir = await folder();
    expect(readRegularFileSync(path.join(dir, "link.html"))).toBeUndefined();
    expect(
      readRegularFileSync(path.join(dir, "link.html"), { follow: true })?.bytes.toString(),
    ).toBe("<p>A page.</p>\n");
  });

  it("refuses a folder and a missing file", async () => {
    const dir = await folder();
    expect(readRegularFileSync(dir)).toBeUndefined();
    expect(readRegularFileSync(path.join(dir, "missing.html"))).toBeUndefined();
  });
});

describe("a FIFO in place of a file", () => {
  it("is refused, and hashed as one, without waiting for a writer", async () => {
    const dir = await folder();
    // In a process of its own (compiled by `npm test`): a read that waits would block this one for good.
    const script = `
      import { readRegularFileSync } from ${JSON.stringify(path.join(repoRoot, "lib", "files", "regular.js"))};
      import { hashFile } from ${JSON.stringify(path.join(repoRoot, "lib", "files", "hash.js"))};
      const pipe = ${JSON.stringify(path.join(dir, "pipe.html"))};
      console.log(JSON.stringify([readRegularFileSync(pipe) ?? null, await hashFile(pipe)]));`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      timeout: 20_000,
      encoding: "utf8",
    });
    const [read, hash] = JSON.parse(output) as [unknown, string];
    expect(read).toBeNull();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(await hashFile(path.join(dir, "page.html")));
  });
});
