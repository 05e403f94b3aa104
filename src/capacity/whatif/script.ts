import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

/**
 * The what-if's script: `client.ts` with the capacity modules it uses, bundled
 * and minified by esbuild when designpress is compiled (`npm run compile`). It is
 * in `lib/` in the package; this path resolves there from `src/` too, both being
 * three folders below the package root.
 */
export const whatIfBundle = new URL("../../../lib/capacity/whatif/whatif.min.js", import.meta.url);

/** The script as the site serves it: a content-hashed name under `assets/`, so Pages may cache it for long. */
export interface WhatIfScript {
  path: string;
  data: Buffer;
}

let loaded: Promise<WhatIfScript> | undefined;

/** The bundled script, read once per process (it changes only when designpress is compiled). */
export function whatIfScript(): Promise<WhatIfScript> {
  loaded ??= readFile(whatIfBundle).then(
    (data) => ({
      path: `assets/estimates-whatif.${createHash("sha256").update(data).digest("hex").slice(0, 10)}.js`,
      data,
    }),
    (error: NodeJS.ErrnoException) => {
      loaded = undefined;
      throw new Error(
        `The what-if script is missing (${error.code ?? String(error)} at ${whatIfBundle.pathname}); run \`npm run compile\` in designpress`,
      );
    },
  );
  return loaded;
}
