import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, normaliseBase, parseConfig } from "./index.js";

describe("site config", () => {
  it("works with no config file", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "designpress-config-"));
    try {
      const config = await loadConfig(root);
      expect(config).toMatchObject({ title: "Design portfolio", base: "/", theme: "default" });
      await writeFile(path.join(root, "designpress.config.yaml"), "title: Mine\nbase: designs\n");
      expect(await loadConfig(root)).toMatchObject({ title: "Mine", base: "/designs/" });
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it("reads every field", () => {
    const config = parseConfig(
      "title: T\nauthor: A\nbio: B\nbase: /x/\nurl: https://a.github.io/\ntheme: plain\nunsafe: true\nsearch: false\ncards: false\ncheck:\n  rules:\n    nine-steps/failover: off\n  headings:\n    capacity: [Sizing]\nmermaid:\n  cacheDir: .cache\n",
      "/p/designpress.config.yaml",
      "/p",
    );
    expect(config).toEqual({
      title: "T",
      author: "A",
      bio: "B",
      base: "/x/",
      url: "https://a.github.io",
      theme: "plain",
      unsafe: true,
      search: false,
      cards: false,
      check: { rules: { "nine-steps/failover": "off" }, headings: { capacity: ["Sizing"] } },
      mermaid: { cacheDir: "/p/.cache" },
      tagIndex: true,
      prevNext: true,
      lastUpdated: true,
      copyButtons: true,
      feed: true,
      compare: true,
    });
  });

  it("reports every mistake with its line, and the nearest field for a misspelling", () => {
    try {
      parseConfig(
        "titel: T\nbase: ../up\ncheck:\n  rules:\n    x: loud\nunsafe: yes\nsearch: no\n",
        "/p/designpress.config.yaml",
        "/p",
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const messages = (error as ConfigError).problems.map(
        (message) => `${message.line}: ${message.reason}`,
      );
      expect(messages).toEqual([
        "1: Unknown config field `titel`; expected one of `title`, `author`, `bio`, `base`, `url`, `theme`, `order`, `repo`, `tagIndex`, `prevNext`, `lastUpdated`, `copyButtons`, `feed`, `compare`, `search`, `cards`, `unsafe`, `check`, `mermaid` (did you mean `title`?)",
        "2: Expected `base` to be a path such as `/` or `/repo-name/`, found `../up`",
        "5: Expected the severity of `x` to be `off`, `warning` or `error`, found `loud`",
        "6: Expected `unsafe` to be `true` or `false`",
        "7: Expected `search` to be `true` or `false`, found `no`",
      ]);
    }
  });

  describe("reading paths", () => {
    const read = (text: string) => parseConfig(text, "/p/designpress.config.yaml", "/p");
    const problems = (text: string) => {
      try {
        read(text);
        return [];
      } catch (error) {
        return (error as ConfigError).problems.map(
          (problem) => `${problem.line}: ${problem.reason}`,
        );
      }
    };

    it("reads switches, the order and the repository in either form", () => {
      expect(read("feed: false\ncompare: false\n")).toMatchObject({
        feed: false,
        compare: false,
        tagIndex: true,
      });
      expect(read("order: [a, notes/b]\n").order).toEqual(["a", "notes/b"]);
      expect(read("repo: https://github.com/ada/designs.git\n").repo).toEqual({
        url: "https://github.com/ada/designs",
        branch: "main",
      });
      expect(
        read("repo:\n  url: https://github.com/ada/designs/\n  branch: release/2026\n").repo,
      ).toEqual({
        url: "https://github.com/ada/designs",
        branch: "release/2026",
      });
    });

    it("reports each mistake where it is written, with the nearest field", () => {
      expect(
        problems(
          "feeds: false\nfeed: no\norder: [a, a]\nrepo:\n  url: github.com/ada\n  brnch: x\n",
        ),
      ).toEqual([
        "1: Unknown config field `feeds`; expected one of `title`, `author`, `bio`, `base`, `url`, `theme`, `order`, `repo`, `tagIndex`, `prevNext`, `lastUpdated`, `copyButtons`, `feed`, `compare`, `search`, `cards`, `unsafe`, `check`, `mermaid` (did you mean `feed`?)",
        "2: Expected `feed` to be `true` or `false`, found `no`",
        "3: Expected each slug once in `order`, found `a` again; remove one",
        "6: Unknown config field `repo.brnch`; expected `url` or `branch` (did you mean `branch`?)",
        "5: Expected `repo` to be a repository's address such as `https://github.com/you/portfolio`, found `github.com/ada`",
      ]);
      expect(problems("repo: { url: 'https://github.com/a/b', branch: '../x' }\n")).toEqual([
        "1: Expected `repo.branch` to be a branch name such as `main`, found `../x`",
      ]);
    });
  });

  describe("mermaid", () => {
    const problems = (text: string) => {
      try {
        parseConfig(text, "/p/designpress.config.yaml", "/p");
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems.map(
          (message) => `${message.line}:${message.column}: ${message.reason}`,
        );
      }
      return [];
    };

    it("reads the cache folder, the timeout, and mermaid's settings for all and per scheme", () => {
      const config = parseConfig(
        "mermaid:\n  cacheDir: .cache\n  timeout: 30000\n  config:\n    flowchart: {curve: linear}\n    maxTextSize: 90000\n  light:\n    theme: forest\n  dark:\n    theme: dark\n    themeVariables: {primaryColor: '#333'}\n",
        "/p/designpress.config.yaml",
        "/p",
      );
      expect(config.mermaid).toEqual({
        cacheDir: "/p/.cache",
        timeout: 30000,
        config: { flowchart: { curve: "linear" }, maxTextSize: 90000 },
        light: { theme: "forest" },
        dark: { theme: "dark", themeVariables: { primaryColor: "#333" } },
      });
    });

    it("reports an unknown field at its line, with the one it nearly names", () => {
      expect(problems("title: T\nmermaid:\n  cachedir: .cache\n")).toEqual([
        "3:3: Unknown config field `mermaid.cachedir`; expected one of `cacheDir`, `timeout`, `config`, `light`, `dark` (did you mean `cacheDir`?)",
      ]);
    });

    it("takes a timeout in whole milliseconds, up to ten minutes", () => {
      const reason = (value: string) =>
        `Expected \`mermaid.timeout\` to be a whole number of milliseconds from 1 to 600000 (the default is 10000), found \`${value}\``;
      for (const value of ["0", "-5", "1.5", "10s", "600001"]) {
        expect(problems(`mermaid:\n  timeout: ${value}\n`)).toEqual([`2:12: ${reason(value)}`]);
      }
      expect(parseConfig("mermaid:\n  timeout: 1\n", "/p/c.yaml", "/p").mermaid.timeout).toBe(1);
    });

    it("takes mermaid's own settings as mappings, and refuses designpress's", () => {
      expect(
        problems(
          "mermaid:\n  config: linear\n  light:\n    securityLevel: loose\n  dark:\n    flowchar: {}\n",
        ),
      ).toEqual([
        "2:11: Expected `mermaid.config` to be a mapping of mermaid settings such as `flowchart: {curve: linear}`",
        "4:5: Expected `mermaid.light` to leave `securityLevel` to designpress (the diagrams are static and sanitized), found it set; remove it",
        "6:5: Unknown mermaid setting `mermaid.dark.flowchar` (did you mean `flowchart`?); see https://mermaid.js.org/config/schema-docs/config.html",
      ]);
      expect(problems("mermaid:\n  config:\n    theme: forest\n")).toEqual([
        "3:5: Expected the theme per colour scheme, found `mermaid.config.theme`; set `mermaid.light.theme` and `mermaid.dark.theme` instead",
      ]);
    });
  });

  it("normalises base paths", () => {
    expect(normaliseBase("")).toBe("/");
    expect(normaliseBase("/repo")).toBe("/repo/");
    expect(normaliseBase("a/b/")).toBe("/a/b/");
    expect(normaliseBase("/../x")).toBeUndefined();
    expect(normaliseBase("has space")).toBeUndefined();
  });
});
