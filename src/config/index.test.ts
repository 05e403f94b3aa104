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
      "title: T\nauthor: A\nbio: B\nbase: /x/\nurl: https://a.github.io/\ntheme: plain\nunsafe: true\ncheck:\n  rules:\n    nine-steps/failover: off\n  headings:\n    capacity: [Sizing]\nmermaid:\n  cacheDir: .cache\n",
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
      check: { rules: { "nine-steps/failover": "off" }, headings: { capacity: ["Sizing"] } },
      mermaid: { cacheDir: "/p/.cache" },
    });
  });

  it("reports every mistake with its line, and the nearest field for a misspelling", () => {
    try {
      parseConfig(
        "titel: T\nbase: ../up\ncheck:\n  rules:\n    x: loud\nunsafe: yes\n",
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
        "1: Unknown config field `titel`; expected one of `title`, `author`, `bio`, `base`, `url`, `theme`, `unsafe`, `check`, `mermaid` (did you mean `title`?)",
        "2: Expected `base` to be a path such as `/` or `/repo-name/`, found `../up`",
        "5: Expected the severity of `x` to be `off`, `warning` or `error`, found `loud`",
        "6: Expected `unsafe` to be `true` or `false`",
      ]);
    }
  });

  it("normalises base paths", () => {
    expect(normaliseBase("")).toBe("/");
    expect(normaliseBase("/repo")).toBe("/repo/");
    expect(normaliseBase("a/b/")).toBe("/a/b/");
    expect(normaliseBase("/../x")).toBeUndefined();
    expect(normaliseBase("has space")).toBeUndefined();
  });
});
