import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { Point } from "unist";
import type { VFile } from "vfile";
import { fail } from "../core/messages.js";
import { debugging } from "../terminal/debug.js";
import { ConfigError } from "./error.js";
import { describe, isCodeField } from "./extensions.js";

/**
 * A config module (`designpress.config.mjs` or `.js`): loading it runs code the
 * repository's owner wrote, as `package.json` scripts do (see Security in the
 * README). Whatever goes wrong — a syntax error, a throw, a missing import, a
 * default export that is not an object — is a config error naming the file,
 * at the line the module threw from when it is known.
 */

/** Config file names that are modules, run rather than read. */
export const moduleConfigFileNames = ["designpress.config.mjs", "designpress.config.js"] as const;

export function isConfigModule(fileName: string): boolean {
  return (moduleConfigFileNames as readonly string[]).includes(fileName);
}

/** A module's text hashed: the same text is the same module (dev's page cache keys on it). */
export function moduleHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/**
 * The module's default export. Imported under a URL that names its text's hash:
 * `designpress dev` loads it again when it changes (what it imports in turn is
 * loaded once per process), and every build of one text shares one instance.
 */
export async function importConfigModule(
  filePath: string,
  hash: string,
  file: VFile,
): Promise<Record<string, unknown>> {
  const url = `${pathToFileURL(filePath).href}?hash=${hash}`;
  let exported: Record<string, unknown>;
  try {
    exported = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const message = fail(
      file,
      `Expected the config module to load, found \`${errorLine(error)}\`; fix the module${debugging() ? "" : " (run with DEBUG=designpress for the stack trace)"}`,
      thrownAt(error, url) ?? lineOne,
      "config/invalid",
    );
    if (debugging()) message.cause = error;
    throw new ConfigError(file);
  }
  const config = exported.default;
  if (!("default" in exported) || !isPlainObject(config)) {
    const found = "default" in exported ? describe(config) : "no default export";
    fail(
      file,
      `Expected the config module's default export to be an object of fields (\`export default { title: "…" }\`), found ${found}`,
      lineOne,
      "config/invalid",
    );
    throw new ConfigError(file);
  }
  return config;
}

/** The module's data fields (what the YAML would hold), apart from its code fields. */
export function dataFields(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !isCodeField(key)));
}

/** Where a module's message goes when nothing tells a line: its first. */
export const lineOne: Point = { line: 1, column: 1 };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** `TypeError: x is not a function`: the error's first line, as the module's author needs it. */
function errorLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const first = (error.message.split("\n")[0] ?? "").replace(/\?hash=[0-9a-f]{16}/g, "");
  return `${error.name}: ${first}`;
}

/** The line and column of the module's own code the error was thrown from, when its stack says. */
function thrownAt(error: unknown, url: string): Point | undefined {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}
