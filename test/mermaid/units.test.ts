// The pure parts: cache keys and entries, browser discovery, SVG rewriting.
// The sanitizer has its own file (sanitize.test.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { toHtml } from "hast-util-to-html";
import { afterAll, describe, expect, it } from "vitest";
import { sourceHash } from "../../src/mermaid/cache.js";
import {
  createDiagramCache,
  diagramCacheKey,
  findBrowser,
  parseSvg,
  renameIdsInCss,
  renumberIds,
} from "../../src/mermaid/index.js";
import { sweepLeftovers } from "../../src/mermaid/leftovers.js";
import {
  mermaidBundlePath,
  mermaidConfigKeys,
  mermaidVersion,
  reservedMermaidConfigKeys,
} from "../../src/mermaid/mermaid-package.js";
import { browsersWithProfile, waitFor } from "./leftovers.js";

const dirs: string[] = [];
const temporaryDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "designpress-mermaid-unit-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("diagramCacheKey", () => {
  const base = {
    source: "flowchart LR\n  A --> B",
    mermaidVersion: "11.17.2",
    config: { securityLevel: "strict", flowchart: { curve: "basis" } },
    variants: { light: { theme: "default" }, dark: { theme: "dark" } },
  };
  it("is a sha256 that ignores key order", () => {
    const reordered = {
      ...base,
      config: { flowchart: { curve: "basis" }, securityLevel: "strict" },
    };
    expect(diagramCacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(diagramCacheKey(reordered)).toBe(diagramCacheKey(base));
  });
  it("changes with the source, mermaid's version, the config and the theme", () => {
    const keys = [
      base,
      { ...base, source: "flowchart LR\n  A --> C" },
      { ...base, mermaidVersion: "11.18.0" },
      { ...base, config: { ...base.config, flowchart: { curve: "linear" } } },
      { ...base, variants: { ...base.variants, dark: { theme: "forest" } } },
    ].map(diagramCacheKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("createDiagramCache", () => {
  const entry = {
    status: "rendered",
    svg: { light: "<svg>l</svg>", dark: "<svg>d</svg>" },
  } as const;
  const key = "ab".padEnd(64, "0");
  const source = "flowchart LR\n  A --> B";

  it("stores and reads an entry, leaving no temporary file", async () => {
    const dir = await temporaryDir();
    const cache = createDiagramCache(dir);
    expect(await cache.get(key, source)).toBeUndefined();
    await cache.set(key, source, entry);
    expect(await cache.get(key, source)).toEqual(entry);
    expect(await readdir(path.join(dir, "ab"))).toEqual([`${key}.json`]);
  });

  it("stores the format version and the hash of the source with the entry", async () => {
    const dir = await temporaryDir();
    await createDiagramCache(dir).set(key, source, entry);
    const stored = JSON.parse(await readFile(path.join(dir, "ab", `${key}.json`), "utf8"));
    expect(stored).toEqual({ format: 2, key, source: sourceHash(source), ...entry });
    expect(sourceHash(source)).toBe(createHash("sha256").update(source).digest("hex"));
  });

  it("ignores entries that are truncated, not JSON, of another key or not SVG", async () => {
    const dir = await temporaryDir();
    const cache = createDiagramCache(dir);
    await cache.set(key, source, entry);
    const file = path.join(dir, "ab", `${key}.json`);
    const stored = { format: 2, key, source: sourceHash(source), ...entry };
    for (const corrupt of [
      '{"key":',
      "not json",
      JSON.stringify({ ...stored, key: "other" }),
      JSON.stringify({ ...stored, svg: { light: "<p>", dark: "<svg></svg>" } }),
    ]) {
      await writeFile(file, corrupt);
      expect(await cache.get(key, source)).toBeUndefined();
    }
  });

  it("rejects an entry of another format version or for another source", async () => {
    const dir = await temporaryDir();
    const cache = createDiagramCache(dir);
    const file = path.join(dir, "ab", `${key}.json`);
    await cache.set(key, source, entry);
    const stored = JSON.parse(await readFile(file, "utf8"));
    const rejected = [
      { ...stored, format: 1 },
      { ...stored, format: undefined },
      { ...stored, source: sourceHash("flowchart LR\n  A --> C") },
      { ...stored, source: undefined },
      // What format 1 wrote: no format, no source hash.
      { key, ...entry },
    ];
    for (const other of rejected) {
      await writeFile(file, JSON.stringify(other));
      expect(await cache.get(key, source), JSON.stringify(other)).toBeUndefined();
    }
    await writeFile(file, JSON.stringify(stored));
    expect(await cache.get(key, source)).toEqual(entry);
    expect(await cache.get(key, `${source} `)).toBeUndefined();
  });

  it("follows no symlink out of the project: not an entry's, nor a folder's", async () => {
    const root = await temporaryDir();
    const outside = await temporaryDir();
    await createDiagramCache(outside).set(key, source, entry);
    const kept = path.join(outside, "ab", `${key}.json`);

    // An entry that is a symlink to a valid entry elsewhere is a miss.
    const dir = path.join(root, "cache");
    await mkdir(path.join(dir, "ab"), { recursive: true });
    await symlink(kept, path.join(dir, "ab", `${key}.json`));
    expect(await createDiagramCache(dir, undefined, root).get(key, source)).toBeUndefined();
    await rm(path.join(dir, "ab", `${key}.json`));
    await copyFile(kept, path.join(dir, "ab", `${key}.json`));
    expect(await createDiagramCache(dir, undefined, root).get(key, source)).toEqual(entry);

    // A folder of the cache that leads out: neither read nor written.
    await rm(path.join(dir, "ab"), { recursive: true });
    await symlink(path.join(outside, "ab"), path.join(dir, "ab"));
    const cache = createDiagramCache(dir, undefined, root);
    expect(await cache.get(key, source)).toBeUndefined();
    await expect(cache.set(key, source, entry)).rejects.toThrow(/leads out of the project/);
    const linkedRoot = path.join(root, "linked");
    await symlink(outside, linkedRoot);
    expect(await createDiagramCache(linkedRoot, undefined, root).get(key, source)).toBeUndefined();
    expect(await readdir(path.join(outside, "ab"))).toEqual([`${key}.json`]);
  });

  it("keeps to a folder of its own that does not exist yet: a miss, then the entry", async () => {
    const dir = path.join(await temporaryDir(), "not", "yet");
    const cache = createDiagramCache(dir, undefined, dir);
    expect(await cache.get(key, source)).toBeUndefined();
    await cache.set(key, source, entry);
    expect(await createDiagramCache(dir, undefined, dir).get(key, source)).toEqual(entry);
  });
});

describe("findBrowser", () => {
  it("prefers PUPPETEER_EXECUTABLE_PATH, then CHROME_PATH, then the system paths", async () => {
    const dir = await temporaryDir();
    const fake = path.join(dir, "chrome");
    await writeFile(fake, "#!/bin/sh\n");
    await chmod(fake, 0o755);
    expect(
      findBrowser({ PUPPETEER_EXECUTABLE_PATH: fake, CHROME_PATH: "/usr/bin/chromium" }),
    ).toEqual({
      executablePath: fake,
    });
    expect(findBrowser({ CHROME_PATH: fake })).toEqual({ executablePath: fake });
    expect(findBrowser({}, ["/nonexistent/chrome", fake])).toEqual({ executablePath: fake });
  });

  it("says what it tried when there is none, and how to get a browser", () => {
    const found = findBrowser({ CHROME_PATH: "/nonexistent/a" }, ["/nonexistent/b"]);
    const message = "error" in found ? found.error.message : "";
    expect(message).toContain("tried CHROME_PATH=/nonexistent/a, /nonexistent/b");
    expect(message).toContain("apt-get install chromium");
    expect(message).toContain("set PUPPETEER_EXECUTABLE_PATH");
  });

  it("says once that a variable names no executable, and what it uses instead", async () => {
    const dir = await temporaryDir();
    const fake = path.join(dir, "chrome");
    await writeFile(fake, "#!/bin/sh\n");
    await chmod(fake, 0o755);
    const notExecutable = path.join(dir, "chrome.txt");
    await writeFile(notExecutable, "");
    const folder = path.join(dir, "folder");
    await mkdir(folder);
    expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: "/x" }, [fake])).toEqual({
      executablePath: fake,
      warning: `\`PUPPETEER_EXECUTABLE_PATH=/x\` is not an executable; using ${fake} instead`,
    });
    expect(
      findBrowser({ PUPPETEER_EXECUTABLE_PATH: notExecutable, CHROME_PATH: folder }, [fake]),
    ).toEqual({
      executablePath: fake,
      warning: `\`PUPPETEER_EXECUTABLE_PATH=${notExecutable}\` and \`CHROME_PATH=${folder}\` are not an executable; using ${fake} instead`,
    });
    // A good variable after a bad one is used, and the bad one is still said.
    expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: "/x", CHROME_PATH: fake }, [])).toEqual({
      executablePath: fake,
      warning: `\`PUPPETEER_EXECUTABLE_PATH=/x\` is not an executable; using ${fake} instead`,
    });
  });
});

