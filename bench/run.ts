// `npm run bench [-- part…]`: every benchmark (or the parts named), each printing
// ratios against a baseline measured in the same run.
import { benchBuild } from "./build.js";
import { benchCheck, benchCheckOne } from "./check.js";
import { benchDev } from "./dev.js";
import { benchLighthouse } from "./lighthouse.js";
import { benchMermaid } from "./mermaid.js";

const parts: Record<string, () => Promise<unknown>> = {
  build: benchBuild,
  check: () => benchCheck(),
  "check-one": benchCheckOne,
  dev: benchDev,
  diagrams: benchMermaid,
  lighthouse: benchLighthouse,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in parts));
if (unknown.length > 0) {
  console.error(
    `Expected benchmark parts among ${Object.keys(parts).join(", ")}, found ${unknown.join(", ")}`,
  );
  process.exit(2);
}
for (const [name, run] of Object.entries(parts)) {
  if (asked.length === 0 || asked.includes(name)) await run();
}
