import type { UserConfigOf } from "../config/index.js";
import type { Rule } from "../structure/types.js";
import type { Emitter } from "./emitters/types.js";

/**
 * The default export of `designpress.config.mjs`: every field the YAML takes,
 * and the code fields — remark and rehype plugins, check rules, emitters.
 */
export type UserConfig = UserConfigOf<Rule, Emitter>;

/** Returns `config` as it is: it is there so an editor checks a config module against {@link UserConfig}. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
