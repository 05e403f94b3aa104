import GithubSlugger from "github-slugger";
import type { Root } from "hast";
import { headingRank } from "hast-util-heading-rank";
import { toString as hastToString } from "hast-util-to-string";
import type { Plugin } from "unified";
import { noneSkipped, walkContent } from "../core/walk.js";

/**
 * An id for each heading that has none: GitHub's slug of its text (with
 * `github-slugger`), numbered when repeated, in document order — the ids
 * rehype-slug gives, which the test holds this to on every corpus writeup. In
 * a walk of our own ({@link walkContent}): rehype-slug's `visit` names a
 * function for every node it enters, which was 0.5 s of CPU in a cold build
 * of 1,000 writeups.
 */
const rehypeHeadingIds: Plugin<[], Root> = () => {
  const slugger = new GithubSlugger();
  return (tree) => {
    slugger.reset();
    walkContent(tree, noneSkipped, (node) => {
      if (node.type === "element" && headingRank(node) && !node.properties.id)
        node.properties.id = slugger.slug(hastToString(node));
    });
  };
};

export default rehypeHeadingIds;
