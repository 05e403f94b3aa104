// The sped-up mermaid bundle must draw exactly what mermaid's own bundle draws.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser, type LaunchedBrowser, launchBrowser } from "../../src/mermaid/browser.js";
import { applySpeedups, bundleSpeedups } from "../../src/mermaid/bundle.js";
import {
  defaultMermaidConfig,
  defaultVariantConfigs,
  mergeConfig,
  mermaidBundlePath,
} from "../../src/mermaid/mermaid-package.js";
import {
  openRenderPage,
  type RenderPageFiles,
  removeRenderPageFiles,
  writeRenderPageFiles,
} from "../../src/mermaid/page.js";
import { corpusDir } from "../helpers.js";

const original = readFileSync(mermaidBundlePath(), "utf8");

type AssignWithDepth = (target: unknown, source: unknown, options?: { depth?: number }) => unknown;

/** A piece of the bundle as a function, with the bundle's `s` (name) helper. */
function compile(code: string): AssignWithDepth {
  return new Function(
    `"use strict"; const s = (f, n) => Object.defineProperty(f, "name", { value: n, configurable: true }); let vD; ${code}; return vD;`,
  )() as AssignWithDepth;
}

/**
 * Everything observable about a value: prototypes, own keys in order, property
 * attributes, and which objects are shared with the inputs rather than copied.
 */
function describeValue(value: unknown, inputs: Map<object, string>, seen = new Set()): unknown {
  if (typeof value !== "object" || value === null) {
    return typeof value === "function" ? `function ${value.name}` : value;
  }
  const shared = inputs.get(value);
  if (shared) return { shared };
  if (seen.has(value)) return "cycle";
  seen.add(value);
  const prototype = Object.getPrototypeOf(value);
  return {
    prototype:
      prototype === Object.prototype ? "Object" : prototype === Array.prototype ? "Array" : "other",
    properties: Reflect.ownKeys(value).map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      return {
        key: String(key),
        writable: descriptor?.writable,
        enumerable: descriptor?.enumerable,
        configurable: descriptor?.configurable,
        value: describeValue(descriptor?.value, inputs, seen),
      };
    }),
  };
}

function objectsOf(value: unknown, name: string, found = new Map<object, string>()) {
  if (typeof value !== "object" || value === null || found.has(value)) return found;
  found.set(value, name);
  for (const key of Reflect.ownKeys(value)) {
    objectsOf((value as Record<PropertyKey, unknown>)[key], `${name}.${String(key)}`, found);
  }
  return found;
}

