/**
 * A small element tree with attributes as HTML and SVG write them
 * (`stroke-width`, `aria-labelledby`, `class`). The charts are built in it so
 * that the same code draws them at build time (as hast) and in the reader's
 * browser (as DOM, for the what-if), without a hast library in the browser.
 */
export interface Markup {
  tag: string;
  attributes: Record<string, string | number>;
  children: (Markup | string)[];
}

export function element(
  tag: string,
  attributes: Record<string, string | number> = {},
  children: (Markup | string)[] = [],
): Markup {
  return { tag, attributes, children };
}
