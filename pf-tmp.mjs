import { readFileSync, readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { close, createIndex } from "pagefind";
const dir = "/tmp/ob/big-new";
const pages = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name.startsWith("design-")).map((d) => ({ url: `/${d.name}/`, html: readFileSync(`${dir}/${d.name}/index.html`, "utf8") })).slice(0, +process.argv[3]);
const mode = process.argv[2];
let t = performance.now();
const { index } = await createIndex({});
const adding = pages.map((p) => index.addHTMLFile({ url: p.url, content: p.html }));
await Promise.all(adding);
const tAdd = performance.now() - t; t = performance.now();
if (mode === "get") { const { files } = await index.getFiles(); console.log("files", files.length); }
else { await rm("/tmp/ob/pfout", { recursive: true, force: true }); await index.writeFiles({ outputPath: "/tmp/ob/pfout" }); }
console.log(mode, pages.length, { add: tAdd.toFixed(0), out: (performance.now() - t).toFixed(0) });
await close();
