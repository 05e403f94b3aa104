import { slug } from "github-slugger";

/**
 * Every rule id designpress reports, with what the README's message reference
 * says of it. Ids read `area/name`; an area names where the problem is (the
 * writeup's `content`, its `front-matter`, its `links`, a `mermaid` diagram, the
 * site `config`, the `build` as a whole, the `feed`) or, for `nine-steps/*`,
 * the method the writeup follows.
 */
export interface RuleEntry {
  id: string;
  /** What the message is unless the site config's `check.rules` sets the rule otherwise. */
  severity: "error" | "warning";
  /**
   * When an error of this rule fails `designpress build`: `always`, or only
   * with `--strict` (the nine-step method's own rules; `designpress check`
   * exits 1 on every error).
   */
  failsBuild: "always" | "strict";
  /** Whether `check.rules` (and, for the nine-step rules, comments) may set its severity or turn it off. */
  configurable: boolean;
  /** What it reports, one line. */
  description: string;
  /** Ids it had before (accepted in the config, listed in the README). */
  formerly?: readonly string[];
}

/** The README designpress's messages link to; the `homepage` of `package.json`. */
export const readmeUrl = "https://github.com/designpress/designpress";

const nineSteps = (
  name: string,
  severity: RuleEntry["severity"],
  description: string,
  failsBuild: RuleEntry["failsBuild"] = "strict",
): RuleEntry => ({
  id: `nine-steps/${name}`,
  severity,
  failsBuild,
  configurable: true,
  description,
});

const builds = (
  id: string,
  severity: RuleEntry["severity"],
  description: string,
  formerly?: readonly string[],
): RuleEntry => ({
  id,
  severity,
  failsBuild: "always",
  configurable: false,
  description,
  ...(formerly ? { formerly } : {}),
});

const link = (name: string, severity: RuleEntry["severity"], description: string): RuleEntry => ({
  id: `links/${name}`,
  severity,
  failsBuild: "always",
  configurable: true,
  description,
});

/** In the order the README's message reference lists them. */
export const ruleRegistry: readonly RuleEntry[] = [
  nineSteps("missing-step", "error", "A step of the method with no heading"),
  nineSteps("step-order", "error", "A step that comes before one it should follow"),
  nineSteps("duplicate-step", "warning", "A step that appears twice"),
  nineSteps("empty-step", "error", "A step with nothing but its heading and sub-headings"),
  nineSteps("requirements-coverage", "warning", "Step 1 without use cases, customer or purpose"),
  nineSteps("constraints-coverage", "warning", "Step 2 without limitations or permissions"),
  nineSteps(
    "capacity-coverage",
    "warning",
    "Step 3 without traffic, storage, bandwidth or cache, and no `capacity:` front matter",
  ),
  nineSteps("capacity-input", "error", "Invalid `capacity:` front matter", "always"),
  nineSteps(
    "stale-figure",
    "warning",
    "A hand-written figure in step 3 that disagrees with `capacity:`",
  ),
  nineSteps("api-endpoints", "warning", "Step 4 with no endpoint"),
  nineSteps("diagram-present", "warning", "Step 5 with no diagram"),
  nineSteps(
    "diagram-components",
    "warning",
    "A step-5 diagram without a client, web server, database or worker",
  ),
  nineSteps("database-choice", "warning", "Step 6 that names neither SQL nor NoSQL"),
  nineSteps("scaling-strategies", "warning", "Step 8 without bottlenecks or without any strategy"),
  nineSteps("failover", "warning", "Step 9 without failover scenarios"),
  nineSteps(
    "front-matter",
    "error",
    "Front matter that is not valid YAML, no `title`, or a field of the wrong type",
    "always",
  ),
  nineSteps("placeholder", "warning", "A `TODO` left in the text or the front matter"),
  nineSteps(
    "unknown-rule",
    "warning",
    "A rule id in the config, the front matter or a comment that no rule has",
  ),
  builds(
    "front-matter/slug",
    "error",
    "A `slug` outside the site, or one that clashes with the site's own paths",
    ["slug"],
  ),
  builds(
    "front-matter/unknown-field",
    "error",
    "A top-level front-matter field designpress does not read",
  ),
  builds(
    "front-matter/control-character",
    "warning",
    "A control character in `title`, `summary` or `tags`",
  ),
  builds(
    "content/read",
    "error",
    "A writeup that cannot be read, or is past a limit (size, nesting)",
    ["read"],
  ),
  builds("content/encoding", "warning", "A writeup that is not UTF-8"),
  builds("content/nesting", "error", "Lists, quotes or HTML nested deeper than the limit"),
  builds(
    "content/unsafe-html",
    "warning",
    "Raw HTML that the sanitizer removes (a script, an event handler…)",
  ),
  builds(
    "content/unsafe-url",
    "warning",
    "A link or image URL with an unsafe scheme (`javascript:`…), removed",
  ),
  builds(
    "content/estimate-directive",
    "error",
    "A misused `:estimate`/`::estimates` directive, or an unknown estimate key",
    ["estimate-directive"],
  ),
  link("missing-page", "error", "A relative link to a writeup that is not in the content folder"),
  link("missing-fragment", "error", "A `#heading` the linked page does not have"),
  link("unresolved", "warning", "A relative link or image to a file outside the content folder"),
  builds("mermaid/syntax", "error", "A diagram mermaid's parser rejects"),
  builds("mermaid/render", "error", "A diagram that does not render in the browser", [
    "mermaid-render",
  ]),
  builds("mermaid/browser-crash", "error", "The browser's page crashed while rendering a diagram"),
  builds("config/invalid", "error", "A site config that is not valid", ["config"]),
  builds("config/order", "error", "An `order:` entry that names no writeup"),
  builds(
    "build/symlink",
    "warning",
    "A symlink in the content folder, which the build does not follow",
  ),
  builds("build/path-collision", "error", "Two files that would be written to the same path"),
  builds("build/plugin", "error", "A plugin of the config module threw on the page"),
  builds("build/tag-collision", "error", "Two tags that would share one tag page"),
  builds("feed/undated", "warning", "A writeup without a `date`, left out of the feed"),
];

const byId = new Map<string, RuleEntry>(
  ruleRegistry.flatMap((entry) => [
    [entry.id, entry],
    ...(entry.formerly ?? []).map((old): [string, RuleEntry] => [old, entry]),
  ]),
);

/** The entry of `id` (or of an id it had before), if designpress has such a rule. */
export function ruleEntry(id: string): RuleEntry | undefined {
  return byId.get(id);
}

/** The README heading that documents `id`: a heading reading the id, slugged as GitHub does. */
export function ruleUrl(id: string): string | undefined {
  const entry = ruleEntry(id);
  return entry ? `${readmeUrl}#${slug(entry.id)}` : undefined;
}

/**
 * Whether an error of `id` fails a build: the registry says; a project's own
 * check rules (`customIds`) fail it only with `--strict`, as the method's do;
 * any other error fails it.
 */
export function failsBuild(
  id: string | undefined,
  strict: boolean,
  customIds: readonly string[] = [],
): boolean {
  if (id === undefined) return true;
  if (customIds.includes(id)) return strict;
  return ruleEntry(id)?.failsBuild === "strict" ? strict : true;
}
