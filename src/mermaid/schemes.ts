import type { Element, ElementContent, Properties, Root } from "hast";
import { visit } from "unist-util-visit";
import { copyTree } from "../core/copy-tree.js";
import { renameIdsInCss } from "./svg.js";

/**
 * One SVG for both colour schemes, when a diagram's light and dark renderings
 * differ only in their style sheet: the light sheet as it is, then the dark
 * sheet's rules scoped to the dark scheme (the site's `data-theme="dark"`, or
 * `prefers-color-scheme: dark` unless `data-theme="light"`), on screen only so
 * that print stays light. The scoped rules are more specific than the light
 * ones, so in dark every declaration of the dark rendering wins.
 *
 * mermaid writes some types' colours into attributes (pie, quadrant, xychart…)
 * or inline styles: those renderings differ outside the style sheet, and
 * {@link mergeSchemes} returns undefined for them; the page keeps both SVGs.
 */

/** Definitions mermaid adds for one theme only (the dark theme's gradient); unused ones may differ. */
const definitionTags = new Set([
  "linearGradient",
  "radialGradient",
  "filter",
  "marker",
  "pattern",
  "clipPath",
  "mask",
]);

const urlReference = /url\(\s*['"]?#([^'")\s]+)['"]?\s*\)/g;

/** Every id the SVG refers to: `url(#…)` in attributes and style sheets, `href="#…"`. */
function referencedIds(svg: Element): Set<string> {
  const ids = new Set<string>();
  const scan = (text: string) => {
    for (const match of text.matchAll(urlReference)) ids.add(match[1] as string);
  };
  visit(svg as unknown as Root, (node) => {
    if (node.type === "text") scan(node.value);
    if (node.type !== "element") return;
    for (const [name, value] of Object.entries(node.properties)) {
      if (typeof value !== "string") continue;
      if ((name === "href" || name === "xLinkHref") && value.startsWith("#"))
        ids.add(value.slice(1));
      else scan(value);
    }
  });
  return ids;
}

function styleText(element: Element): string {
  return element.children.map((child) => (child.type === "text" ? child.value : "")).join("");
}

interface Alignment {
  /** Dark id → the light id of the same element. */
  darkToLight: Map<string, string>;
  lightStyle: string[];
  darkStyle: string[];
}

function sameProperties(light: Properties, dark: Properties, isRoot: boolean): boolean {
  const names = new Set([...Object.keys(light), ...Object.keys(dark)]);
  for (const name of names) {
    if (name === "id") continue;
    // The root's class names its variant (`diagram-light`, `diagram-dark`).
    if (isRoot && name === "className") continue;
    if (JSON.stringify(light[name]) !== JSON.stringify(dark[name])) return false;
  }
  return true;
}

/**
 * Walk both renderings together. Elements must match one for one, with the
 * same attributes and text, except: `<style>` text (collected), ids (mapped),
 * definitions that only the dark rendering has (added to the light tree), and
 * the inside of definitions nothing refers to.
 */
function align(
  light: Element,
  dark: Element,
  unused: ReadonlySet<string>,
  alignment: Alignment,
  isRoot = false,
): boolean {
  if (light.tagName !== dark.tagName) return false;
  const lightId = light.properties.id;
  const darkId = dark.properties.id;
  if (typeof lightId === "string" && typeof darkId === "string") {
    alignment.darkToLight.set(darkId, lightId);
  } else if (lightId !== darkId) return false;
  if (definitionTags.has(light.tagName) && typeof lightId === "string" && unused.has(lightId)) {
    return true;
  }
  if (light.tagName === "style") {
    alignment.lightStyle.push(styleText(light));
    alignment.darkStyle.push(styleText(dark));
    return true;
  }
  if (!sameProperties(light.properties, dark.properties, isRoot)) return false;

  const merged: ElementContent[] = [];
  let darkIndex = 0;
  for (const lightChild of light.children) {
    let darkChild = dark.children[darkIndex];
    // A definition only the dark theme writes: keep it (unreferenced in light, harmless).
    while (
      darkChild?.type === "element" &&
      lightChild.type === "element" &&
      darkChild.tagName !== lightChild.tagName &&
      definitionTags.has(darkChild.tagName)
    ) {
      merged.push(darkChild);
      darkIndex += 1;
      darkChild = dark.children[darkIndex];
    }
    if (!darkChild || darkChild.type !== lightChild.type) return false;
    if (lightChild.type === "element") {
      if (!align(lightChild, darkChild as Element, unused, alignment)) return false;
    } else if ("value" in lightChild && "value" in darkChild) {
      if (lightChild.value !== darkChild.value) return false;
    }
    merged.push(lightChild);
    darkIndex += 1;
  }
  for (const rest of dark.children.slice(darkIndex)) {
    if (rest.type !== "element" || !definitionTags.has(rest.tagName)) return false;
    merged.push(rest);
  }
  light.children = merged;
  return true;
}

interface CssRule {
  /** The selector list, or the at-rule's prelude (`@keyframes dash`). */
  prelude: string;
  /** What is between the braces. */
  body: string;
}

