import { readFileSync } from "node:fs";
import GithubSlugger from "github-slugger";
import type { Heading } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { linkRuleIds, linkSeverity } from "../links/resolve.js";
import { rules } from "../structure/rules/index.js";
import { fail } from "./messages.js";
import { failsBuild, readmeUrl, ruleEntry, ruleRegistry, ruleUrl } from "./rule-registry.js";

const repository = new URL("../../", import.meta.url);

/** The README's heading anchors, slugged as GitHub slugs them (a repeated heading gets `-1`). */
function readmeAnchors(): Set<string> {
  const tree = unified()
    .use(remarkParse)
    .parse(readFileSync(new URL("README.md", repository), "utf8"));
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  visit(tree, "heading", (heading: Heading) => {
    anchors.add(slugger.slug(mdastToString(heading)));
  });
  return anchors;
}

describe("the rule registry", () => {
  it("links every rule id to a heading of the README that exists", () => {
    const anchors = readmeAnchors();
    for (const { id } of ruleRegistry) {
      const url = ruleUrl(id);
      expect(url, id).toMatch(new RegExp(`^${readmeUrl}#`));
      expect(anchors, `${id}: no README heading for ${url}`).toContain(url?.split("#")[1]);
    }
    expect(new Set(ruleRegistry.map((entry) => entry.id)).size).toBe(ruleRegistry.length);
  });

  it("points at the README of the package's homepage", () => {
    const { homepage } = JSON.parse(readFileSync(new URL("package.json", repository), "utf8"));
    expect(homepage).toBe(`${readmeUrl}#readme`);
  });

  it("holds every nine-step rule with its severity, and the link rules with theirs", () => {
    for (const rule of rules) {
      expect(ruleEntry(rule.id), rule.id).toMatchObject({
        severity: rule.severity,
        configurable: true,
      });
    }
    for (const id of linkRuleIds) {
      expect(ruleEntry(id), id).toMatchObject({ severity: linkSeverity(id), configurable: true });
    }
    const configurable = ruleRegistry
      .filter((entry) => entry.configurable)
      .map((entry) => entry.id);
    expect(configurable.sort()).toEqual([...rules.map((rule) => rule.id), ...linkRuleIds].sort());
  });

  it("ids read area/name, and the old flat ids still find their rule", () => {
    for (const { id } of ruleRegistry) expect(id).toMatch(/^[a-z]+(-[a-z]+)*\/[a-z]+(-[a-z]+)*$/);
    expect(ruleEntry("mermaid-render")?.id).toBe("mermaid/render");
    expect(ruleEntry("read")?.id).toBe("content/read");
  });

  it("says which errors fail a build: the method's only with --strict, but front matter and capacity inputs always", () => {
    expect(failsBuild("nine-steps/missing-step", false)).toBe(false);
    expect(failsBuild("nine-steps/missing-step", true)).toBe(true);
    expect(failsBuild("nine-steps/front-matter", false)).toBe(true);
    expect(failsBuild("nine-steps/capacity-input", false)).toBe(true);
    expect(failsBuild("links/missing-page", false)).toBe(true);
    expect(failsBuild("mermaid/render", false)).toBe(true);
    expect(failsBuild("team/own-rule", false, ["team/own-rule"])).toBe(false);
    expect(failsBuild("team/own-rule", true, ["team/own-rule"])).toBe(true);
    expect(failsBuild(undefined, false)).toBe(true);
  });

  it("stamps the rule's url on every message, as unified-lint-rule does", () => {
    const file = new VFile({ path: "a.md" });
    const message = fail(file, "Expected x", { line: 1, column: 1 }, "content/nesting");
    expect(message).toMatchObject({
      ruleId: "content/nesting",
      source: "designpress",
      url: `${readmeUrl}#contentnesting`,
    });
  });
});
