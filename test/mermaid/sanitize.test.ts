// The SVG sanitizer on poisoned SVGs, one attack per fixture in fixtures/poisoned/
// (what a crafted `.designpress-cache/` entry could hold). poisoned-cache.test.ts
// loads the same fixtures through a real build into Chromium.
import type { Element } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toHtml } from "hast-util-to-html";
import { visit } from "unist-util-visit";
import { describe, expect, it } from "vitest";
import { parseSvg, sanitizeSvg } from "../../src/mermaid/index.js";
import { poisonedSvgs } from "./poisoned.js";

const sanitized = (svg: string) => toHtml(sanitizeSvg(parseSvg(svg)));

const forbiddenElements = [
  "script",
  "iframe",
  "object",
  "embed",
  "base",
  "meta",
  "link",
  "form",
  "input",
  "button",
  "details",
  "video",
  "source",
  "noscript",
  "animate",
  "animateMotion",
  "animateTransform",
  "set",
  "discard",
  "mglyph",
  "table",
];

/** What a browser makes of a URL before it looks at the scheme: no ASCII whitespace or control characters. */
const schemeOf = (url: string) =>
  url
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the browser drops exactly these
    .replace(/[\u0000-\u0020]/g, "")
    .toLowerCase()
    .split(":")[0];

/**
 * Every problem left in markup, read back the way a browser would parse it:
 * the whole fragment, since an element that breaks out of the `<svg>` lands
 * beside it.
 */
function problemsIn(html: string): string[] {
  const problems: string[] = [];
  visit(fromHtml(html, { fragment: true }), "element", (element: Element) => {
    if (forbiddenElements.includes(element.tagName)) problems.push(`<${element.tagName}>`);
    for (const [name, value] of Object.entries(element.properties)) {
      if (/^on/i.test(name)) problems.push(`${element.tagName} ${name}`);
      if (typeof value !== "string" || !/href|src|action|data$/i.test(name)) continue;
      const scheme = schemeOf(value);
      const image = value.startsWith("data:image/");
      if (scheme === "javascript" || scheme === "vbscript" || (scheme === "data" && !image)) {
        problems.push(`${element.tagName} ${name}=${value}`);
      }
    }
    if (element.tagName === "style") {
      for (const child of element.children) {
        if (child.type !== "text") problems.push(`<${child.type}> in <style>`);
        else if (child.value.includes("<")) problems.push(`< in <style>: ${child.value}`);
      }
    }
  });
  return problems;
}

describe("every poisoned SVG is made safe", () => {
  it("has a fixture for each attack", () => {
    expect(poisonedSvgs.map(([name]) => name)).toEqual([
      "animate-href.svg",
      "base-meta-form.svg",
      "dangerous-urls.svg",
      "data-images.svg",
      "event-handlers.svg",
      "foreignobject-html.svg",
      "namespace-confusion.svg",
      "noscript.svg",
      "script.svg",
      "style-mxss.svg",
    ]);
  });

  // data-images.svg is the one fixture that is no attack: what must be kept.
  const attacks = poisonedSvgs.filter(([name]) => name !== "data-images.svg");
  it.each(attacks)("%s: unsanitized, the fixture puts something active in the page", (_, svg) => {
    expect(problemsIn(toHtml(parseSvg(svg)))).not.toEqual([]);
  });

  it.each(poisonedSvgs)("%s: nothing active is left", (_name, svg) => {
    expect(problemsIn(sanitized(svg))).toEqual([]);
  });

  it.each(poisonedSvgs)(
    "%s: the browser parses the result back to the same tree (no mXSS)",
    (_name, svg) => {
      const once = sanitized(svg);
      expect(toHtml(parseSvg(once))).toBe(once);
      expect(sanitized(once)).toBe(once);
    },
  );
});

describe("what the sanitizer keeps", () => {
  const read = (name: string) => poisonedSvgs.find(([file]) => file === name)?.[1] ?? "";

  it("keeps image data URLs on images, and web, mail and in-page links", () => {
    const images = sanitized(read("data-images.svg"));
    expect(images).toContain('<image href="data:image/png;base64,iVBORw0KGgo="');
    expect(images).toContain('<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="icon">');
    expect(images).toContain('<image href="https://mermaid.js.org/favicon.svg"');
    const links = sanitized(read("dangerous-urls.svg"));
    expect(links).toContain('<a href="https://mermaid.js.org/" target="_blank">');
    expect(links).toContain('<a href="mailto:a@example.com">');
    expect(links).toContain('<a href="#section">');
    expect(sanitized(read("base-meta-form.svg"))).toContain(
      '<a href="page.html">relative link</a>',
    );
  });

  it("keeps a label's text and mermaid's label markup", () => {
    expect(sanitized(read("foreignobject-html.svg"))).toContain(
      '<span class="nodeLabel"><p>label</p></span>',
    );
  });

  it("drops label markup outside <foreignObject>", () => {
    expect(sanitized('<svg><desc><img src="x"><b>B</b></desc></svg>')).toBe(
      "<svg><desc>B</desc></svg>",
    );
  });

  it("neutralises < in a style sheet with a CSS escape, which means the same to CSS", () => {
    expect(sanitized('<svg><style>.a::after{content:"&lt;"}</style></svg>')).toBe(
      '<svg><style>.a::after{content:"\\3c "}</style></svg>',
    );
  });

  // Moved from units.test.ts, where stripActiveContent did this before the sanitizer replaced it.
  it("strips script, event handlers and javascript: links", () => {
    const svg = parseSvg(
      '<svg onload="x()"><script>alert(1)</script><a href="java\nscript:alert(1)"><text onclick="y()">A</text></a>' +
        "<foreignObject><div><script>z()</script><b>B</b></div></foreignObject></svg>",
    );
    expect(toHtml(sanitizeSvg(svg))).toBe(
      "<svg><a><text>A</text></a><foreignObject><div><b>B</b></div></foreignObject></svg>",
    );
  });
});
