import type { Root } from "mdast";
import type { Plugin } from "unified";
import { createStepMatcher } from "../method/index.js";
import "../writeup/data.js";
import { checkTree, readMatter, type StructureOptions } from "./check.js";

/**
 * Check a writeup against the nine-step method (its rules: the README, "Checking writeups").
 *
 * In designpress's pipeline `file.data.matter` is already set and the reader has
 * reported invalid YAML and a bad title; elsewhere (remark-cli, Astro, Docusaurus)
 * the plugin reads the front matter from the file's text itself and reports them.
 */
const remarkNineSteps: Plugin<[StructureOptions?], Root> = (options = {}) => {
  const matcher = createStepMatcher(options.headings);
  return (tree, file) => {
    const preset = file.data.matter;
    const input = preset
      ? { matter: preset, error: undefined, owned: false }
      : readMatter(String(file.value ?? ""));
    checkTree(tree, file, input, options, matcher);
  };
};

export default remarkNineSteps;
