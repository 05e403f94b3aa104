import type { Element } from "xast";
import { toXml } from "xast-util-to-xml";
import { x } from "xastscript";
import type { SiteConfig } from "../../config/index.js";
import type { PageModel } from "../../theme/model.js";

/** An XML document: the declaration, then `element`, then a newline. */
export function xmlDocument(element: Element): string {
  const tree = x(null, [
    { type: "instruction", name: "xml", value: 'version="1.0" encoding="UTF-8"' },
    { type: "text", value: "\n" },
    element,
  ]);
  return `${toXml(tree, { closeEmptyElements: true })}\n`;
}

/** The site's public address with its base (`https://you.github.io/designs/`), when the config has `url`. */
export function siteAddress(config: SiteConfig): string | undefined {
  return config.url === undefined ? undefined : `${config.url}${config.base}`;
}

/** When a page last changed: its last commit's date, else its front-matter `date`. */
export function lastModified(page: PageModel): string | undefined {
  return page.updated ?? page.meta.date;
}
