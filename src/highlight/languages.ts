import type { LanguageInput, ThemeInput } from "shiki/core";

/**
 * The languages highlighted at build time: what system-design writeups show
 * (API calls, schemas, configs, short programs). A fixed list keeps the build
 * fast, offline and the same on every machine; a fence in any other language
 * (and ```mermaid, which the diagram stage renders) stays plain text.
 */
export const languages: Record<string, LanguageInput> = {
  bash: () => import("shiki/langs/bash.mjs"),
  css: () => import("shiki/langs/css.mjs"),
  diff: () => import("shiki/langs/diff.mjs"),
  go: () => import("shiki/langs/go.mjs"),
  html: () => import("shiki/langs/html.mjs"),
  http: () => import("shiki/langs/http.mjs"),
  java: () => import("shiki/langs/java.mjs"),
  javascript: () => import("shiki/langs/javascript.mjs"),
  json: () => import("shiki/langs/json.mjs"),
  proto: () => import("shiki/langs/proto.mjs"),
  python: () => import("shiki/langs/python.mjs"),
  rust: () => import("shiki/langs/rust.mjs"),
  sql: () => import("shiki/langs/sql.mjs"),
  toml: () => import("shiki/langs/toml.mjs"),
  typescript: () => import("shiki/langs/typescript.mjs"),
  yaml: () => import("shiki/langs/yaml.mjs"),
};

/** shiki's names of the light and dark themes: the classes and variables it writes. */
export const themeNames = { light: "github-light", dark: "github-dark" } as const;

/** Light and dark colours (see `themeNames`), both emitted as CSS variables; the theme's CSS picks one. */
export const themes: Record<keyof typeof themeNames, ThemeInput> = {
  light: () => import("shiki/themes/github-light.mjs"),
  dark: () => import("shiki/themes/github-dark.mjs"),
};
