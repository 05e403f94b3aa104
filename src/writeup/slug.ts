import { slug as githubSlug } from "github-slugger";

/** Slugs that would collide with files the build writes itself. */
const reservedSlugs = new Set([
  "tags",
  "compare",
  "assets",
  "404",
  "index",
  "sitemap.xml",
  "feed.xml",
]);

/** Whether a slug's top folder is one the build writes itself (`tags/…`, `assets/…`). */
export function isReservedSlug(slug: string): boolean {
  return reservedSlugs.has(slug.split("/")[0] ?? "");
}

/** `notes/Chat Service.md` → `notes/chat-service`. */
export function slugFromPath(relative: string): string {
  const withoutExtension = relative.replace(/\.(md|markdown)$/i, "");
  return withoutExtension
    .split("/")
    .map((segment) => githubSlug(segment) || "page")
    .join("/");
}

/** A front-matter slug, or undefined when it would leave the output folder. */
export function normaliseSlug(value: string): string | undefined {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, "");
  if (trimmed === "" || !/^[a-z0-9][a-z0-9_-]*(?:\/[a-z0-9][a-z0-9_-]*)*$/.test(trimmed)) {
    return undefined;
  }
  return trimmed;
}
