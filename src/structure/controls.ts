import type { Root } from "mdast";
import type { Point, Position } from "unist";
import { visit } from "unist-util-visit";
import type { Severity } from "../config/types.js";
import { comparePoints, startOf } from "../core/messages.js";
import { nearestName } from "../core/words.js";
import type { FrontMatter } from "../frontmatter/index.js";
import type { Finding } from "./types.js";

/** `off`, `warning` or `error` per rule id, as in the site config. */
export type SeverityConfig = Record<string, Severity>;

/**
 * An inline control comment. mdast-comment-marker cannot be used: its attribute
 * syntax rejects ids with a `/`, and unified-message-control has no next-line form
 * (and drops messages placed after the last node, where a missing last step goes).
 */
interface InlineControl {
  kind: "disable" | "enable" | "disable-next-line";
  /** Rule ids; empty means every rule. */
  ids: string[];
  /** Where the comment starts. */
  point: Point;
  /** For `disable-next-line`: the first non-blank line after the comment. */
  line?: number;
}

const controlComment = /^<!--\s*designpress-(disable-next-line|disable|enable)\b([\s\S]*?)-->$/;

/** The `<!-- designpress-… -->` comments of a document, in order. */
export function readInlineControls(tree: Root, lines: readonly string[]): InlineControl[] {
  const controls: InlineControl[] = [];
  // Most writeups have none: no need to walk the tree for them.
  if (!lines.some((line) => line.includes("designpress-"))) return controls;
  visit(tree, "html", (node) => {
    const match = controlComment.exec(node.value.trim());
    const position = node.position;
    if (!match || !position) return;
    const kind = match[1] as InlineControl["kind"];
    const control: InlineControl = {
      kind,
      ids: (match[2] ?? "").split(/[\s,]+/).filter((id) => id !== ""),
      point: position.start,
    };
    if (kind === "disable-next-line") {
      let line = position.end.line + 1;
      while (line <= lines.length && (lines[line - 1] ?? "").trim() === "") line++;
      control.line = line;
    }
    controls.push(control);
  });
  return controls;
}

/** Whether the comments turn off `ruleId` at `place`. */
export function isSuppressed(
  controls: readonly InlineControl[],
  ruleId: string,
  place: Position | Point | undefined,
): boolean {
  const start = startOf(place);
  if (!start) return false;
  let disabled = false;
  for (const control of controls) {
    if (control.ids.length > 0 && !control.ids.includes(ruleId)) continue;
    if (control.kind === "disable-next-line") {
      if (control.line === start.line) return true;
    } else if (comparePoints(control.point, start) <= 0) {
      disabled = control.kind === "disable";
    }
  }
  return disabled;
}

/** Rule ids the front matter turns off for this writeup (`check: { disable: [...] }`). */
export function readMatterDisable(
  matter: FrontMatter | undefined,
): { id: string; place: Position | undefined }[] {
  const check = matter?.data.check;
  if (!isRecord(check) || !Array.isArray(check.disable)) return [];
  const disable: unknown[] = check.disable;
  return disable.flatMap((id, index) =>
    typeof id === "string" ? [{ id, place: matter?.locate(["check", "disable", index]) }] : [],
  );
}

/** Whether a front-matter value is a mapping (not a list, not a scalar). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A warning for each id that names no rule, with the nearest known id. */
export function unknownIdFindings(
  uses: readonly { id: string; place: Position | Point | undefined; where: string }[],
  known: readonly string[],
): Finding[] {
  return uses
    .filter((use) => !known.includes(use.id))
    .map((use) => ({
      reason: `Expected a known rule id in ${use.where}, found \`${use.id}\`${suggestion(use.id, known)}`,
      place: use.place,
    }));
}

/** `; did you mean \`x\`?` when a known id is near `id`. */
function suggestion(id: string, known: readonly string[]): string {
  const near = nearestName(id, known);
  return near === undefined ? "" : `; did you mean \`${near}\`?`;
}
