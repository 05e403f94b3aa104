import { isRecord } from "../controls.js";
import type { Finding, Rule } from "../types.js";

export const frontMatter: Rule = {
  id: "nine-steps/front-matter",
  severity: "error",
  description: "Front matter that is not valid YAML, or a missing `title`",
  check({ matter, frontMatterError, ownsFrontMatter, tree }) {
    const findings: Finding[] = [];
    if (ownsFrontMatter && frontMatterError) {
      for (const problem of frontMatterError.problems) {
        findings.push({ reason: problem.reason, place: problem.place });
      }
    }
    if (!matter) return findings;
    const { data, locate } = matter;

    // Same wording as the build, which takes a `# heading` as the title when there is none.
    if (ownsFrontMatter && data.title === undefined) {
      const hasTitleHeading = tree.children.some(
        (node) => node.type === "heading" && node.depth === 1,
      );
      if (!hasTitleHeading) {
        findings.push({
          reason:
            "Expected a `title` in the front matter (or a `# heading`), found neither; add `title: …` between `---` fences at the top",
          place: { line: 1, column: 1 },
        });
      }
    } else if (ownsFrontMatter && (typeof data.title !== "string" || data.title.trim() === "")) {
      findings.push({
        reason: "Expected `title` to be a non-empty string",
        place: locate(["title"]),
      });
    }

    const check = data.check;
    if (check !== undefined) {
      const disable = isRecord(check) ? check.disable : undefined;
      if (!isRecord(check) || Object.keys(check).some((key) => key !== "disable")) {
        findings.push({
          reason: `Expected \`check\` to hold only \`disable\`, a list of rule ids (\`check: { disable: [nine-steps/failover] }\`), found ${describe(check)}; fix the front matter`,
          place: locate(["check"], { key: !isRecord(check) }),
        });
      } else if (
        disable !== undefined &&
        (!Array.isArray(disable) || !disable.every((id) => typeof id === "string"))
      ) {
        findings.push({
          reason: `Expected \`check.disable\` to be a list of rule ids such as \`[nine-steps/failover]\`, found ${describe(disable)}`,
          place: locate(["check", "disable"]),
        });
      }
    }
    return findings;
  },
};

function describe(value: unknown): string {
  if (isRecord(value))
    return `the fields ${Object.keys(value)
      .map((key) => `\`${key}\``)
      .join(", ")}`;
  if (Array.isArray(value)) return "a list";
  return `\`${String(value)}\``;
}
