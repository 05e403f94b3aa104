/** The nine steps of the system-design method, in order (see the README and spec/method). */
export type StepId =
  | "requirements"
  | "constraints"
  | "capacity"
  | "apis"
  | "diagram"
  | "database"
  | "mvp"
  | "scaling"
  | "review";

export interface Step {
  /** 1 to 9. */
  number: number;
  id: StepId;
  /** The heading the template and messages use. */
  canonical: string;
  /** Other headings recognised as this step. */
  accepted: readonly string[];
  /** What the step must cover, for messages and the template. */
  covers: string;
}

export const steps: readonly Step[] = [
  {
    number: 1,
    id: "requirements",
    canonical: "Gather Requirements",
    accepted: ["Requirements", "Use Cases and Requirements", "Requirements and Use Cases"],
    covers: "use cases, customer (who uses it) and purpose (why it is needed)",
  },
  {
    number: 2,
    id: "constraints",
    canonical: "Discuss System Constraints",
    accepted: ["System Constraints", "Constraints"],
    covers: "limitations (what is not allowed) and permissions (what it may do)",
  },
  {
    number: 3,
    id: "capacity",
    canonical: "Capacity Estimation",
    accepted: [
      "Capacity Estimates",
      "Capacity Estimate",
      "Back-of-the-Envelope Estimation",
      "Back-of-the-Envelope Estimates",
      "Estimation",
    ],
    covers:
      "traffic (reads/s, writes/s), storage for three years, bandwidth in and out, cache by the 80-20 rule",
  },
  {
    number: 4,
    id: "apis",
    canonical: "Define System APIs",
    accepted: ["System APIs", "API Design", "APIs", "API"],
    covers: "at least one endpoint (HTTP method and path)",
  },
  {
    number: 5,
    id: "diagram",
    canonical: "Draw Top-Level System Diagram",
    accepted: [
      "Top-Level System Diagram",
      "Top-Level Design",
      "High-Level Design",
      "System Diagram",
      "Architecture",
    ],
    covers: "a diagram showing client, web servers, database and worker services",
  },
  {
    number: 6,
    id: "database",
    canonical: "Discuss Database Design",
    accepted: ["Database Design", "Data Model", "Schema", "Database Schema"],
    covers: "the SQL or NoSQL choice, and a schema",
  },
  {
    number: 7,
    id: "mvp",
    canonical: "Prototype a Minimum Viable Product",
    accepted: ["Minimum Viable Product", "MVP", "Prototype", "MVP Prototype"],
    covers: "a design for a single user",
  },
  {
    number: 8,
    id: "scaling",
    canonical: "Discuss Scaling",
    accepted: ["Scaling", "Scaling the Design", "Scale the Design"],
    covers: "bottlenecks and points of failure, and strategies to remove them",
  },
  {
    number: 9,
    id: "review",
    canonical: "Test and Review Your Design",
    accepted: ["Test and Review", "Review", "Testing", "Test and Review the Design"],
    covers: "failover scenarios, that the APIs serve every use case, and system boundaries",
  },
];

export const stepById: ReadonlyMap<StepId, Step> = new Map(steps.map((step) => [step.id, step]));

/** Extra headings per step, from the site config (`check.headings`). */
export type AcceptedHeadings = Partial<Record<StepId, readonly string[]>>;

// Words that may be added to or left out of a heading without changing the step.
const fillerWords = new Set(["a", "an", "the", "our", "your", "my", "its", "this", "of", "for"]);

// `3.`, `3)`, `3:`, `Step 3:`, `Step 3 -`, `III.` is not used in practice.
const stepLabel = /^\s*(?:step\s*)?\d+\s*(?:[.):\-–—]\s*)?/i;

/** A heading's text without its step label (`Step 4: API Design` → `API Design`). */
export function stripStepLabel(text: string): string {
  return text.replace(stepLabel, "");
}

/** The number a heading's step label gives (`Step 4: API Design` → 4), if it has one. */
export function stepLabelNumber(text: string): number | undefined {
  const label = stepLabel.exec(text)?.[0];
  const digits = label?.match(/\d+/)?.[0];
  return digits === undefined ? undefined : Number(digits);
}

/** Lower-case words of a heading, without label, punctuation or filler words. */
export function normaliseHeading(text: string): string {
  return stripStepLabel(text)
    .toLowerCase()
    .replace(/[-–—/]/g, " ")
    .replace(/[^\p{L}\p{N}\s]/gu, "")
    .split(/\s+/)
    .filter((word) => word !== "" && !fillerWords.has(word))
    .join(" ");
}

/** The step a heading's text names, if any. */
export type StepMatcher = (headingText: string) => Step | undefined;

/** Words a heading may add to a step's heading and still name that step ("High-Level Architecture"). */
const maxExtraWords = 2;

/**
 * A matcher over the canonical and accepted headings, plus any the site adds. A
 * heading names a step when, label, case, punctuation and filler words aside, it
 * is one of the step's headings, or holds one as a run of words with at most two
 * other words ("Requirements Clarification", "Create a high level design"). The
 * longest heading found wins, so "API Design" is step 4 and not a design step.
 */
export function createStepMatcher(extra: AcceptedHeadings = {}): StepMatcher {
  const phrases: { words: string[]; step: Step }[] = [];
  const exact = new Map<string, Step>();
  for (const step of steps) {
    for (const heading of [step.canonical, ...step.accepted, ...(extra[step.id] ?? [])]) {
      const key = normaliseHeading(heading);
      if (key === "" || exact.has(key)) continue;
      exact.set(key, step);
      phrases.push({ words: key.split(" "), step });
    }
  }
  phrases.sort((a, b) => b.words.length - a.words.length);

  return (headingText) => {
    const key = normaliseHeading(headingText);
    const found = exact.get(key);
    if (found || key === "") return found;
    const words = key.split(" ");
    for (const phrase of phrases) {
      if (words.length - phrase.words.length > maxExtraWords) continue;
      if (containsRun(words, phrase.words)) return phrase.step;
    }
    return undefined;
  };
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let start = 0; start + run.length <= words.length; start++) {
    if (run.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

/** The default matcher (no site additions). */
export const matchStep: StepMatcher = createStepMatcher();
