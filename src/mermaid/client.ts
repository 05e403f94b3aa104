import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Element } from "hast";
import { mermaidBundlePath } from "./mermaid-package.js";

/** Where the client files go, relative to the output folder. */
export const mermaidClientDir = "assets/mermaid";

/** The scripts a page whose diagrams are left to the reader's browser loads, in order. */
export const mermaidClientScriptPaths: readonly string[] = [
  `${mermaidClientDir}/mermaid.min.js`,
  `${mermaidClientDir}/mermaid-loader.js`,
];

/**
 * Renders every `<pre class="mermaid">` once mermaid's script has loaded, in
 * the colour scheme the page shows (`data-theme` on `<html>`, else the
 * reader's preference). Plain script: it runs without a bundler.
 */
const loaderSource = `// designpress: render the diagrams the build could not (no browser at build time).
(function () {
  var root = document.documentElement;
  var chosen = root.getAttribute("data-theme");
  var dark = chosen ? chosen === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  window.mermaid.run({ querySelector: "pre.mermaid" });
})();
`;

export interface MermaidClientFiles {
  /** Paths of the scripts to load, in order, relative to the output folder (with `/`). */
  scripts: string[];
}

/**
 * Copy mermaid's own browser bundle and a small loader into
 * `outDir/assets/mermaid/`, for pages whose diagrams were left to the client
 * (`file.data.mermaidClient`). No network: the bundle comes from node_modules.
 */
export async function copyMermaidClient(outDir: string): Promise<MermaidClientFiles> {
  const target = path.join(outDir, mermaidClientDir);
  await mkdir(target, { recursive: true });
  await Promise.all([
    copyFile(mermaidBundlePath(), path.join(target, "mermaid.min.js")),
    writeFile(path.join(target, "mermaid-loader.js"), loaderSource),
  ]);
  return {
    scripts: [...mermaidClientScriptPaths],
  };
}

/**
 * The `<script>` elements for a page that needs the client, to append at the
 * end of `<body>`. `base` is the site's base path (`/` or `/repo/`).
 */
export function mermaidClientScripts(base: string, files: MermaidClientFiles): Element[] {
  return files.scripts.map((script) => ({
    type: "element",
    tagName: "script",
    properties: { src: `${base}${script}`, defer: true },
    children: [],
  }));
}
