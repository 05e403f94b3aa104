// The site config's mermaid settings reach the renderer through a real build.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { reporter } from "vfile-reporter";
import { afterAll, expect, it } from "vitest";
import { build } from "../../src/build/index.js";
import { temporaryFolder } from "../helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

it("themes the light rendering and passes mermaid's settings, as the config says", async () => {
  const { dir: root, cleanup } = await temporaryFolder("designpress-mermaid-settings-");
  cleanups.push(cleanup);
  await mkdir(path.join(root, "content"));
  await writeFile(
    path.join(root, "content", "a.md"),
    "# A\n\n```mermaid\nflowchart LR\n  A --> B\n```\n",
  );
  await writeFile(
    path.join(root, "designpress.config.yaml"),
    "mermaid:\n  timeout: 30000\n  config:\n    flowchart: {diagramPadding: 40}\n  light:\n    theme: forest\n",
  );
  const result = await build({ root, requireBrowser: true });
  expect(result.ok, reporter(result.files)).toBe(true);
  const page = await readFile(path.join(root, "dist", "a", "index.html"), "utf8");
  const [light = "", dark = ""] = page.split('class="diagram-dark"');
  // forest's node colour in the light rendering only.
  expect(light).toContain("#cde498");
  expect(dark).not.toContain("#cde498");
  // diagramPadding: 40 around the drawing: 32 more than mermaid's default of 8,
  // where the view box starts at 0 0.
  expect(light).toMatch(/viewBox="-32 -32 /);
});
