import { readFileSync } from "node:fs";
import path from "node:path";
import { corpusDir } from "../helpers.js";

/** One diagram of `../shared/corpus/mermaid/manifest.json`. */
export interface MermaidCorpusEntry {
  file: string;
  type: string;
  parse_mermaid_11_14_0: string;
  parse_mermaid_12_3_0: string;
  deliberately_invalid: boolean | null;
}

export const mermaidCorpusDir = path.join(corpusDir, "mermaid");

export const mermaidCorpus = JSON.parse(
  readFileSync(path.join(mermaidCorpusDir, "manifest.json"), "utf8"),
) as MermaidCorpusEntry[];

/** A diagram as a page holds it: what the fence encloses, without the file's final newline. */
export function mermaidSource(entry: MermaidCorpusEntry): string {
  return readFileSync(path.join(mermaidCorpusDir, entry.file), "utf8").trimEnd();
}
