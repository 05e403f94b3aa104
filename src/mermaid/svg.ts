import type { Element, Properties, Root } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toString as hastToString } from "hast-util-to-string";
import { visit } from "unist-util-visit";

/**
 * mermaid's SVG as hast. It is parsed as HTML, as the page will parse it:
 * labels are HTML inside `<foreignObject>` (with `<br>`, not `<br/>`).
 */
export function parseSvg(svg: string): Element {
  const tree = fromHtml(svg, { fragment: true });
  const element = tree.children.find(
    (child): child is Element => child.type === "element" && child.tagName === "svg",
  );
  if (!element) throw new Error("Expected an <svg> element from mermaid, found none");
  return element;
}

/** Properties that may hold a `#id` reference. */
const linkProperties = new Set(["href", "xLinkHref"]);

/** Properties whose value is a list of ids. */
const idListProperties = new Set([
  "ariaLabelledBy",
  "ariaDescribedBy",
  "ariaControls",
  "ariaOwns",
  "ariaFlowTo",
  "htmlFor",
]);

const urlReference = /url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g;
const idSelector = /#(-?[A-Za-z_][\w-]*)/g;

function replaceUrlReferences(text: string, ids: ReadonlyMap<string, string>): string {
  return text.replace(urlReference, (match, quote: string, id: string) => {
    const renamed = ids.get(id);
    return renamed ? `url(${quote}#${renamed}${quote})` : match;
  });
}

/**
 * A style sheet with its `#id` selectors and `url(#id)` references renamed.
 * Only selectors are searched for `#id`, so colours such as `#fff` in
 * declarations are never mistaken for ids.
 */
export function renameIdsInCss(css: string, ids: ReadonlyMap<string, string>): string {
  let result = "";
  let segmentStart = 0;
  for (let index = 0; index <= css.length; index += 1) {
    const character = css[index];
    if (character !== "{" && character !== "}" && index !== css.length) continue;
    const segment = css.slice(segmentStart, index);
    const isSelector = character === "{";
    result += isSelector
      ? segment.replace(idSelector, (match, id: string) => {
          const renamed = ids.get(id);
          return renamed ? `#${renamed}` : match;
        })
      : replaceUrlReferences(segment, ids);
    result += character ?? "";
    segmentStart = index + 1;
  }
  return result;
}

function renameValue(name: string, value: Properties[string], ids: ReadonlyMap<string, string>) {
  if (typeof value === "string") {
    if (linkProperties.has(name) && value.startsWith("#")) {
      const renamed = ids.get(value.slice(1));
      return renamed ? `#${renamed}` : value;
    }
    return replaceUrlReferences(value, ids);
  }
  if (Array.isArray(value) && idListProperties.has(name)) {
    return value.map((token) => (typeof token === "string" ? (ids.get(token) ?? token) : token));
  }
  return value;
}

/**
 * Give every id in the SVG a new name: the root `prefix`, the others
 * `prefix-1`, `prefix-2`… in document order, and rewrite every reference to
 * them (`href="#…"`, `url(#…)`, `aria-labelledby`, `#id` selectors in
 * `<style>`). The names do not depend on mermaid's internal counters, which
 * carry over from one render to the next in the same page.
 *
 * mermaid repeats some ids within one SVG (a sequence diagram draws
 * `actor-man-torso3` twice): each repeat gets a name of its own, and
 * references keep pointing at the first, as `getElementById` resolves them.
 * Names in `taken` (the page's other ids) are skipped, and the names given
 * are added to it, so that several diagrams of a page never share one.
 */
export function renumberIds(svg: Element, prefix: string, taken = new Set<string>()): void {
  const ids = new Map<string, string>();
  const names = new Map<Element, string>();
  let count = 0;
  const nextName = (): string => {
    let name: string;
    do {
      count += 1;
      name = `${prefix}-${count}`;
    } while (taken.has(name));
    return name;
  };
  visit(svg as unknown as Root, "element", (element) => {
    const id = element.properties.id;
    if (typeof id !== "string") return;
    const name = element === svg && !taken.has(prefix) ? prefix : nextName();
    taken.add(name);
    names.set(element, name);
    if (!ids.has(id)) ids.set(id, name);
  });
  visit(svg as unknown as Root, "element", (element) => {
    for (const [property, value] of Object.entries(element.properties)) {
      element.properties[property] =
        property === "id" ? (names.get(element) ?? value) : renameValue(property, value, ids);
    }
    if (element.tagName === "style") {
      for (const child of element.children) {
        if (child.type === "text") child.value = renameIdsInCss(child.value, ids);
      }
    }
  });
}

/** The diagram's own accessible title (mermaid's `accTitle`), when it has a non-empty one. */
export function svgTitle(svg: Element): string | undefined {
  for (const child of svg.children) {
    if (child.type !== "element" || child.tagName !== "title") continue;
    const text = hastToString(child).trim();
    if (text) return text;
  }
  return undefined;
}
