import type { Element, Root, RootContent } from "hast";
import type { VFile } from "vfile";
import { warn } from "../core/messages.js";
import { isMade } from "./generated.js";
import { contentSchema } from "./schema.js";
import { isSafeUrl, normaliseUrl, srcSetUrls } from "./urls.js";

/**
 * Attributes holding one URL. The first four may stay, when their protocol is
 * allowed; the sanitizer drops the others anyway, but a script URL in one is
 * worth a warning.
 */
const urlProperties: readonly string[] = [
  ...["href", "src", "cite", "longDesc"],
  ...["xLinkHref", "action", "formAction", "poster", "background", "ping"],
];

const unsafeNote =
  "to keep HTML as written, set `unsafe: true` in the site config (see Security in the README)";

/**
 * Before `hast-util-sanitize` rebuilds the tree, say what it will leave out —
 * an element it does not keep, an event handler, a URL with a protocol it does
 * not allow — each as a warning at its place, and drop those URLs here (the
 * sanitizer cannot tell an image's `data:` URL from a link's).
 */
export function reportUnsafe(tree: Root, file: VFile): void {
  const ancestors: string[] = [];
  const visit = (children: RootContent[]) => {
    for (const node of children) {
      if (node.type !== "element" || isMade(node)) continue;
      if (isKeptElement(node.tagName, ancestors)) checkAttributes(node, file);
      else {
        const stripped = strippedTags.has(node.tagName);
        warn(
          file,
          `Expected HTML that designpress keeps, found \`<${node.tagName}>\`; it is left out of the page${stripped ? " with its content" : ", its content kept"}; ${unsafeNote}`,
          node.position,
          "content/unsafe-html",
        );
        if (stripped) continue;
      }
      ancestors.push(node.tagName);
      visit(node.children);
      ancestors.pop();
    }
  };
  visit(tree.children);
}

const keptTags = new Set(contentSchema.tagNames);
const strippedTags = new Set(contentSchema.strip);

function isKeptElement(tagName: string, ancestors: readonly string[]): boolean {
  if (!keptTags.has(tagName)) return false;
  const required = contentSchema.ancestors?.[tagName];
  return !required || required.some((name) => ancestors.includes(name));
}

function checkAttributes(node: Element, file: VFile): void {
  const { properties, tagName } = node;
  for (const name of Object.keys(properties)) {
    const what = /^on/i.test(name)
      ? `the event handler \`${name.toLowerCase()}\``
      : name === "style"
        ? "a `style` attribute"
        : undefined;
    if (what) {
      warn(
        file,
        `Expected no script or style in a writeup's HTML, found ${what} on \`<${tagName}>\`; it is left out of the page; ${unsafeNote}`,
        node.position,
        "content/unsafe-html",
      );
    }
  }
  for (const name of urlProperties) {
    const value = properties[name];
    if (typeof value !== "string") continue;
    if (isSafeUrl(name, value, tagName)) properties[name] = normaliseUrl(value);
    else dropUrl(node, name, value, file);
  }
  const srcSet = properties.srcSet;
  if (srcSet !== undefined && srcSet !== null) {
    const unsafe = srcSetUrls(srcSet).find((url) => !isSafeUrl("src", url, tagName));
    if (unsafe !== undefined) dropUrl(node, "srcSet", unsafe, file);
  }
}

function dropUrl(node: Element, property: string, url: string, file: VFile): void {
  delete node.properties[property];
  const shown = url.length > 60 ? `${url.slice(0, 60)}…` : url;
  warn(
    file,
    `Expected a relative URL or one with a protocol such as \`https:\` or \`mailto:\` (an image may be \`data:image/…\`), found \`${shown}\` in \`<${node.tagName}>\`; it is left out of the page; ${unsafeNote}`,
    node.position,
    "content/unsafe-url",
  );
}
