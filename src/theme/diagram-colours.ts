import type { MermaidConfig } from "../mermaid/mermaid-package.js";

/**
 * The default theme's colours for mermaid, on top of mermaid's `default`
 * (light) and `dark` themes. mermaid's dark edge labels are #ccc on #585858,
 * 4.43:1, under WCAG AA's 4.5:1; on #404040 they are 7.0:1.
 */
export const diagramVariants: { light: MermaidConfig; dark: MermaidConfig } = {
  light: {},
  dark: { themeVariables: { edgeLabelBackground: "#404040" } },
};
