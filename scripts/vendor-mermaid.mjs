// Copies mermaid's self-contained browser bundle into lib/vendor/mermaid/, with
// its licence and version, and its self-contained ESM build (one module and its
// chunks, no source maps), which `designpress check` loads in Node to parse
// diagrams without a browser. They are all of mermaid that designpress loads at run
// time (into Chromium, into the site for readers' browsers, into Node), so the package
// ships it instead of depending on `mermaid`, whose Node build and dependencies
// (cytoscape, katex, langium…) are about 150 MB a user would install for
// nothing. Runs with `compile` and `prepare` (npm ci, npm pack, git installs),
// from the `mermaid` devDependency, the version mermaid-cli resolves.
import { createHash } from "node:crypto";
import { copyFile, cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const target = path.join(root, "lib", "vendor", "mermaid");
const source = path.dirname(createRequire(import.meta.url).resolve("mermaid/package.json"));
const { version, license } = JSON.parse(await readFile(path.join(source, "package.json"), "utf8"));
const bundle = await readFile(path.join(source, "dist", "mermaid.min.js"));

await rm(target, { recursive: true, force: true });
await mkdir(target, { recursive: true });
await writeFile(path.join(target, "mermaid.min.js"), bundle);
await copyFile(
  path.join(source, "dist", "mermaid.esm.min.mjs"),
  path.join(target, "mermaid.esm.min.mjs"),
);
const chunks = path.join("chunks", "mermaid.esm.min");
await cp(path.join(source, "dist", chunks), path.join(target, chunks), {
  recursive: true,
  filter: (file) => !file.endsWith(".map"),
});
await copyFile(path.join(source, "LICENSE"), path.join(target, "LICENSE"));
const sha256 = createHash("sha256").update(bundle).digest("hex");
await writeFile(
  path.join(target, "manifest.json"),
  `${JSON.stringify({ name: "mermaid", version, license, file: "mermaid.min.js", sha256 }, null, 2)}\n`,
);
