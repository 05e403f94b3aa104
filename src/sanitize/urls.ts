import { contentSchema } from "./schema.js";

/**
 * Whether a URL may stay in a page: a relative address, or a protocol the
 * schema allows for its attribute (`http`, `https`, `mailto`… for `href`),
 * compared without regard to case; `data:` only as an image's `src`.
 *
 * Anything else goes: `javascript:`, `vbscript:`, a `data:` link, and any
 * protocol spelt with spaces or control characters inside (`java\tscript:`),
 * which a browser would read as `javascript:` once it strips them. Entities
 * (`&#106;avascript:`) are decoded by the parser before this sees the value.
 */
export function isSafeUrl(property: string, value: string, tagName: string): boolean {
  const protocol = protocolOf(value);
  if (protocol === undefined) return true;
  if (protocol === "data") return property === "src" && isImageData(value, tagName);
  // Attributes the schema has no protocols for are judged as links.
  const protocols = contentSchema.protocols ?? {};
  return (protocols[property] ?? protocols.href ?? []).includes(protocol);
}

/**
 * The URL with its protocol in lower case, as `hast-util-sanitize` compares
 * protocols case-sensitively (`HTTPS://example.com` is a fine link).
 */
export function normaliseUrl(value: string): string {
  const colon = protocolEnd(value);
  return colon === undefined ? value : value.slice(0, colon).toLowerCase() + value.slice(colon);
}

/** The candidates of a `srcset` (`a.png 1x, b.png 2x`): hast splits it at commas. */
export function srcSetUrls(value: unknown): string[] {
  const candidates = Array.isArray(value) ? value : String(value ?? "").split(",");
  return candidates.map((candidate) => String(candidate).trim().split(/\s+/)[0] ?? "");
}

/** The protocol, lower-cased, when the URL has one (a colon before any `/`, `?` or `#`). */
function protocolOf(value: string): string | undefined {
  const colon = protocolEnd(value);
  return colon === undefined ? undefined : value.slice(0, colon).toLowerCase();
}

// The rule `hast-util-sanitize` applies, so that both agree on what is relative.
function protocolEnd(value: string): number | undefined {
  const colon = value.indexOf(":");
  if (colon < 0) return undefined;
  for (const separator of ["/", "?", "#"]) {
    const at = value.indexOf(separator);
    if (at > -1 && colon > at) return undefined;
  }
  return colon;
}

function isImageData(value: string, tagName: string): boolean {
  return (tagName === "img" || tagName === "source") && /^data:image\//i.test(value);
}
