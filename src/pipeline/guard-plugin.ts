import type { VFile } from "vfile";
import type { PluginEntry } from "../config/index.js";

/** A plugin of the config module's threw: the project's code, not designpress's (its message says which, and where). */
export class PluginError extends Error {
  override name = "PluginError";
}

/** The rule of a page a plugin of the config module threw on. */
export const pluginRule = "build/plugin";

type Attacher = (this: unknown, ...options: unknown[]) => unknown;
type Next = (error?: unknown, ...rest: unknown[]) => void;
type Transformer = (tree: unknown, file: VFile, next?: Next) => unknown;

/** Where an error was thrown, as the first frame of its stack says. */
function thrownAt(error: unknown): string {
  const frame = (error instanceof Error ? (error.stack ?? "") : "")
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line.startsWith("at "));
  // The config module is imported with a query that tells its versions apart: not the reader's concern.
  return frame ? ` (${frame.replace(/(\.[cm]?js)\?[^:)\s]*/, "$1")})` : "";
}

/**
 * A config module's plugin whose failure says whose it is: the plugin, what
 * it threw and where (a {@link PluginError}, which the build puts on the page
 * as an error), instead of an internal error of designpress's. Its
 * transformer keeps its kind (a callback-style one stays one); what it
 * returns is returned.
 */
export function guardPlugin(
  entry: PluginEntry,
  kind: "remark" | "rehype",
  index: number,
): PluginEntry {
  const [plugin, ...options] = (Array.isArray(entry) ? entry : [entry]) as [Attacher, ...unknown[]];
  const name = plugin.name ? `\`${plugin.name}\`` : `number ${index + 1}`;
  const failed = (error: unknown, doing = "transform the page") =>
    new PluginError(
      `Expected the config module's ${kind} plugin ${name} to ${doing}, but it threw: ${error instanceof Error ? error.message : String(error)}${thrownAt(error)}; fix the plugin, or remove it from the config module`,
      { cause: error },
    );
  function guarded(this: unknown, ...args: unknown[]): unknown {
    let transformer: unknown;
    try {
      transformer = plugin.apply(this, args);
    } catch (error) {
      throw failed(error, "start");
    }
    if (typeof transformer !== "function") return transformer;
    const transform = transformer as Transformer;
    if (transform.length >= 3) {
      return (tree: unknown, file: VFile, next: Next) => {
        try {
          transform(tree, file, (error, ...rest) => next(error ? failed(error) : error, ...rest));
        } catch (error) {
          next(failed(error));
        }
      };
    }
    return async (tree: unknown, file: VFile) => {
      try {
        return await transform(tree, file);
      } catch (error) {
        throw failed(error);
      }
    };
  }
  return (options.length > 0 ? [guarded, ...options] : guarded) as PluginEntry;
}
