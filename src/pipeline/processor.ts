import type { Root as HastRoot } from "hast";
import type { Root as MdastRoot } from "mdast";
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { type Processor, unified } from "unified";
import remarkEstimates from "../capacity/remark-estimates.js";
import type { Extensions, SiteConfig } from "../config/index.js";
import remarkLeftoverDirectives from "../directives/remark-leftover-directives.js";
import rehypeHighlight from "../highlight/index.js";
import rehypePageIds from "../links/page-ids.js";
import rehypeHeadingIds from "../markup/heading-ids.js";
import rehypePageMarkup from "../markup/page-markup.js";
import rehypeSanitizeContent, { remarkMarkMade } from "../sanitize/index.js";
import { remarkNineSteps, splitRuleConfig } from "../structure/index.js";
import { remarkNestingLimit } from "../writeup/nesting.js";
import { remarkAutolinkLiteralsWhereLikely } from "./autolink-literals.js";
import { guardPlugin } from "./guard-plugin.js";
import rehypeRawWhenNeeded from "./rehype-raw-when-needed.js";
import { rehypeDropTitle, remarkTitle } from "./remark-title.js";
import { rehypeStepAnchors, remarkMarkStepHeadings } from "./step-anchors.js";

const noPlugins = { remarkPlugins: [], rehypePlugins: [], rules: [] };

export type PageProcessor = Processor<MdastRoot, MdastRoot, HastRoot, undefined, undefined>;

/**
 * Markdown → hast for one page, in the order the data flows: parse, our remark
 * plugins (structure, estimates, the title), the config module's remark plugins,
 * hast, raw HTML, the sanitizer (everything the writeup and those plugins
 * produced, before designpress adds markup of its own), our rehype plugins
 * (ids, step anchors, highlighting, table of contents), the config module's
 * rehype plugins. Site-wide stages (diagrams, links, index) run after every
 * page has been through this, and the theme last.
 *
 * A remark plugin works on what the author wrote, and may carry it anywhere
 * (into raw HTML, into attributes): its output is sanitized as the writeup's
 * is. A rehype plugin runs after the sanitizer, on the finished page, as
 * designpress's own do: what it adds is published as it is — trusted code,
 * like the theme.
 */
export function createPageProcessor(
  config: SiteConfig,
  extensions: Pick<Extensions, "remarkPlugins" | "rehypePlugins" | "rules"> = noPlugins,
): PageProcessor {
  const customIds = extensions.rules.map((rule) => rule.id);
  // Plugins may add markup the source does not show: every page is then read for raw HTML and sanitized.
  const everyPage = extensions.remarkPlugins.length > 0;
  return (
    unified()
      .use(remarkParse)
      // Before remark-gfm, whose transforms walk the tree recursively.
      .use(remarkNestingLimit)
      .use(remarkGfm)
      .use(remarkAutolinkLiteralsWhereLikely)
      .use(remarkDirective)
      .use(remarkNineSteps, {
        // remark-estimates reports invalid capacity inputs, which always fail a build.
        rules: {
          ...splitRuleConfig(config.check.rules, customIds).known,
          "nine-steps/capacity-input": "off",
        },
        ruleOptions: config.check.ruleOptions,
        headings: config.check.headings,
        customRules: extensions.rules,
      })
      .use(remarkEstimates, { headings: config.check.headings })
      .use(remarkLeftoverDirectives)
      .use(remarkMarkStepHeadings)
      .use(remarkTitle)
      // Last before remark-rehype: what our remark plugins made, the sanitizer keeps.
      .use(remarkMarkMade)
      .use(extensions.remarkPlugins.map((entry, index) => guardPlugin(entry, "remark", index)))
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypeRawWhenNeeded, { everyPage })
      .use(rehypeSanitizeContent, { unsafe: config.unsafe, everyPage })
      .use(rehypeHeadingIds)
      .use(rehypeDropTitle)
      .use(rehypeStepAnchors)
      .use(rehypeHighlight)
      // The table of contents, then the heading anchors (which its entries must
      // not end in), then focusable scroll regions, in one walk.
      .use(rehypePageMarkup, { maxDepth: 3 })
      .use(extensions.rehypePlugins.map((entry, index) => guardPlugin(entry, "rehype", index)))
      // Last: the ids of the page as the project's plugins leave it.
      .use(rehypePageIds) as unknown as PageProcessor
  );
}