describe("SVG rewriting", () => {
  it("renames #id selectors and url(#id) in CSS, not colours", () => {
    const ids = new Map([
      ["m", "d-1"],
      ["fff", "d-2"],
    ]);
    expect(renameIdsInCss("#m .a{fill:#fff;stroke:url(#fff)}#m{color:#m}", ids)).toBe(
      "#d-1 .a{fill:#fff;stroke:url(#d-2)}#d-1{color:#m}",
    );
  });

  it("renumbers ids in document order and rewrites every reference", () => {
    const svg = parseSvg(
      '<svg id="mermaid" aria-labelledby="t-mermaid"><title id="t-mermaid">T</title>' +
        '<style>#mermaid .x{marker-end:url(#arrow-7)}</style><marker id="arrow-7"></marker>' +
        '<path marker-end="url(#arrow-7)"></path><use href="#arrow-7"></use><use href="#elsewhere"></use></svg>',
    );
    renumberIds(svg, "diagram-2-dark");
    expect(toHtml(svg)).toBe(
      '<svg id="diagram-2-dark" aria-labelledby="diagram-2-dark-1"><title id="diagram-2-dark-1">T</title>' +
        '<style>#diagram-2-dark .x{marker-end:url(#diagram-2-dark-2)}</style><marker id="diagram-2-dark-2"></marker>' +
        '<path marker-end="url(#diagram-2-dark-2)"></path><use href="#diagram-2-dark-2"></use><use href="#elsewhere"></use></svg>',
    );
  });

  it("gives each repeat of an id a name of its own; references keep the first", () => {
    // mermaid's sequence diagrams draw an actor's figure twice with the same ids.
    const svg = parseSvg(
      '<svg id="mermaid"><g id="actor-man-torso3"></g><g id="actor-man-torso3"></g>' +
        '<use href="#actor-man-torso3"></use><path style="fill:url(#actor-man-torso3)"></path></svg>',
    );
    renumberIds(svg, "d");
    expect(toHtml(svg)).toBe(
      '<svg id="d"><g id="d-1"></g><g id="d-2"></g>' +
        '<use href="#d-1"></use><path style="fill:url(#d-1)"></path></svg>',
    );
  });

  it("skips the page's other ids and adds the names it gives", () => {
    const taken = new Set(["d", "d-2"]);
    const first = parseSvg('<svg id="m"><g id="a"></g><g id="b"></g></svg>');
    renumberIds(first, "d", taken);
    expect(toHtml(first)).toBe('<svg id="d-1"><g id="d-3"></g><g id="d-4"></g></svg>');
    const second = parseSvg('<svg id="m"><g id="a"></g></svg>');
    renumberIds(second, "d", taken);
    expect(toHtml(second)).toBe('<svg id="d-5"><g id="d-6"></g></svg>');
  });
});

