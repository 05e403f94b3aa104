import { existsSync, statSync } from "node:fs";
import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { contains } from "../files/within.js";
import { assetSlotPrefix, hashAssets, type ThemeAssets } from "./assets.js";
import { componentSlots, layoutSlots, pageSlots, socialCardSlots } from "./slots.js";
import { slotsOf, TemplateError } from "./template.js";

/** The page types, each with its template file. */
export const pageTemplateFiles = {
  page: "page.html",
  index: "index.html",
  tag: "tag.html",
  tagIndex: "tags.html",
  compare: "compare.html",
  notFound: "404.html",
} as const;

export type PageKind = keyof typeof pageTemplateFiles;

/** Parts of a page whose markup a theme may change, each a file under `components/`. */
export const componentNames = ["card", "steps", "toc", "meta", "pagination", "search"] as const;

export type ComponentName = (typeof componentNames)[number];

/** A template as read, with the file it came from (named in errors). */
export interface TemplateFile {
  /** Path relative to the project root (or to the bundled themes), for messages. */
  name: string;
  text: string;
}

export interface Theme {
  name: string;
  /** The folders files are taken from, first match wins: the theme's own, then the default theme's. */
  dirs: string[];
  /** The document around every page: head, header, footer. */
  layout: TemplateFile;
  templates: Record<PageKind, TemplateFile>;
  components: Record<ComponentName, TemplateFile>;
  /** The social card's document (`social-card.html`), drawn into each writeup's `og:image`. */
  socialCard: TemplateFile;
  /** Every asset by its path under `assets/`, with its content-hashed name. */
  assets: ThemeAssets;
}

const themeKeys = new WeakMap<Theme, string>();

/**
 * The theme as the pages it renders depend on it: its name, every template's
 * name and text, and each asset's published (content-hashed) name. Made once
 * per theme loaded; the site's and the pages' cache keys take it.
 */
export function themeKey(theme: Theme): string {
  let key = themeKeys.get(theme);
  if (key === undefined) {
    const templates = [
      theme.layout,
      theme.socialCard,
      ...Object.values(theme.templates),
      ...Object.values(theme.components),
    ].map((template) => [template.name, template.text]);
    const assets = [...theme.assets.files].map(([name, asset]) => [name, asset.output]);
    key = JSON.stringify([theme.name, templates, assets]);
    themeKeys.set(theme, key);
  }
  return key;
}

/** The themes that ship with designpress, used when the project has no folder of that name. */
export const bundledThemesDir = fileURLToPath(new URL("../../themes/", import.meta.url));

/** What a theme leaves out is taken from this one, file by file. */
const fallbackTheme = path.join(bundledThemesDir, "default");

export class ThemeError extends Error {
  override name = "ThemeError";
}

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

/**
 * Find a theme under `<root>/themes/<name>`, else among the bundled themes. A
 * theme holds only the files it changes: every template, component and asset
 * it lacks comes from the default theme.
 */
export async function loadTheme(root: string, name: string): Promise<Theme> {
  const candidates = [path.join(root, "themes", name), path.join(bundledThemesDir, name)];
  const own = candidates.find(isDirectory);
  if (!own) {
    throw new ThemeError(
      `Expected a theme folder \`${path.relative(root, candidates[0] as string)}\` for the config's \`theme: ${name}\`, found none; create it (a theme holds only the files it changes) or set \`theme\` to \`default\``,
    );
  }
  const dirs = own === fallbackTheme ? [own] : [own, fallbackTheme];

  const read = async (file: string): Promise<TemplateFile> => {
    const dir = dirs.find((candidate) => existsSync(path.join(candidate, file))) ?? fallbackTheme;
    const full = path.join(dir, file);
    // A template that is a symlink leading out of the theme would publish what it points to.
    const [realDir, real] = await Promise.all([realpath(dir), realpath(full).catch(() => full)]);
    if (!contains(realDir, real)) {
      throw new ThemeError(
        `Expected the theme file \`${path.relative(root, full)}\` inside the theme folder, found a symlink to \`${real}\`; copy the file itself into the theme`,
      );
    }
    const text = await readFile(full, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new ThemeError(
        `Cannot read the theme file \`${path.relative(root, full)}\` (${error.code ?? error.message}); check that it is a readable file`,
      );
    });
    const shown = full.startsWith(bundledThemesDir)
      ? `themes/${path.relative(bundledThemesDir, full)}`
      : path.relative(root, full);
    return { name: shown.split(path.sep).join("/"), text };
  };

  const kinds = Object.keys(pageTemplateFiles) as PageKind[];
  const [layout, pages, components, socialCard, assets] = await Promise.all([
    read("layout.html"),
    Promise.all(kinds.map((kind) => read(pageTemplateFiles[kind]))),
    Promise.all(componentNames.map((component) => read(`components/${component}.html`))),
    read("social-card.html"),
    hashAssets(
      dirs.map((dir) => path.join(dir, "assets")),
      root,
    ),
  ]);
  const known = (allowed: readonly string[], template: TemplateFile) => {
    for (const slot of slotsOf(template.text)) {
      const isAsset =
        slot.startsWith(assetSlotPrefix) && assets.files.has(slot.slice(assetSlotPrefix.length));
      if (!isAsset && !allowed.includes(slot)) throw new TemplateError(template.name, slot);
    }
  };
  known(layoutSlots, layout);
  known(socialCardSlots, socialCard);
  for (const [index, kind] of kinds.entries()) known(pageSlots[kind], pages[index] as TemplateFile);
  for (const [index, component] of componentNames.entries()) {
    known(componentSlots[component], components[index] as TemplateFile);
  }
  return {
    name,
    dirs,
    layout,
    templates: Object.fromEntries(kinds.map((kind, index) => [kind, pages[index]])) as Record<
      PageKind,
      TemplateFile
    >,
    components: Object.fromEntries(
      componentNames.map((component, index) => [component, components[index]]),
    ) as Record<ComponentName, TemplateFile>,
    socialCard,
    assets,
  };
}
