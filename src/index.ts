// designpress as a library: the build, the pipeline's plugins and the pure modules.
import { loadConfig as loadConfigWith, type SiteConfig } from "./config/index.js";
import { rules as checkRules } from "./structure/index.js";

export {
  type BuildCache,
  BuildError,
  type BuildOptions,
  type BuildResult,
  build,
  type Claim,
  createBuildCache,
  type Emitter,
  type EmitterSite,
  type OutputFolder,
} from "./build/index.js";
export { defineConfig, type UserConfig } from "./build/user-config.js";
export {
  default as remarkEstimates,
  type RemarkEstimatesOptions,
} from "./capacity/remark-estimates.js";
export { ConfigError, type PluginEntry, type SiteConfig } from "./config/index.js";
export { default as remarkLeftoverDirectives } from "./directives/remark-leftover-directives.js";
export { type FrontMatter, FrontMatterError, parseFrontMatter } from "./frontmatter/index.js";
export { default as rehypeResolveLinks, type SiteLinks } from "./links/index.js";
export {
  BrowserUnavailableError,
  collectMermaid,
  copyMermaidClient,
  createMermaidRenderer,
  type DiagramResult,
  type FailureKind,
  inlineMermaidBlocks,
  type MermaidRendererOptions,
  mermaidClientScripts,
  parseSvg,
  type RenderProgress,
  type RenderReport,
  type RenderStats,
  rehypeMermaidInline,
  sanitizeSvg,
  svgSchema,
} from "./mermaid/index.js";
export * from "./method/index.js";
export { createPageProcessor } from "./pipeline/processor.js";
export { defineRule } from "./structure/define-rule.js";
export {
  checkFile,
  remarkNineSteps,
  ruleList,
  type StructureOptions,
} from "./structure/index.js";
export type {
  Finding,
  Rule,
  RuleContext,
  RuleOptions,
  RuleSeverity,
  StepPresence,
} from "./structure/types.js";
export { default as rehypeToc, renderToc, type TocEntry } from "./toc/index.js";

/**
 * The site config of the project at `root`, checked as `build` and `check`
 * check it (rule options included). Throws `ConfigError` with every problem.
 */
export function loadConfig(root: string): Promise<SiteConfig> {
  return loadConfigWith(root, checkRules);
}
