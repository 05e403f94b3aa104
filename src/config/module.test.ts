import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, type ReadConfig, readConfig } from "./index.js";

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** A project holding `files` (name → text). */
async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "designpress-config-module-"));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text);
  return root;
}

/** The config error's messages as `file:line:column reason` (a message names its file relative to the project). */
async function problemsOf(root: string): Promise<string[]> {
  const error = await readConfig(root).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems.map(
    (problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.reason}`,
  );
}

const rule = (id: string) =>
  `{ id: "${id}", severity: "warning", description: "d", check: () => [] }`;

describe("a config module (designpress.config.mjs)", () => {
  it("takes every field the YAML does, checked the same way, and the code fields apart", async () => {
    const root = await project({
      "designpress.config.mjs": `
        const plugin = () => () => {};
        export default {
          title: "Mine",
          base: "designs",
          feed: false,
          order: ["b", "a"],
          check: { rules: { "team/x": "error", "nine-steps/failover": "off" }, headings: { capacity: ["Sizing"] } },
          mermaid: { light: { theme: "forest" }, dark: { theme: "dark" }, config: { flowchart: { curve: "linear" } } },
          remarkPlugins: [plugin],
          rehypePlugins: [[plugin, { a: 1 }]],
          rules: [${rule("team/x")}],
          emitters: [{ name: "e", claims: () => [], emit: async () => {} }],
        };`,
    });
    const read: ReadConfig = await readConfig(root);
    expect(read.fileName).toBe("designpress.config.mjs");
    expect(read.config).toMatchObject({
      title: "Mine",
      base: "/designs/",
      feed: false,
      order: ["b", "a"],
      check: {
        rules: { "team/x": "error", "nine-steps/failover": "off" },
        headings: { capacity: ["Sizing"] },
      },
      mermaid: {
        light: { theme: "forest" },
        dark: { theme: "dark" },
        config: { flowchart: { curve: "linear" } },
      },
    });
    expect(read.extensions.remarkPlugins).toHaveLength(1);
    expect(read.extensions.rehypePlugins[0]).toEqual([expect.any(Function), { a: 1 }]);
    expect(read.extensions.rules.map(({ id }) => id)).toEqual(["team/x"]);
    expect(read.extensions.emitters.map(({ name }) => name)).toEqual(["e"]);
    expect(read.module).toEqual({
      path: path.join(root, "designpress.config.mjs"),
      hash: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    // Placed at line 1: a module's values have no line of their own.
    expect(read.rulePlaces.get("team/x")).toEqual({ line: 1, column: 1 });
  });

  it("reads designpress.config.js too, and a module that shares one object between two fields", async () => {
    const root = await project({
      "package.json": '{ "type": "module" }',
      "designpress.config.js":
        'const scheme = { theme: "neutral" };\nexport default { mermaid: { light: scheme, dark: scheme } };\n',
    });
    const { config, fileName } = await readConfig(root);
    expect(fileName).toBe("designpress.config.js");
    expect(config.mermaid.dark).toEqual({ theme: "neutral" });
  });

  it("reports the data fields' mistakes as the YAML's, naming the module at line 1", async () => {
    const root = await project({
      "designpress.config.mjs":
        'export default { title: 3, titel: "x", remarkPlugin: [], check: { rules: { "team/x": "loud" } } };\n',
    });
    expect(await problemsOf(root)).toEqual([
      "designpress.config.mjs:1:1 Expected `title` to be a non-empty string",
      expect.stringMatching(
        /^designpress\.config\.mjs:1:1 Unknown config field `titel`; expected one of .* \(did you mean `title`\?\)$/,
      ),
      expect.stringMatching(
        /^designpress\.config\.mjs:1:1 Unknown config field `remarkPlugin`; expected one of .*`remarkPlugins`, `rehypePlugins`, `rules`, `emitters` \(did you mean `remarkPlugins`\?\)$/,
      ),
      "designpress.config.mjs:1:1 Expected the severity of `team/x` to be `off`, `warning` or `error`, found `loud`",
    ]);
  });

  it("checks the code fields' shape, and keeps a rule's id out of designpress's areas", async () => {
    const root = await project({
      "designpress.config.mjs": `export default {
        remarkPlugins: ["remark-gfm"],
        rehypePlugins: {},
        rules: [
          ${rule("nine-steps/mine")},
          ${rule("Mine")},
          ${rule("team/a")},
          ${rule("team/a")},
          { id: "team/b", check: () => [] },
        ],
        emitters: [{ name: "e", claims: () => [] }],
      };\n`,
    });
    expect(await problemsOf(root)).toEqual([
      'designpress.config.mjs:1:1 Expected `remarkPlugins[0]` to be a unified plugin (a function) or `[plugin, options]`, found the text `remark-gfm`; import the plugin\'s default export (`import remarkEmoji from "remark-emoji"`)',
      "designpress.config.mjs:1:1 Expected `rehypePlugins` to be a list of unified plugins, each a function or `[plugin, options]`, found an empty object",
      "designpress.config.mjs:1:1 Expected the id of `rules[0]` in an area of your own, found `nine-steps/mine`: `nine-steps/` is designpress's; name it `team/mine` or the like",
      "designpress.config.mjs:1:1 Expected the id of `rules[1]` to be `area/name` in lower case with hyphens (`team/adr-link`), found `Mine`",
      "designpress.config.mjs:1:1 Expected each rule id once in `rules`, found `team/a` again at `rules[3]`; rename one",
      "designpress.config.mjs:1:1 Expected `rules[4]` to have `severity` (`warning` or `error`), `description` (one line), found an object with `id`, `check`",
      "designpress.config.mjs:1:1 Expected `emitters[0]` to have `emit(site, out)` (a function), found an object with `name`, `claims`",
    ]);
  });

  it("checks the options of a rule of the project's as a built-in rule's", async () => {
    const module = (value: string) => `export default {
      check: { rules: { "team/long": ["warning", { max: ${value} }] } },
      rules: [{
        id: "team/long", severity: "warning", description: "d", check: () => [],
        options: { max: { expected: "a whole number", parse: (v) => Number.isInteger(v) ? { ok: true, value: v } : { ok: false } } },
      }],
    };\n`;
    const good = await readConfig(await project({ "designpress.config.mjs": module("3") }));
    expect(good.config.check.ruleOptions).toEqual({ "team/long": { max: 3 } });
    expect(await problemsOf(await project({ "designpress.config.mjs": module('"x"') }))).toEqual([
      "designpress.config.mjs:1:1 Expected `max` of `team/long` to be a whole number, found `x`",
    ]);
  });

  // How a module that throws or does not parse is reported depends on Node's own
  // loader, not vitest's: test/extend.test.ts runs those through the command.
  it("says what is wrong with a module that exports no object", async () => {
    const cases: Record<string, string> = {
      "export const title = 'x';\n":
        '1:1 Expected the config module\'s default export to be an object of fields (`export default { title: "…" }`), found no default export',
      "export default () => ({});\n":
        '1:1 Expected the config module\'s default export to be an object of fields (`export default { title: "…" }`), found a function',
      "const config = { title: 'x' };\nconfig.self = config;\nexport default config;\n":
        "1:1 Expected the config's fields to be plain data, found a value that contains itself; give each field its own value",
    };
    for (const [text, expected] of Object.entries(cases)) {
      const root = await project({ "designpress.config.mjs": text });
      const [problem] = await problemsOf(root);
      expect(problem, text).toContain(`designpress.config.mjs:${expected}`);
    }
  });

  it("refuses a module beside a YAML config, naming both", async () => {
    const root = await project({
      "designpress.config.yaml": "title: A\n",
      "designpress.config.mjs": "export default { title: 'B' };\n",
    });
    expect(await problemsOf(root)).toEqual([
      "designpress.config.yaml:1:1 Expected one site config, found `designpress.config.yaml` and `designpress.config.mjs`; keep one (a config module holds every field the YAML does)",
    ]);
  });

  it("tells a YAML config that code fields belong in a module", async () => {
    const root = await project({ "designpress.config.yaml": "title: A\nrules: []\n" });
    expect(await problemsOf(root)).toEqual([
      "designpress.config.yaml:2:1 Expected `rules` in a config module (`designpress.config.mjs`), found it in designpress.config.yaml, which holds data only; move the config to a module (see Extending designpress in the README)",
    ]);
  });
});
