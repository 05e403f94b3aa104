export { browserFlags, findBrowser, requiredBrowserFlags } from "./browser.js";
export { createDiagramCache, diagramCacheKey } from "./cache.js";
export { copyMermaidClient, mermaidClientScripts } from "./client.js";
export { collectMermaid } from "./collect.js";
export { sweepLeftovers } from "./leftovers.js";
export { default as rehypeMermaidInline, inlineMermaidBlocks } from "./rehype-mermaid.js";
export {
  BrowserUnavailableError,
  createMermaidRenderer,
  type DiagramResult,
  defaultTimeoutMs,
  type FailureKind,
  type MermaidRendererOptions,
  type RenderProgress,
  type RenderReport,
  type RenderStats,
} from "./renderer.js";
export { sanitizeSvg, svgSchema } from "./sanitize.js";
export { parseSvg, renameIdsInCss, renumberIds } from "./svg.js";
