import type { FrontMatter } from "../frontmatter/index.js";

export interface PageMeta {
  summary?: string | undefined;
  tags: string[];
  /** `YYYY-MM-DD`. */
  date?: string | undefined;
}

// What the pipeline stores on each file, for the plugins that follow. Each
// concern (capacity/, structure/, mermaid/…) adds its own fields the same way.
declare module "vfile" {
  interface DataMap {
    /** The parsed front matter with positions; set before any plugin runs. */
    matter: FrontMatter;
    /** URL path segment(s) of the page, e.g. `url-shortener` or `notes/chat`. */
    slug: string;
    /** Front-matter `title`, else the first heading, else the file name. */
    title: string;
    /** Front-matter fields the site shows. */
    meta: PageMeta;
    /** The file as read, front matter included (what the dev cache keys a page by). */
    source: string;
  }
}