describe("the assignWithDepth speed-up", () => {
  const speedup = bundleSpeedups.find((candidate) => candidate.name === "assignWithDepth");
  if (!speedup) throw new Error("no assignWithDepth speed-up");
  const originalAssign = compile(speedup.original);
  const fasterAssign = compile(speedup.replacement);

  it("still finds its piece, once, in the shipped mermaid", () => {
    expect(applySpeedups(original).applied).toEqual(bundleSpeedups.map(({ name }) => name));
  });

  const cases: [string, () => [unknown, unknown, { depth?: number }?]][] = [
    [
      "a configuration into an empty object",
      () => [
        {},
        {
          theme: "default",
          fontSize: 16,
          missing: null,
          nothing: undefined,
          flowchart: { curve: "basis", padding: 8, useMaxWidth: true, nested: { a: 1 } },
          themeVariables: { primaryColor: "#fff", none: null, list: [1, 1, 2] },
          dompurifyConfig: { ADD_TAGS: ["a", "a", "b"] },
          secure: ["secure", "securityLevel", "secure"],
          callback: Math.max,
        },
      ],
    ],
    [
      "over an object that already has some of the keys",
      () => [
        {
          theme: "dark",
          flowchart: { curve: "linear", extra: true },
          gone: null,
          empty: undefined,
        },
        {
          theme: "forest",
          flowchart: { curve: "basis" },
          gone: { a: 1 },
          empty: { b: 2 },
          flag: { c: 3 },
        },
      ],
    ],
    [
      "a primitive over an object and an object over a primitive",
      () => [
        { a: { x: 1 }, b: 5 },
        { a: 7, b: { y: 2 } },
      ],
    ],
    [
      "keys that objects inherit, and a JSON __proto__ key",
      () => [
        {},
        {
          constructor: "c",
          toString: { nested: true },
          valueOf: null,
          inner: JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}'),
          ...JSON.parse('{"__proto__": 5}'),
        },
      ],
    ],
    ["symbol keys", () => [{}, { inner: { [Symbol.for("s")]: 1, plain: 2 } }]],
    ["arrays of sources", () => [{}, [{ a: 1 }, { a: 2, b: { c: 3 } }]]],
    [
      "an array into an array",
      () => [
        [1, 2],
        [2, 3, 3],
      ],
    ],
    ["depth 3", () => [{}, { a: { b: { c: { d: 1 } } } }, { depth: 3 }]],
    ["depth 1", () => [{}, { a: { b: { c: 1 } } }, { depth: 1 }]],
    ["depth 0", () => [{ a: 1 }, { b: { c: 1 } }, { depth: 0 }]],
    ["an undefined target", () => [undefined, { a: 1 }]],
    [
      "a target with its own prototype",
      () => [Object.create({ inherited: { deep: 1 }, flag: 1 }), { inherited: { x: 1 }, flag: 2 }],
    ],
  ];

  it.each(cases)("gives the same result for %s", (_, makeArguments) => {
    const [originalTarget, originalSource, originalOptions] = makeArguments();
    const [fasterTarget, fasterSource, fasterOptions] = makeArguments();
    const originalResult = originalAssign(originalTarget, originalSource, originalOptions);
    const fasterResult = fasterAssign(fasterTarget, fasterSource, fasterOptions);
    expect(describeValue(fasterResult, objectsOf(fasterSource, "source"))).toEqual(
      describeValue(originalResult, objectsOf(originalSource, "source")),
    );
    expect(fasterResult === fasterTarget).toBe(originalResult === originalTarget);
    expect(describeValue(fasterSource, new Map())).toEqual(
      describeValue(originalSource, new Map()),
    );
  });
});

describe("the sped-up bundle in Chromium", () => {
  let launched: LaunchedBrowser;
  const files: RenderPageFiles[] = [];

  beforeAll(async () => {
    const found = findBrowser();
    if ("error" in found) throw found.error;
    launched = await launchBrowser(found.executablePath);
  });

  afterAll(async () => {
    await launched?.close();
    await Promise.all(files.map(removeRenderPageFiles));
  });

  it("draws every corpus diagram, light and dark, byte for byte as mermaid's own bundle", async () => {
    const manifest = JSON.parse(
      readFileSync(path.join(corpusDir, "mermaid/manifest.json"), "utf8"),
    ) as { file: string }[];
    const sources = manifest.map(({ file }) =>
      readFileSync(path.join(corpusDir, "mermaid", file), "utf8"),
    );
    const configs = [defaultVariantConfigs.light, defaultVariantConfigs.dark].map((variant) =>
      mergeConfig(mergeConfig(defaultMermaidConfig, variant), { startOnLoad: false }),
    );
    const drawAll = async (bundle: string) => {
      const pageFiles = await writeRenderPageFiles(bundle);
      files.push(pageFiles);
      const page = await openRenderPage(launched.browser, pageFiles);
      const drawings: string[] = [];
      for (const config of configs) {
        for (const source of sources) {
          const outcome = await page.render(source, config);
          drawings.push("svg" in outcome ? outcome.svg : `error: ${outcome.error}`);
        }
      }
      await page.close();
      return drawings;
    };
    const [expected, actual] = await Promise.all([
      drawAll(original),
      drawAll(applySpeedups(original).bundle),
    ]);
    expect(expected.filter((drawing) => drawing.startsWith("<svg")).length).toBeGreaterThan(250);
    for (const [index, drawing] of actual.entries()) {
      const file = manifest[index % sources.length]?.file;
      expect(drawing, file).toBe(expected[index]);
    }
    // Every corpus diagram twice in each of two bundles: about a minute with another file alongside.
  }, 300_000);
});
