// `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run.
import { benchBuild } from "./build.js";
import { benchCheck } from "./check.js";
import { benchLighthouse } from "./lighthouse.js";
import { benchMermaid } from "./mermaid.js";

await benchBuild();
await benchCheck();
await benchMermaid();
await benchLighthouse();
