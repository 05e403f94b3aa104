import { copyMermaidClient } from "../../mermaid/index.js";
import type { Emitter, EmitterSite } from "./types.js";

const needsClient = ({ files }: EmitterSite) => files.some((file) => file.data.mermaidClient);

/**
 * Without a browser at build time, diagrams render in the reader's browser:
 * mermaid's script goes to `assets/mermaid/`, and the pages that need it load
 * it (their models list the scripts, `mermaidClientScriptPaths`).
 */
export const mermaidClientEmitter: Emitter = {
  name: "mermaid client",
  claims: (site) =>
    needsClient(site)
      ? [
          {
            path: "assets/mermaid",
            source: "mermaid's script for the reader's browser",
            folder: true,
          },
        ]
      : [],
  async emit(site, out) {
    if (!needsClient(site)) return;
    await copyMermaidClient(out.dir);
  },
};