describe("sweepLeftovers", () => {
  /** A process that looks like a browser on `profile` to anyone reading its command line. */
  const fakeBrowser = (profile: string) =>
    spawn(
      process.execPath,
      ["-e", "setInterval(() => {}, 1000)", "--", `--user-data-dir=${profile}`],
      {
        stdio: "ignore",
      },
    );
  const exitOf = (child: ChildProcess) =>
    new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );

  it("removes the folders of processes that are gone, and kills a browser left on them", async () => {
    const parent = await temporaryDir();
    const gone = spawn(process.execPath, ["-e", ""]);
    await exitOf(gone);
    const stale = [
      `designpress-chromium-${gone.pid}-aaaaaa`,
      `designpress-mermaid-${gone.pid}-bbbbbb`,
    ];
    const live = [
      `designpress-chromium-${process.pid}-cccccc`,
      `designpress-mermaid-${process.pid}-dddddd`,
    ];
    const other = ["designpress-mermaid-corpus-eeeeee", "designpress-chromium-ffffff"];
    for (const name of [...stale, ...live, ...other]) {
      await mkdir(path.join(parent, name));
      await writeFile(path.join(parent, name, "file"), "");
    }
    const orphan = fakeBrowser(path.join(parent, stale[0] ?? ""));
    const running = fakeBrowser(path.join(parent, live[0] ?? ""));
    const orphanExit = exitOf(orphan);
    try {
      await waitFor(
        async () => (await browsersWithProfile(path.join(parent, "designpress-"))).length === 2,
        "the fake browsers",
      );
      const report = await sweepLeftovers(parent);
      expect(report.killed).toEqual([orphan.pid]);
      expect(await orphanExit).toBe("SIGKILL");
      expect(report.removed.sort()).toEqual(stale.map((name) => path.join(parent, name)).sort());
      expect((await readdir(parent)).sort()).toEqual([...live, ...other].sort());
      expect(running.exitCode).toBeNull();
      expect(running.signalCode).toBeNull();
    } finally {
      orphan.kill("SIGKILL");
      running.kill("SIGKILL");
    }
  });
});

