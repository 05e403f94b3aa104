import type { Heading, Root } from "mdast";
import type { Point, Position } from "unist";
import type { RuleOption } from "../config/types.js";
import type { FrontMatter, FrontMatterError } from "../frontmatter/index.js";
import type { StepId, StepMatcher, StepSection } from "../method/index.js";

/** A rule's default severity; `off` in the site config turns it off. */
export type RuleSeverity = "warning" | "error";

/** What one rule sees: the parsed document, its step outline and its front matter. */
export interface RuleContext {
  tree: Root;
  /** The Markdown's lines as written (for rules that need exact columns, such as placeholders). */
  lines: readonly string[];
  /** Every heading recognised as a step, in document order (duplicates included). */
  sections: readonly StepSection[];
  /** The sections of each step present, in document order (a step written twice has two). */
  byStep: ReadonlyMap<StepId, readonly StepSection[]>;
  /** The first section of each step present, in document order. */
  firstOf: ReadonlyMap<StepId, StepSection>;
  /** The heading level the steps sit at (2 when no step was found). */
  stepDepth: number;
  /** The front matter, or undefined when it is not valid YAML. */
  matter: FrontMatter | undefined;
  /** Why the front matter could not be read, if it could not. */
  frontMatterError: FrontMatterError | undefined;
  /**
   * Whether this check read the front matter itself. In designpress's pipeline the
   * reader has already reported invalid YAML and a bad title, so they are not repeated.
   */
  ownsFrontMatter: boolean;
  /** Recognises step headings (canonical, accepted and site-configured ones). */
  matcher: StepMatcher;
  /** Unknown rule ids in options, front matter and comments, found before the rules run. */
  controlFindings: readonly Finding[];
}

/** One problem a rule found: the message and where it belongs. */
export interface Finding {
  reason: string;
  place: Position | Point | undefined;
}

/** A rule's options as the site config gives them (`[warning, { tolerance: 5% }]`). */
export type RuleOptions = Readonly<Record<string, unknown>>;

export interface Rule {
  /** Stable id such as `nine-steps/missing-step`; users disable rules by it. */
  id: string;
  severity: RuleSeverity;
  /**
   * Where a project's rule is documented: the `url` of its messages (designpress's
   * own rules have theirs from the rule registry).
   */
  url?: string;
  /** What the rule reports, one line, for `--help`, docs and the rule list. */
  description: string;
  /** The options the rule takes, each with its check and what it expects (for messages). */
  options?: Readonly<Record<string, RuleOption>>;
  /** `options` are the site config's for this rule, when it gives some. */
  check(context: RuleContext, options?: RuleOptions): Finding[];
}

/** A step of the method as it appears (or not) in one writeup. */
export interface StepPresence {
  number: number;
  id: StepId;
  /** The canonical heading, for panels and messages. */
  canonical: string;
  present: boolean;
  /** The first heading recognised as this step, when present (`node`: the heading itself). */
  heading?: { text: string; depth: number; position: Position | undefined; node: Heading };
}

declare module "vfile" {
  interface DataMap {
    /** The nine steps in method order, with the heading that carries each one present. */
    steps: StepPresence[];
  }
}
