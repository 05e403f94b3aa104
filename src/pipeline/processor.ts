import type { Root as HastRoot } from "hast";
import type { Root as MdastRoot } from "mdast";
import rehypeSlug from "rehype-slug";
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { type Processor, unified } from "unified";
import remarkEstimates from "../capacity/remark-estimates.js";
import type { SiteConfig } from "../config/index.js";
import remarkLeftoverDirectives from "../directives/remark-leftover-directives.js";
import rehypeHighlight from "../highlight/index.js";
import rehypeHeadingAnchors from "../markup/heading-anchors.js";
import rehypeScrollRegions from "../markup/scroll-regions.js";
import rehypeSanitizeContent, { remarkMarkMade } from "../sanitize/index.js";
import { remarkNineSteps, splitRuleConfig } from "../structure/index.js";
import rehypeToc from "../toc/index.js";
import { remarkNestingLimit } from "../writeup/nesting.js";
import rehypeRawWhenNeeded from "./rehype-raw-when-needed.js";
import { rehypeDropTitle, remarkTitle } from "./remark-title.js";
import { rehypeStepAnchors, remarkMarkStepHeadings } from "./step-anchors.js";

export type PageProcessor = Processor<MdastRoot, MdastRoot, HastRoot, undefined, undefined>;

/**
 * Markdown → hast for one page, in the order the data flows: parse, our remark
 * plugins (structure, estimates, the title), hast, raw HTML, the sanitizer
 * (everything the writeup produced, before designpress adds markup of its own),
 * our rehype plugins (ids, step anchors, highlighting, table of contents).
 * Site-wide stages (diagrams, links, index) run after every page has been
 * through this, and the theme last.
 */
export function createPageProcessor(config: SiteConfig): PageProcessor {
  return (
    unified()
      .use(remarkParse)
      // Before remark-gfm, whose transforms walk the tree recursively.
      .use(remarkNestingLimit)
      .use(remarkGfm)
      .use(remarkDirective)
      .use(remarkNineSteps, {
        // remark-estimates reports invalid capacity inputs, which always fail a build.
        rules: { ...splitRuleConfig(config.check.rules).known, "nine-steps/capacity-input": "off" },
        ruleOptions: config.check.ruleOptions,
        headings: config.check.headings,
      })
      .use(remarkEstimates, { headings: config.check.headings })
      .use(remarkLeftoverDirectives)
      .use(remarkMarkStepHeadings)
      .use(remarkTitle)
      // Last before remark-rehype: what our remark plugins made, the sanitizer keeps.
      .use(remarkMarkMade)
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypeRawWhenNeeded)
      .use(rehypeSanitizeContent, { unsafe: config.unsafe })
      .use(rehypeSlug)
      .use(rehypeDropTitle)
      .use(rehypeStepAnchors)
      .use(rehypeHighlight)
      // After the table of contents, whose entries must not end in the anchor's "#".
      .use(rehypeToc, { maxDepth: 3 })
      .use(rehypeHeadingAnchors)
      .use(rehypeScrollRegions) as unknown as PageProcessor
  );
}
