import type { FrontMatterPath } from "../../frontmatter/index.js";
import { isRecord } from "../controls.js";
import type { Finding, Rule } from "../types.js";

/** The marker `designpress new` writes where the author has work to do. */
export const placeholderMarker = "TODO";
const marker = /\bTODO\b/g;
// `test` on a global pattern moves its `lastIndex`: a yes/no test needs its own.
const hasMarker = /\bTODO\b/;

export const placeholder: Rule = {
  id: "nine-steps/placeholder",
  severity: "warning",
  description: "A `TODO` placeholder left in the text or the front matter",
  check({ lines, matter }) {
    const findings: Finding[] = [];
    if (matter) {
      for (const [path, value] of strings(matter.data, [])) {
        if (!hasMarker.test(value)) continue;
        findings.push({ reason: message(value), place: matter.locate(path) });
      }
    }
    // The front matter's lines were read above, from its values.
    const skip = matter?.lineOffset ?? 0;
    lines.forEach((line, index) => {
      if (index < skip) return;
      for (const match of line.matchAll(marker)) {
        findings.push({
          reason: message(line.slice(match.index)),
          place: {
            start: { line: index + 1, column: match.index + 1 },
            end: { line: index + 1, column: match.index + 1 + match[0].length },
          },
        });
      }
    });
    return findings;
  },
};

function message(rest: string): string {
  let text = rest.replace(/\s*(?:-->|\*\*|\|).*$/, "").trim();
  if (text.length > 60) text = `${text.slice(0, 59)}…`;
  return `Expected your own text, found the placeholder “${text}”; replace it, or delete it if the point does not apply`;
}

function* strings(value: unknown, path: FrontMatterPath): Generator<[FrontMatterPath, string]> {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* strings(item, [...path, index]);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
  }
}
