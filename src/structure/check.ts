import type { Root } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import type { Point, Position } from "unist";
import type { VFile } from "vfile";
import type { ProjectRule } from "../config/index.js";
import { type FrontMatter, type FrontMatterError, readFrontMatter } from "../frontmatter/index.js";
import {
  type AcceptedHeadings,
  createStepMatcher,
  outlineSteps,
  type StepId,
  type StepSection,
  steps,
} from "../method/index.js";
import "../writeup/data.js";
import { comparePoints, report, startOf } from "../core/messages.js";
import {
  isSuppressed,
  readInlineControls,
  readMatterDisable,
  type SeverityConfig,
  unknownIdFindings,
} from "./controls.js";
import { frontMatter } from "./rules/front-matter.js";
import { ruleIds, rules } from "./rules/index.js";
import type { Finding, RuleContext, RuleOptions, StepPresence } from "./types.js";

export interface StructureOptions {
  /** Severity per rule id (`off`, `warning`, `error`); the rest keep their defaults. */
  rules?: SeverityConfig;
  /** Options per rule id, such as `{"nine-steps/stale-figure": {"tolerance": 0.05}}`. */
  ruleOptions?: Readonly<Record<string, RuleOptions>>;
  /** Extra headings accepted per step id (the site config's `check.headings`). */
  headings?: AcceptedHeadings;
  /** Rules of the project's own (a config module's `rules`), run after the built-in ones. */
  customRules?: readonly ProjectRule[];
}

/** The front matter as the check sees it. */
export interface MatterInput {
  matter: FrontMatter | undefined;
  error: FrontMatterError | undefined;
  /** Whether the check read it (and so reports invalid YAML and a missing title). */
  owned: boolean;
}

/** Read the front matter from the file's text, as a plain remark pipeline must. */
export function readMatter(source: string): MatterInput {
  return { ...readFrontMatter(source), owned: true };
}

/**
 * Run every rule on a parsed writeup and put the messages on `file`, in document
 * order, honouring the severities, the front matter's `check.disable` and the inline
 * comments. Sets `file.data.steps`.
 */
export function checkTree(
  tree: Root,
  file: VFile,
  input: MatterInput,
  options: StructureOptions = {},
  matcher = createStepMatcher(options.headings),
): void {
  const lines = String(file.value ?? "").split(/\r?\n/);
  const customRules = options.customRules ?? [];
  const sections = outlineSteps(tree, matcher);
  file.data.outline = sections;
  const byStep = new Map<StepId, StepSection[]>();
  const firstOf = new Map<StepId, StepSection>();
  for (const section of sections) {
    const same = byStep.get(section.step.id);
    if (same) same.push(section);
    else {
      byStep.set(section.step.id, [section]);
      firstOf.set(section.step.id, section);
    }
  }
  file.data.steps = presence(firstOf);

  const controls = readInlineControls(tree, lines);
  const matterDisable = readMatterDisable(input.matter);
  const configured = Object.keys(options.rules ?? {}).sort();
  const controlFindings = unknownIdFindings(
    [
      ...configured.map((id) => ({
        id,
        place: { line: 1, column: 1 },
        where: "the `rules` option",
      })),
      ...matterDisable.map(({ id, place }) => ({ id, place, where: "`check.disable`" })),
      ...controls.flatMap((control) =>
        control.ids.map((id) => ({ id, place: control.point, where: "this comment" })),
      ),
    ],
    [...ruleIds, ...customRules.map((rule) => rule.id)],
  );

  const context: RuleContext = {
    tree,
    lines,
    sections,
    byStep,
    firstOf,
    stepDepth: sections[0]?.heading.depth ?? 2,
    matter: input.matter,
    frontMatterError: input.error,
    ownsFrontMatter: input.owned,
    matcher,
    controlFindings,
  };

  const disabledHere = new Set(matterDisable.map(({ id }) => id));
  const found: { ruleId: string; url?: string; fatal: boolean; finding: Finding }[] = [];
  // Front matter the reader could not parse is reported once, alone: without it the
  // other rules would only guess (every `capacity:`-based rule would complain).
  const frontMatterOnly = input.owned && input.error !== undefined;
  const checks = [
    ...rules.map((rule) => ({
      rule,
      run: (ruleOptions?: RuleOptions) => ({
        findings: rule.check(context, ruleOptions),
        broken: false,
      }),
    })),
    ...customRules.map((rule) => ({
      rule,
      run: (ruleOptions?: RuleOptions) => runCustomRule(rule, context, ruleOptions),
    })),
  ];
  for (const { rule, run } of checks) {
    if (frontMatterOnly && rule !== frontMatter) continue;
    const severity = options.rules?.[rule.id] ?? rule.severity;
    if (severity === "off" || disabledHere.has(rule.id)) continue;
    const { findings, broken } = run(options.ruleOptions?.[rule.id]);
    for (const finding of findings) {
      if (isSuppressed(controls, rule.id, finding.place)) continue;
      const fatal = severity === "error" || broken;
      found.push({ ruleId: rule.id, ...(rule.url ? { url: rule.url } : {}), fatal, finding });
    }
  }

  // A stable sort by place keeps rule order for messages at the same place.
  const start = (place: Position | Point | undefined) => startOf(place) ?? { line: 0, column: 0 };
  found.sort((a, b) => comparePoints(start(a.finding.place), start(b.finding.place)));
  for (const { ruleId, url, fatal, finding } of found) {
    const message = report(file, fatal, finding.reason, finding.place, ruleId);
    // A project's rule names its own docs; designpress's rules have theirs already.
    if (url && !message.url) message.url = url;
  }
}

/**
 * A project's rule, run so that its mistakes are its own message (an error at
 * line 1, under its id, whatever its severity) rather than a crash of the whole check.
 */
function runCustomRule(
  rule: ProjectRule,
  context: RuleContext,
  options?: RuleOptions,
): { findings: Finding[]; broken: boolean } {
  const broken = (found: string) => ({
    findings: [
      {
        reason: `Expected the rule \`${rule.id}\` to return a list of findings, found ${found}; fix the rule in the site config, or set it \`off\` in \`check.rules\``,
        place: { line: 1, column: 1 },
      },
    ],
    broken: true,
  });
  // The config checked that `check` is a function; it cannot name the context's type, which is this folder's.
  const check = rule.check as (context: RuleContext, options?: RuleOptions) => unknown;
  let findings: unknown;
  try {
    findings = check.call(rule, context, options);
  } catch (error) {
    return broken(
      `it threw \`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\``,
    );
  }
  if (!Array.isArray(findings)) return broken(`\`${typeof findings}\``);
  const valid = findings.every(
    (finding) =>
      typeof finding === "object" &&
      finding !== null &&
      typeof finding.reason === "string" &&
      (finding.place === undefined ||
        (typeof finding.place === "object" && finding.place !== null)),
  );
  if (!valid) return broken("a finding that is not `{ reason, place }`");
  return { findings, broken: false };
}

function presence(firstOf: ReadonlyMap<StepId, StepSection>): StepPresence[] {
  return steps.map((step) => {
    const section = firstOf.get(step.id);
    const entry: StepPresence = {
      number: step.number,
      id: step.id,
      canonical: step.canonical,
      present: Boolean(section),
    };
    if (section) {
      entry.heading = {
        text: mdastToString(section.heading),
        depth: section.heading.depth,
        position: section.heading.position,
        node: section.heading,
      };
    }
    return entry;
  });
}
