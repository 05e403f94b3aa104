import type { Rule } from "./types.js";

/**
 * A check rule of the project's own, for a config module's `rules`: returns
 * `rule` as it is, typed, so an editor checks it against {@link Rule}.
 */
export function defineRule<const R extends Rule>(rule: R): R {
  return rule;
}
