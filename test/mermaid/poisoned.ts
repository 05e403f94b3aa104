import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const fixtures = path.join(import.meta.dirname, "fixtures/poisoned");

/**
 * What a crafted `.designpress-cache/` entry could hold, one attack per file
 * (`data-images.svg` is the exception: what must be kept), as `[name, svg]`.
 */
export const poisonedSvgs = readdirSync(fixtures)
  .filter((name) => name.endsWith(".svg"))
  .sort()
  .map((name) => [name, readFileSync(path.join(fixtures, name), "utf8").trim()] as const);
