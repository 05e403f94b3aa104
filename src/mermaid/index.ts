export {
  BrowserNotFoundError,
  browserEnvironmentVariables,
  browserFlags,
  findBrowser,
  type LaunchedBrowser,
  launchBrowser,
  systemBrowserPaths,
} from "./browser.js";
export {
  type CachedDiagram,
  type CacheKeyInput,
  createDiagramCache,
  type DiagramCache,
  defaultCacheDir,
  diagramCacheKey,
} from "./cache.js";
export {
  copyMermaidClient,
  type MermaidClientFiles,
  mermaidClientDir,
  mermaidClientScripts,
} from "./client.js";
export { collectMermaid, type MermaidBlock } from "./collect.js";
export {
  type ColourVariant,
  colourVariants,
  defaultMermaidConfig,
  defaultVariantConfigs,
  type MermaidConfig,
  mergeConfig,
  mermaidBundlePath,
  mermaidVersion,
} from "./mermaid-package.js";
export { openRenderPage, type PageRenderResult, type RenderPage } from "./page.js";
export {
  clientSideBlock,
  default as rehypeMermaidInline,
  diagramFigure,
  fallbackDiagramName,
  type RehypeMermaidInlineOptions,
} from "./rehype-mermaid.js";
export {
  BrowserUnavailableError,
  createMermaidRenderer,
  type DiagramError,
  type DiagramResult,
  type MermaidRenderer,
  type MermaidRendererOptions,
  type MermaidRequest,
  type RenderProgress,
  type RenderReport,
  type RenderStats,
} from "./renderer.js";
export {
  parseSvg,
  renameIdsInCss,
  renumberIds,
  stripActiveContent,
  svgAccessibility,
} from "./svg.js";