/** The top-level rules of a style sheet (nested blocks, as in `@keyframes`, stay in their body). */
export function topLevelRules(css: string): CssRule[] {
  const rules: CssRule[] = [];
  let depth = 0;
  let start = 0;
  let open = 0;
  for (let index = 0; index < css.length; index += 1) {
    const character = css[index];
    if (character === "{") {
      if (depth === 0) open = index;
      depth += 1;
    } else if (character === "}") {
      depth -= 1;
      if (depth === 0) {
        rules.push({ prelude: css.slice(start, open).trim(), body: css.slice(open + 1, index) });
        start = index + 1;
      }
    }
  }
  return rules;
}

/** A rule's declarations by property, with whether each is `!important`. */
function declarations(body: string): Map<string, boolean> {
  const result = new Map<string, boolean>();
  for (const declaration of body.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon === -1) continue;
    result.set(declaration.slice(0, colon).trim(), /!\s*important\s*$/.test(declaration));
  }
  return result;
}

/** `selector property` → important, for every declaration of the sheet's plain rules. */
function declared(rules: readonly CssRule[]): Map<string, boolean> {
  const result = new Map<string, boolean>();
  for (const rule of rules) {
    if (rule.prelude.startsWith("@")) continue;
    for (const selector of rule.prelude.split(",")) {
      for (const [property, important] of declarations(rule.body)) {
        result.set(`${selector.trim()} ${property}`, important);
      }
    }
  }
  return result;
}

const darkBySwitch = ':root[data-theme="dark"]';
const darkByPreference = ':root:not([data-theme="light"])';

function scoped(rules: readonly CssRule[], scope: string): string {
  return rules
    .map((rule) => {
      const selectors = rule.prelude
        .split(",")
        .map((selector) => `${scope} ${selector.trim()}`)
        .join(",");
      return `${selectors}{${rule.body}}`;
    })
    .join("");
}

/**
 * The style sheet of the merged SVG, or undefined when the light sheet says
 * something the dark one does not override (it would leak into dark).
 */
function mergeStyles(light: string, dark: string): string | undefined {
  const lightRules = topLevelRules(light);
  const darkRules = topLevelRules(dark);
  const lightDeclared = declared(lightRules);
  const darkDeclared = declared(darkRules);
  for (const [key, important] of lightDeclared) {
    if (darkDeclared.get(key) !== important) return undefined;
  }
  const lightTexts = new Set(lightRules.map((rule) => `${rule.prelude}{${rule.body}}`));
  const atRules = darkRules.filter(
    (rule) => rule.prelude.startsWith("@") && !lightTexts.has(`${rule.prelude}{${rule.body}}`),
  );
  const plain = darkRules.filter((rule) => !rule.prelude.startsWith("@"));
  // A dark rule equal to a light one can be left out when no rule that must be
  // scoped sets any of its properties (it could otherwise be overridden in dark).
  const needed = new Set(plain.filter((rule) => !lightTexts.has(`${rule.prelude}{${rule.body}}`)));
  let grew = true;
  while (grew) {
    grew = false;
    const properties = new Set([...needed].flatMap((rule) => [...declarations(rule.body).keys()]));
    for (const rule of plain) {
      if (needed.has(rule)) continue;
      if ([...declarations(rule.body).keys()].some((property) => properties.has(property))) {
        needed.add(rule);
        grew = true;
      }
    }
  }
  const darkOnly = plain.filter((rule) => needed.has(rule));
  return (
    light +
    atRules.map((rule) => `${rule.prelude}{${rule.body}}`).join("") +
    `@media screen{${scoped(darkOnly, darkBySwitch)}}` +
    `@media screen and (prefers-color-scheme:dark){${scoped(darkOnly, darkByPreference)}}`
  );
}

/**
 * Merge a diagram's light and dark renderings (sanitised, ids renumbered per
 * variant) into one SVG that follows the page's colour scheme, or undefined
 * when they differ in more than their style sheets. `light` is changed in
 * place and returned; its class `diagram-light` becomes `diagram-schemes`.
 */
export function mergeSchemes(light: Element, dark: Element): Element | undefined {
  const candidate = copyTree(light);
  const referenced = new Set([...referencedIds(light), ...referencedIds(dark)]);
  const unused = new Set<string>();
  visit(candidate as unknown as Root, "element", (element) => {
    const id = element.properties.id;
    if (typeof id === "string" && !referenced.has(id)) unused.add(id);
  });
  const alignment: Alignment = { darkToLight: new Map(), lightStyle: [], darkStyle: [] };
  if (!align(candidate, dark, unused, alignment, true)) return undefined;
  if (alignment.lightStyle.length !== 1 || alignment.darkStyle.length !== 1) return undefined;
  const darkStyle = renameIdsInCss(alignment.darkStyle[0] as string, alignment.darkToLight);
  const style = mergeStyles(alignment.lightStyle[0] as string, darkStyle);
  if (style === undefined) return undefined;
  visit(candidate as unknown as Root, "element", (element) => {
    if (element.tagName === "style") element.children = [{ type: "text", value: style }];
  });
  const classes = Array.isArray(candidate.properties.className)
    ? candidate.properties.className
    : [];
  candidate.properties.className = classes.map((name) =>
    name === "diagram-light" ? "diagram-schemes" : name,
  );
  return candidate;
}
