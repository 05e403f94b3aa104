import { lstat, mkdir, readFile, stat, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { cleanUpAfterTest, temporaryFolder } from "../../test/helpers.js";
import { diskFolder, readOutputFile, updateInPlace } from "./output.js";

// Every file opened (files are read through `openSync`), to tell a file linked unread from one compared.
const opened = vi.hoisted(() => [] as string[]);
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return {
    ...actual,
    openSync: (...args: Parameters<typeof actual.openSync>) => {
      opened.push(String(args[0]));
      return actual.openSync(...args);
    },
  };
});

/** An output folder with one page in it, and a fresh folder to write the next site into. */
async function outputs() {
  const folder = await temporaryFolder("designpress-output-");
  cleanUpAfterTest(folder.cleanup);
  const previous = path.join(folder.dir, "dist");
  const fresh = path.join(folder.dir, "fresh");
  await mkdir(path.join(previous, "alpha"), { recursive: true });
  await mkdir(fresh);
  const page = path.join(previous, "alpha", "index.html");
  await writeFile(page, "<p>Alpha, as the last build wrote it.</p>\n");
  return { previous, fresh, page };
}

describe("a file read back from the output it replaces", () => {
  it("is linked into the new site while it is the file it was read from", async () => {
    const { previous, fresh, page } = await outputs();
    const bytes = readOutputFile(page);
    expect(bytes?.toString()).toBe("<p>Alpha, as the last build wrote it.</p>\n");

    opened.length = 0;
    await diskFolder(fresh, previous).write("alpha/index.html", bytes as Buffer);

    const linked = await lstat(path.join(fresh, "alpha", "index.html"));
    expect(linked.ino).toBe((await lstat(page)).ino);
    expect(opened).not.toContain(page);
  });

  it("is compared before it is linked when its bytes come from elsewhere", async () => {
    const { previous, fresh, page } = await outputs();
    opened.length = 0;
    await diskFolder(fresh, previous).write(
      "alpha/index.html",
      Buffer.from("<p>Alpha, as the last build wrote it.</p>\n"),
    );

    expect((await lstat(path.join(fresh, "alpha", "index.html"))).ino).toBe(
      (await lstat(page)).ino,
    );
    expect(opened).toContain(page);
  });

  it("is written, not linked, when the file changed after it was read, whatever its size and mtime say", async () => {
    const { previous, fresh, page } = await outputs();
    // A time in whole seconds, which `utimes` can set back exactly.
    const time = 1_700_000_000;
    await utimes(page, time, time);
    const bytes = readOutputFile(page);
    const before = await stat(page);
    // Same size, same mtime: only the ctime tells this write apart (again until
    // the clock, which may tick in milliseconds, gives it another).
    let after = before;
    while (after.ctimeMs === before.ctimeMs) {
      await writeFile(page, "<p>ALPHA, as the last build wrote it.</p>\n");
      await utimes(page, time, time);
      after = await stat(page);
    }
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);

    await diskFolder(fresh, previous).write("alpha/index.html", bytes as Buffer);

    const written = path.join(fresh, "alpha", "index.html");
    expect((await lstat(written)).ino).not.toBe((await lstat(page)).ino);
    expect(await readFile(written, "utf8")).toBe("<p>Alpha, as the last build wrote it.</p>\n");
  });

  it("is not read through a symlink", async () => {
    const { previous, page } = await outputs();
    await symlink(page, path.join(previous, "alpha", "link.html"));

    expect(readOutputFile(path.join(previous, "alpha", "link.html"))).toBeUndefined();
  });
});

describe("a file copied into the served folder (dev)", () => {
  it("is compared once, then not read again while it and its source are unchanged", async () => {
    const folder = await temporaryFolder("designpress-served-");
    cleanUpAfterTest(folder.cleanup);
    const served = path.join(folder.dir, "dist");
    const source = path.join(folder.dir, "recording.bin");
    await writeFile(source, "a recording, version one\n");
    const update = () =>
      updateInPlace(served, async (out) => out.copy(source, "files/recording.bin"), folder.dir);
    const copy = path.join(served, "files", "recording.bin");

    await update();
    expect(await readFile(copy, "utf8")).toBe("a recording, version one\n");
    opened.length = 0;
    expect(await update()).toEqual({ written: 0, removed: 0 });
    expect(opened).toContain(source);
    const inode = (await lstat(copy)).ino;

    opened.length = 0;
    expect(await update()).toEqual({ written: 0, removed: 0 });
    expect(opened).not.toContain(source);
    expect(opened).not.toContain(copy);
    expect((await lstat(copy)).ino).toBe(inode);

    // Same size, another text: the source's change time says so.
    await writeFile(source, "a recording, version two\n");
    expect(await update()).toEqual({ written: 1, removed: 0 });
    expect(await readFile(copy, "utf8")).toBe("a recording, version two\n");
    // And a change to the copy served.
    await writeFile(copy, "a recording, version 2!!\n");
    expect(await update()).toEqual({ written: 1, removed: 0 });
    expect(await readFile(copy, "utf8")).toBe("a recording, version two\n");
  });
});