describe("mermaidConfigKeys", () => {
  it("are the top-level keys of the installed mermaid's MermaidConfig, less designpress's own", async () => {
    const installed = path.dirname(createRequire(import.meta.url).resolve("mermaid/package.json"));
    const types = await readFile(path.join(installed, "dist", "config.type.d.ts"), "utf8");
    const body = types.slice(types.indexOf("export interface MermaidConfig {"));
    const keys = [...body.slice(0, body.indexOf("\n}")).matchAll(/^ {4}(\w+)\??:/gm)].map(
      (match) => match[1],
    );
    expect(keys.length).toBeGreaterThan(50);
    expect([...mermaidConfigKeys, ...reservedMermaidConfigKeys].sort()).toEqual(keys.sort());
  });
});

describe("the mermaid bundle designpress ships (lib/vendor/mermaid)", () => {
  it("is the mermaid devDependency's browser bundle, byte for byte, with its version and licence", async () => {
    const installed = path.dirname(createRequire(import.meta.url).resolve("mermaid/package.json"));
    const { version } = JSON.parse(await readFile(path.join(installed, "package.json"), "utf8"));
    expect(mermaidVersion()).toBe(version);
    const shipped = await readFile(mermaidBundlePath());
    expect(shipped.equals(await readFile(path.join(installed, "dist", "mermaid.min.js")))).toBe(
      true,
    );
    expect(await readFile(path.join(path.dirname(mermaidBundlePath()), "LICENSE"), "utf8")).toBe(
      await readFile(path.join(installed, "LICENSE"), "utf8"),
    );
  });
});
