import type { Emitter, EmitterSite } from "./types.js";
// The page data the estimates plugin sets (`file.data.whatIf`).
import "../../capacity/remark-estimates.js";
import { whatIfScript } from "../../capacity/whatif/script.js";

/** Whether any page's estimates block holds a what-if form (`file.data.whatIf`). */
function anyWhatIf({ files }: EmitterSite): boolean {
  return files.some((file) => file.data.whatIf);
}

/**
 * The what-if's script, written once into `assets/` (a site without a what-if
 * gets none); each page that has one loads it through its model's `scripts`.
 */
export const whatIfEmitter: Emitter = {
  name: "what-if script",
  async claims(site) {
    if (!anyWhatIf(site)) return [];
    const { path } = await whatIfScript();
    return [{ path, source: "the what-if script of the estimates tables" }];
  },
  async emit(site, out) {
    if (!anyWhatIf(site)) return;
    const script = await whatIfScript();
    await out.write(script.path, script.data);
  },
};
