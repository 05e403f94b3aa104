import { isMap, isScalar, isSeq } from "yaml";
import { didYouMean } from "../core/words.js";
import type { SiteConfig } from "./types.js";

/**
 * The site's reading paths and the outputs beyond the pages: fields that
 * turn a part on or off (`feed: false`), the reading order, the repository.
 */

/** Config fields that are `true` (the default) or `false`. */
export const switchFields = [
  "tagIndex",
  "prevNext",
  "lastUpdated",
  "copyButtons",
  "feed",
  "compare",
  "search",
  "cards",
] as const satisfies readonly (keyof SiteConfig)[];

export type SwitchField = (typeof switchFields)[number];

export function isSwitchField(key: string): key is SwitchField {
  return (switchFields as readonly string[]).includes(key);
}

type Fail = (reason: string, node?: unknown) => void;

export function readSwitch(key: SwitchField, value: unknown, config: SiteConfig, fail: Fail): void {
  if (isScalar(value) && typeof value.value === "boolean") config[key] = value.value;
  else {
    fail(
      `Expected \`${key}\` to be \`true\` or \`false\`, found \`${String(isScalar(value) ? value.value : value)}\``,
      value,
    );
  }
}

/** `order: [slug, …]`: slugs, each once (whether they exist is known only once pages are read). */
export function readOrder(
  value: unknown,
  config: SiteConfig,
  fail: Fail,
  placeSlug: (slug: string, node: unknown) => void,
): void {
  const items = isSeq(value) ? value.items : undefined;
  if (!items) {
    fail("Expected `order` to be a list of writeup slugs, such as `[url-shortener, chat]`", value);
    return;
  }
  const order: string[] = [];
  for (const item of items) {
    const slug = isScalar(item) && typeof item.value === "string" ? item.value.trim() : "";
    if (slug === "") fail("Expected each entry of `order` to be a writeup's slug", item);
    else if (order.includes(slug)) {
      fail(`Expected each slug once in \`order\`, found \`${slug}\` again; remove one`, item);
    } else {
      order.push(slug);
      placeSlug(slug, item);
    }
  }
  config.order = order;
}

const repoFields = ["url", "branch"];

/**
 * `repo: https://github.com/you/portfolio` (branch `main`), or
 * `repo: { url: …, branch: … }`.
 */
export function readRepo(value: unknown, config: SiteConfig, fail: Fail): void {
  let url: unknown;
  let branch: unknown;
  if (isScalar(value)) url = value;
  else if (isMap(value)) {
    for (const pair of value.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (key === "url") url = pair.value;
      else if (key === "branch") branch = pair.value;
      else {
        fail(
          `Unknown config field \`repo.${key}\`; expected \`url\` or \`branch\`${didYouMean(key, repoFields)}`,
          pair.key,
        );
      }
    }
  } else {
    fail(
      "Expected `repo` to be the repository's address, such as `https://github.com/you/portfolio`, or `{ url, branch }`",
      value,
    );
    return;
  }
  const text = isScalar(url) && typeof url.value === "string" ? url.value.trim() : "";
  if (!/^https:\/\/[^/\s]+\/[^/\s]+\/[^/\s]+?\/?$/.test(text)) {
    fail(
      `Expected \`repo\` to be a repository's address such as \`https://github.com/you/portfolio\`, found \`${text}\``,
      url ?? value,
    );
    return;
  }
  const branchName =
    branch === undefined
      ? "main"
      : isScalar(branch) && typeof branch.value === "string"
        ? branch.value.trim()
        : "";
  // A branch name as git allows it, and nothing that could leave the URL's path.
  if (!/^[\w.-]+(?:\/[\w.-]+)*$/.test(branchName) || branchName.split("/").includes("..")) {
    fail(
      `Expected \`repo.branch\` to be a branch name such as \`main\`, found \`${branchName}\``,
      branch,
    );
    return;
  }
  config.repo = { url: text.replace(/\/+$/, "").replace(/\.git$/, ""), branch: branchName };
}
