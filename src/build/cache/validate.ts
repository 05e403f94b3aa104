/**
 * Shape checks for what is read back from the cache folder, which CI may
 * restore from a shared cache: untrusted input, so each entry is checked field
 * by field before anything in it reaches a page.
 */
export type Guard<T> = (value: unknown) => value is T;

export const isString: Guard<string> = (value): value is string => typeof value === "string";
export const isBoolean: Guard<boolean> = (value): value is boolean => typeof value === "boolean";
export const isCount: Guard<number> = (value): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function arrayOf<T>(item: Guard<T>): Guard<T[]> {
  return (value): value is T[] => Array.isArray(value) && value.every(item);
}

export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (value): value is T | undefined => value === undefined || guard(value);
}

export function oneOf<A, B>(a: Guard<A>, b: Guard<B>): Guard<A | B> {
  return (value): value is A | B => a(value) || b(value);
}

/** An object with these fields (each checked; fields not named are refused). */
export function shape<T>(fields: { [Key in keyof T]-?: Guard<T[Key]> }): Guard<T> {
  const names = Object.keys(fields) as (keyof T & string)[];
  return (value): value is T => {
    if (!isRecord(value)) return false;
    for (const key of Object.keys(value)) if (!(key in fields)) return false;
    return names.every((name) => fields[name](value[name]));
  };
}

/**
 * An entry read back, or `undefined` when it is not one to use: not JSON, of
 * the wrong shape, or kept under another key than the one asked for.
 */
export function decodeEntry<T extends { key: string }>(
  text: string | undefined,
  guard: Guard<T>,
  key: string,
): T | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return guard(value) && value.key === key ? value : undefined;
}
