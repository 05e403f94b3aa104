import { closest, distance } from "fastest-levenshtein";

/** `1 page`, `2 pages`: a count with its noun (nouns that take an `s`). */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// Longer words are cut before measuring: a megabyte of misspelt key costs nothing.
const longestWord = 200;

/**
 * The candidate nearest to `word` (case aside), when it is near enough to be a
 * likely typo: at most a third of the word's letters apart (two for short
 * words). Further than that, a suggestion would mislead (`completely_unrelated`
 * is not a misspelt `mermaid`), so there is none.
 */
export function nearestName(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word === "") return undefined;
  const lower = word.toLowerCase().slice(0, longestWord);
  const lowered = candidates.map((candidate) => candidate.toLowerCase());
  const found = closest(lower, lowered);
  const allowed = Math.max(2, Math.floor(lower.length / 3));
  return distance(lower, found) <= allowed ? candidates[lowered.indexOf(found)] : undefined;
}

/** ` (did you mean \`x\`?)` after a message, or nothing when no candidate is near. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const found = nearestName(word, candidates);
  return found === undefined ? "" : ` (did you mean \`${found}\`?)`;
}
