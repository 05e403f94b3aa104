/**
 * Bounds that keep `check` and `build` from hanging (or crashing) on a writeup
 * made to be slow: both refuse a file past them before parsing it. See Security
 * in the README; the Markdown's nesting is bounded again once parsed
 * (`nesting.ts`).
 */

/**
 * The largest writeup designpress reads: ten times the largest real design
 * document we know of (a 109 kB Kubernetes enhancement proposal).
 */
export const maxSourceBytes = 1024 * 1024;

/**
 * Lines that open a list item, or a quote inside another container. micromark
 * takes time quadratic in the number of lists or quotes nested inside one
 * container (4,000 items that each hold a nested list: 6 s of CPU; 100,000
 * fit in 1 MiB). At 2,000 the worst shape takes under 2 s; the most list items
 * in a real document of the corpus is 513.
 */
export const maxNestedBlockLines = 2000;

/**
 * Quote and list markers at the start of one line: `- - - … x` nests a list in
 * a list on a single line, in time quadratic in the markers (10,000: 28 s).
 * As many as the nesting allowed once parsed.
 */
export const maxMarkersOnALine = 100;

export type ContainerProblem =
  | { kind: "markers"; line: number; markers: number }
  | { kind: "blocks"; line: number };

// The container prefix of a line: blanks, quote markers and list markers (a list
// marker is followed by a blank or the line's end).
const containerPrefix = /^(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))+/gm;
const marker = />|[-+*]|\d{1,9}[.)]/g;
const listMarker = /[-+*]|\d{1,9}[.)]/;
// `- - -` and `* * *` are thematic breaks, not lists.
const thematicBreak = /^[ \t>]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * The first line past either bound above, in one pass over the text: a line with
 * more than {@link maxMarkersOnALine} markers, or the line that opens one list
 * item or nested quote more than {@link maxNestedBlockLines}.
 */
export function findContainerProblem(text: string): ContainerProblem | undefined {
  let blocks = 0;
  let line = 1;
  let counted = 0;
  for (const match of text.matchAll(containerPrefix)) {
    const prefix = match[0];
    const markers = prefix.match(marker)?.length ?? 0;
    if (markers < 2 && !listMarker.test(prefix)) continue;
    const lineEnd = text.indexOf("\n", match.index);
    if (thematicBreak.test(text.slice(match.index, lineEnd === -1 ? undefined : lineEnd))) continue;
    line += countNewlines(text, counted, match.index);
    counted = match.index;
    if (markers > maxMarkersOnALine) return { kind: "markers", line, markers };
    blocks++;
    if (blocks > maxNestedBlockLines) return { kind: "blocks", line };
  }
  return undefined;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (
    let index = text.indexOf("\n", from);
    index !== -1 && index < to;
    index = text.indexOf("\n", index + 1)
  )
    count++;
  return count;
}
