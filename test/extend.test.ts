import { execFile } from "node:child_process";
import { cp, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { hashTree, repoRoot, temporaryFolder } from "./helpers.js";

const run = promisify(execFile);
const bin = path.join(repoRoot, "bin", "designpress.js");
const fixture = path.join(import.meta.dirname, "fixtures", "extend");

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * The fixture project (test/fixtures/extend) copied into a fresh folder, where
 * `import … from "designpress"` resolves to this repository, as it would to the
 * installed package.
 */
async function extendedProject(): Promise<string> {
  const { dir, cleanup } = await temporaryFolder("designpress-extend-");
  cleanups.push(cleanup);
  await cp(fixture, dir, { recursive: true });
  await mkdir(path.join(dir, "node_modules"));
  await symlink(repoRoot, path.join(dir, "node_modules", "designpress"), "dir");
  return dir;
}

/** The compiled command (`npm test` compiles before the tests), to its end. */
async function designpress(args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", DEBUG: "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function editConfig(root: string, from: string, to: string): Promise<void> {
  const file = path.join(root, "designpress.config.mjs");
  const text = await readFile(file, "utf8");
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

/** Let the config module's plugins tell the build's own thread from the others. */
function importIsMainThread(root: string): Promise<void> {
  return editConfig(
    root,
    'import { threadId } from "node:worker_threads";',
    'import { isMainThread, threadId } from "node:worker_threads";',
  );
}

const tbdFinding =
  "43:81  error    Expected a decision, found `TBD`; decide, or move it to open questions  team/no-tbd";

describe("a project that extends designpress with designpress.config.mjs", () => {
  it("builds with its remark and rehype plugins, its emitter and a theme that has only page.html", async () => {
    const root = await extendedProject();
    const { code, stdout, stderr } = await designpress(["build"], root);
    // Printed as check prints it: one layout for every command.
    expect(stderr).toContain(tbdFinding);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^designpress: built 1 page into dist\//);

    const page = await readFile(path.join(root, "dist", "url-shortener", "index.html"), "utf8");
    // The theme's own page.html, inside the default theme's layout.
    expect(page).toContain('<main id="content" class="mine-page">\n<h1>URL shortener</h1>');
    expect(page).toContain('<a class="skip-link" href="#content">');
    // The remark plugin's class, kept by the sanitizer (classes are allowed).
    expect(page).toContain('<p class="callout">Note: short codes are case-sensitive.</p>');
    // The rehype plugin's script, which the sanitizer would have dropped: it runs after it.
    expect(page).toContain(
      '<script type="application/ld+json">{"@context":"https://schema.org","@type":"TechArticle","headline":"URL shortener"}</script>',
    );
    // The emitter's output.
    expect(JSON.parse(await readFile(path.join(root, "dist", "designs.json"), "utf8"))).toEqual([
      { slug: "url-shortener", title: "URL shortener", date: "2026-03-01" },
    ]);
    // The theme has no assets/: the default theme's are written.
    const assets = await readdir(path.join(root, "dist", "assets"));
    expect(assets).toContainEqual(expect.stringMatching(/^style\.[0-9a-f]{8}\.css$/));
    expect(page).toMatch(/href="\/assets\/style\.[0-9a-f]{8}\.css"/);
    // The index is the default theme's.
    expect(await readFile(path.join(root, "dist", "index.html"), "utf8")).toContain(
      '<article class="card">',
    );

    // A rule's error fails the build with --strict, as a nine-step rule's does.
    const strict = await designpress(["build", "--strict"], root);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("team/no-tbd");
  });

  it("reports its rule in check with its id and severity, and check.rules turns it off", async () => {
    const root = await extendedProject();
    const reported = await designpress(["check"], root);
    expect(reported.stdout).toBe(
      `content/url-shortener.md\n  ${tbdFinding}\n\n1 error, 0 warnings in 1 file\n`,
    );
    expect(reported.code).toBe(1);

    await editConfig(root, '"team/no-tbd": "error"', '"team/no-tbd": "warning"');
    const warned = await designpress(["check", "--format", "json"], root);
    expect(warned.code).toBe(0);
    expect(JSON.parse(warned.stdout)).toEqual([
      expect.objectContaining({
        ruleId: "team/no-tbd",
        severity: "warning",
        line: 43,
        url: "https://example.com/handbook#no-tbd",
      }),
    ]);

    await editConfig(root, '"team/no-tbd": "warning"', '"team/no-tbd": "off"');
    const off = await designpress(["check"], root);
    expect(off.stdout).not.toContain("team/no-tbd");
    expect(off.code).toBe(0);
    const built = await designpress(["build"], root);
    expect(built.stderr).not.toContain("team/no-tbd");
  });

  it("turns its rule off for one writeup and one line as a built-in rule", async () => {
    const root = await extendedProject();
    const writeup = path.join(root, "content", "url-shortener.md");
    const text = await readFile(writeup, "utf8");
    await writeFile(
      writeup,
      text.replace(
        "A key-value NoSQL store",
        "<!-- designpress-disable-next-line team/no-tbd -->\nA key-value NoSQL store",
      ),
    );
    const { code, stdout } = await designpress(["check"], root);
    expect(stdout).toBe("0 errors, 0 warnings in 1 file\n");
    expect(code).toBe(0);
  });

  it("runs its rule in check's threads too, which load the config module themselves", async () => {
    const root = await extendedProject();
    const writeup = await readFile(path.join(root, "content", "url-shortener.md"), "utf8");
    // Past `check`'s threshold for threads (150 files).
    for (let index = 0; index < 160; index++) {
      await writeFile(path.join(root, "content", `copy-${index}.md`), writeup);
    }
    const { code, stdout } = await designpress(["check", "--format", "json"], root);
    expect(code).toBe(1);
    const messages = JSON.parse(stdout) as { file: string; ruleId: string; url: string }[];
    expect(messages.map(({ ruleId }) => ruleId)).toEqual(Array(161).fill("team/no-tbd"));
    // Its url too, from the threads.
    expect(new Set(messages.map(({ url }) => url))).toEqual(
      new Set(["https://example.com/handbook#no-tbd"]),
    );
    expect(new Set(messages.map(({ file }) => file)).size).toBe(161);
  });

  describe("built in several threads (past 50 pages to transform a thread)", () => {
    /** The fixture with 120 more writeups, and a remark plugin that logs the thread each page is transformed in. */
    async function manyWriteups(): Promise<{
      root: string;
      threadsSeen: () => Promise<Set<string>>;
    }> {
      const root = await extendedProject();
      const writeup = await readFile(path.join(root, "content", "url-shortener.md"), "utf8");
      // Each with a message from reading the file's bytes (a warning), whichever thread transforms it.
      const [before, after] = writeup.split("Turn long links");
      const copy = Buffer.concat([
        Buffer.from(`${before}Turn `),
        Buffer.of(0xff),
        Buffer.from(` long links${after}`),
      ]);
      for (let index = 0; index < 120; index++) {
        await writeFile(path.join(root, "content", `copy-${index}.md`), copy);
      }
      const log = path.join(root, "threads.log");
      await editConfig(
        root,
        'import { defineConfig, defineRule } from "designpress";',
        'import { appendFileSync } from "node:fs";\nimport { threadId } from "node:worker_threads";\nimport { defineConfig, defineRule } from "designpress";',
      );
      await editConfig(
        root,
        "remarkPlugins: [remarkCallouts]",
        `remarkPlugins: [remarkCallouts, () => () => appendFileSync(${JSON.stringify(log)}, \`\${threadId}\\n\`)]`,
      );
      const threadsSeen = async () => {
        const seen = new Set((await readFile(log, "utf8")).trim().split("\n"));
        await writeFile(log, "");
        return seen;
      };
      return { root, threadsSeen };
    }

    /** A build's report without the line naming its output folder and time. */
    const report = ({
      code,
      stdout,
      stderr,
    }: {
      code: number;
      stdout: string;
      stderr: string;
    }) => ({
      code,
      stderr,
      stdout: stdout.replace(/into \S+ in [\d.]+ s/, "into … in … s"),
    });

    it("makes the site and the messages of one thread, with the config module's plugins and rules loaded in each", async () => {
      const { root, threadsSeen } = await manyWriteups();
      // The build's own thread takes pages from the start, the other once it has loaded
      // every plugin: on a busy machine the first could take them all. So, for this build,
      // it waits on its first page until another thread has made one (20 s at most).
      const logFile = path.join(root, "threads.log");
      await writeFile(logFile, "");
      const log = JSON.stringify(logFile);
      const waitForAnother = `() => { let waited = false; return () => { if (!isMainThread || waited) return; waited = true; const until = Date.now() + 20000; while (Date.now() < until && !/^[1-9]/m.test(readFileSync(${log}, "utf8"))) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); }; }, `;
      await editConfig(
        root,
        'import { appendFileSync } from "node:fs";',
        'import { appendFileSync, readFileSync } from "node:fs";',
      );
      await importIsMainThread(root);
      await editConfig(
        root,
        "remarkPlugins: [remarkCallouts, ",
        `remarkPlugins: [remarkCallouts, ${waitForAnother}`,
      );
      const two = await designpress(
        ["build", "--no-cache", "--threads", "2", "--out", "two"],
        root,
      );
      expect(two.code, two.stderr).toBe(0);
      expect((await threadsSeen()).size).toBe(2);
      await editConfig(root, waitForAnother, "");
      const one = await designpress(
        ["build", "--no-cache", "--threads", "1", "--out", "one"],
        root,
      );
      expect(await threadsSeen()).toEqual(new Set(["0"]));
      expect(report(two)).toEqual(report(one));
      // The rule's finding on every page, from either thread, and the file's message once.
      expect(two.stderr.split("team/no-tbd").length - 1).toBe(121);
      expect(two.stderr.split("content/encoding").length - 1).toBe(120);
      const site = await hashTree(path.join(root, "two"));
      expect(Object.keys(site).length).toBeGreaterThan(121);
      expect(site).toEqual(await hashTree(path.join(root, "one")));
    });

    it("makes in its own thread the pages another thread could not make", async () => {
      const { root, threadsSeen } = await manyWriteups();
      // Throws in every thread but the build's own.
      await importIsMainThread(root);
      await editConfig(
        root,
        "remarkPlugins: [remarkCallouts,",
        'remarkPlugins: [remarkCallouts, () => () => { if (!isMainThread) throw new Error("not here"); },',
      );
      const two = await designpress(
        ["build", "--no-cache", "--threads", "2", "--out", "two"],
        root,
      );
      expect(two.code, two.stderr).toBe(0);
      expect(await threadsSeen()).toEqual(new Set(["0"]));
      const one = await designpress(
        ["build", "--no-cache", "--threads", "1", "--out", "one"],
        root,
      );
      expect(report(two)).toEqual(report(one));
      expect(await hashTree(path.join(root, "two"))).toEqual(
        await hashTree(path.join(root, "one")),
      );
    });

    it("puts a plugin's failure on each page it throws on, as one thread does, whichever thread took it", async () => {
      const { root } = await manyWriteups();
      await editConfig(
        root,
        "remarkPlugins: [remarkCallouts,",
        'remarkPlugins: [remarkCallouts, () => (_, file) => { if (/(copy-7|url-shortener)\\.md$/.test(file.path)) throw new Error("the plugin broke on " + file.path); },',
      );
      for (const round of [1, 2, 3]) {
        const two = await designpress(
          ["build", "--no-cache", "--threads", "2", "--out", "two"],
          root,
        );
        const one = await designpress(
          ["build", "--no-cache", "--threads", "1", "--out", "one"],
          root,
        );
        // The project's plugin, said as the project's error on each page (exit 1), not as designpress's (70).
        expect(two.code, `round ${round}`).toBe(1);
        for (const page of ["copy-7", "url-shortener"]) {
          expect(two.stderr).toMatch(
            new RegExp(
              `content/${page}\\.md\\n(.*\\n)*?.*error +Expected the config module's remark plugin number 2 to transform the page, but it threw: the plugin broke on content/${page}\\.md \\(at file://.*designpress\\.config\\.mjs:\\d+:\\d+\\); fix the plugin, or remove it from the config module +build/plugin`,
            ),
          );
        }
        expect(two.stderr).not.toContain("internal error");
        expect({ ...two, stderr: two.stderr.replaceAll("two/", "one/") }).toEqual(one);
      }
    });

    it("refuses a thread count that is not a whole number from 1", async () => {
      const root = await extendedProject();
      const { code, stderr } = await designpress(["build", "--threads", "0"], root);
      expect(code).toBe(2);
      expect(stderr).toContain("expected --threads to be a whole number from 1 to 64, found `0`");
    });
  });

  it("sanitizes what its remark plugins make, on a page with no HTML of its own", async () => {
    const root = await extendedProject();
    await editConfig(
      root,
      "remarkPlugins: [remarkCallouts]",
      `remarkPlugins: [remarkCallouts, () => (tree) => {
        tree.children.push({ type: "html", value: '<img src="x.png" alt="" onerror="alert(1)">' });
      }]`,
    );
    const { code, stderr } = await designpress(["build"], root);
    expect(code, stderr).toBe(0);
    const page = await readFile(path.join(root, "dist", "url-shortener", "index.html"), "utf8");
    expect(page).toContain('<img src="x.png" alt="">');
    expect(page).not.toContain("onerror");
  });

  it("says which rule broke, and where, when a rule throws", async () => {
    const root = await extendedProject();
    await editConfig(root, "check({ tree }) {", 'check({ tree }) {\n    throw new Error("oops");');
    const { code, stdout } = await designpress(["check"], root);
    expect(stdout).toContain(
      "1:1  error    Expected the rule `team/no-tbd` to return a list of findings, found it threw `Error: oops`; fix the rule in the site config, or set it `off` in `check.rules`  team/no-tbd",
    );
    expect(code).toBe(1);
  });
});

describe("a config module that does not load", () => {
  it("is an error naming the module and the line it threw from; its stack only with DEBUG=designpress", async () => {
    const root = await extendedProject();
    await writeFile(
      path.join(root, "designpress.config.mjs"),
      'const a = 1;\nthrow new TypeError("no plugins today");\n',
    );
    const reason =
      "designpress.config.mjs:2:7: Expected the config module to load, found `TypeError: no plugins today`; fix the module";
    const built = await designpress(["build"], root);
    expect(built.code).toBe(1);
    // Once, as the config's message, in the layout of every file's.
    expect(built.stderr).toContain(
      "designpress.config.mjs\n  2:7  error    Expected the config module to load, found `TypeError: no plugins today`; fix the module (run with DEBUG=designpress for the stack trace)",
    );
    expect(built.stderr.split("no plugins today")).toHaveLength(2);
    expect(built.stderr).not.toMatch(/^\s+at /m);
    const checked = await designpress(["check"], root);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain(`${reason} (run with DEBUG=designpress for the stack trace)`);
    expect(checked.stderr).not.toMatch(/^\s+at /m);

    const debug = await designpress(["check"], root, { DEBUG: "designpress" });
    expect(debug.stderr).toContain(reason);
    expect(debug.stderr).toMatch(/^\s+at file:\/\/.*designpress\.config\.mjs.*:2:7$/m);
  });

  it("names the module at line 1 when it does not parse or imports what is not installed", async () => {
    const root = await extendedProject();
    const cases: Record<string, string> = {
      "export default { title: , };\n":
        "designpress.config.mjs:1:1: Expected the config module to load, found `SyntaxError: Unexpected token ','`",
      'import remarkNone from "remark-none";\nexport default { remarkPlugins: [remarkNone] };\n':
        "designpress.config.mjs:1:1: Expected the config module to load, found `Error: Cannot find package 'remark-none' imported from",
    };
    for (const [text, expected] of Object.entries(cases)) {
      await writeFile(path.join(root, "designpress.config.mjs"), text);
      const { code, stderr } = await designpress(["check"], root);
      expect(stderr, text).toContain(expected);
      expect(code).toBe(2);
    }
  });
});
