import { nearestName } from "../core/words.js";

/**
 * Parsers for the value forms of the capacity front matter (spec: capacity.md,
 * "Value syntax"). Each takes what YAML produced (a number, a string, or
 * anything else) and returns the value with the text the author wrote, for
 * derivations, or a reason that says what was expected and what was found.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A count such as `500M`, as a number and as written. */
export interface Count {
  value: number;
  text: string;
}

/** A rate such as `500M / month` or `2 / user / day`. */
export interface Rate {
  count: Count;
  /** `N / user / period`: the count is multiplied by `users`. */
  perUser: boolean;
  /** Length of the period in seconds (`4 weeks` → 2,419,200). */
  periodSeconds: number;
  /** The period as written, e.g. `month` or `4 weeks`. */
  periodText: string;
}

/** A size in bytes, with the unit system the author used. */
export interface Size {
  bytes: number;
  text: string;
  /** Written with a binary unit (KiB, MiB, …). */
  binary: boolean;
}

export interface Duration {
  days: number;
  text: string;
}

/** A short time such as a request's latency (`50 ms`), in seconds. */
export interface Latency {
  seconds: number;
  text: string;
}

/** A plain number (ratio, factor), as a number and as written. */
export interface Amount {
  value: number;
  text: string;
}

export const secondsPerDay = 86_400;
export const daysPerMonth = 30;
export const daysPerYear = 365;

// Values longer than this are not capacity inputs; refusing them early keeps
// every pattern below linear and every message short.
const maxLength = 200;

// `1,000,000`, `1_000`, `2.5`, `.5`, `1e6`: digits with either separator.
const numberSource = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+(?:_\d+)*)(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?`;

const countMultipliers: ReadonlyMap<string, number> = new Map([
  ["", 1],
  ["k", 1e3],
  ["thousand", 1e3],
  ["m", 1e6],
  ["million", 1e6],
  ["b", 1e9],
  ["billion", 1e9],
  ["t", 1e12],
  ["trillion", 1e12],
]);

const countPattern = new RegExp(
  String.raw`^(${numberSource})\s*(k|m|b|t|thousand|million|billion|trillion)?$`,
  "i",
);

const periodSeconds: ReadonlyMap<string, number> = new Map([
  ["s", 1],
  ["sec", 1],
  ["secs", 1],
  ["second", 1],
  ["seconds", 1],
  ["min", 60],
  ["mins", 60],
  ["minute", 60],
  ["minutes", 60],
  ["h", 3_600],
  ["hour", 3_600],
  ["hours", 3_600],
  ["day", secondsPerDay],
  ["days", secondsPerDay],
  ["week", 7 * secondsPerDay],
  ["weeks", 7 * secondsPerDay],
  ["month", daysPerMonth * secondsPerDay],
  ["months", daysPerMonth * secondsPerDay],
  ["year", daysPerYear * secondsPerDay],
  ["years", daysPerYear * secondsPerDay],
]);

const periodPattern = new RegExp(String.raw`^(?:(${numberSource})\s*)?([a-z]+)$`, "i");

const durationDays: ReadonlyMap<string, number> = new Map([
  ["day", 1],
  ["days", 1],
  ["week", 7],
  ["weeks", 7],
  ["month", daysPerMonth],
  ["months", daysPerMonth],
  ["year", daysPerYear],
  ["years", daysPerYear],
]);

const durationPattern = new RegExp(String.raw`^(${numberSource})\s*([a-z]+)$`, "i");

const sizeUnits: ReadonlyMap<string, { bytes: number; binary: boolean }> = new Map([
  ["", { bytes: 1, binary: false }],
  ["b", { bytes: 1, binary: false }],
  ["byte", { bytes: 1, binary: false }],
  ["bytes", { bytes: 1, binary: false }],
  ["kb", { bytes: 1e3, binary: false }],
  ["mb", { bytes: 1e6, binary: false }],
  ["gb", { bytes: 1e9, binary: false }],
  ["tb", { bytes: 1e12, binary: false }],
  ["pb", { bytes: 1e15, binary: false }],
  ["kib", { bytes: 1024, binary: true }],
  ["mib", { bytes: 1024 ** 2, binary: true }],
  ["gib", { bytes: 1024 ** 3, binary: true }],
  ["tib", { bytes: 1024 ** 4, binary: true }],
  ["pib", { bytes: 1024 ** 5, binary: true }],
]);

const latencySeconds: ReadonlyMap<string, number> = new Map([
  ["us", 1e-6],
  ["µs", 1e-6],
  ["ms", 1e-3],
  ["s", 1],
  ["sec", 1],
  ["second", 1],
  ["seconds", 1],
]);

const latencyPattern = new RegExp(String.raw`^(${numberSource})\s*([a-zµ]+)$`, "i");

const sizePattern = new RegExp(String.raw`^(${numberSource})\s*([a-z]*)$`, "i");

const ratioPattern = new RegExp(String.raw`^(${numberSource})\s*(?::\s*(${numberSource}))?$`, "i");

const percentPattern = new RegExp(String.raw`^(${numberSource})\s*(%)?$`, "i");

/** How a value reads in a message: `` `500M` ``, `the number 4`, `a list`. */
export function describe(value: unknown): string {
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return value.trim() === "" ? "an empty string" : `\`${shown.replace(/`/g, "'")}\``;
  }
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `\`${value}\``;
  if (value === null || value === undefined) return "nothing (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}

/** `did you mean …?` when a word is close to a known one. */
function suggestion(word: string, candidates: readonly string[]): string {
  const nearest = nearestName(word, candidates);
  return nearest ? `; did you mean \`${nearest}\`?` : "";
}

/** `1,000` → 1000; also used for numbers inside larger forms. */
function decimal(text: string): number {
  return normaliseZero(Number(text.replace(/[,_]/g, "")));
}

function normaliseZero(value: number): number {
  return value === 0 ? 0 : value;
}

function tidy(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

function tooLong(value: string): boolean {
  return value.length > maxLength;
}

function mapOk<T, U>(parsed: Parsed<T>, map: (value: T) => U): Parsed<U> {
  return parsed.ok ? { ok: true, value: map(parsed.value) } : parsed;
}

/**
 * The tidied text of a string input, or why there is none: not a string or too
 * long (`expected`), or negative (`negative`, else "`field` to be 0 or more").
 */
function textInput(
  value: unknown,
  field: string,
  expected: string,
  negative?: string,
): Parsed<string> {
  if (typeof value !== "string" || tooLong(value)) {
    return { ok: false, reason: `${expected}, found ${describe(value)}` };
  }
  const text = tidy(value);
  if (text.startsWith("-")) {
    return {
      ok: false,
      reason: negative ?? `Expected \`${field}\` to be 0 or more, found ${describe(value)}`,
    };
  }
  return { ok: true, value: text };
}

function finiteNonNegative(value: number, field: string, found: string): Parsed<number> {
  if (Number.isNaN(value))
    return { ok: false, reason: `Expected \`${field}\` to be a number, found ${found}` };
  if (value < 0) {
    return { ok: false, reason: `Expected \`${field}\` to be 0 or more, found ${found}` };
  }
  if (!Number.isFinite(value)) {
    return {
      ok: false,
      reason: `Expected \`${field}\` to be a finite number, found ${found}, which is too large`,
    };
  }
  return { ok: true, value: normaliseZero(value) };
}

/**
 * A count: `500`, `1,000,000`, `1_000`, `2.5K`, `500M`, `1.7B`, `3T`,
 * `10 million`, `2 billion` (in a count, B is billions).
 */
export function parseCount(value: unknown, field: string): Parsed<Count> {
  const expected = `Expected \`${field}\` to be a count such as \`500M\`, \`2.5K\` or \`10 million\``;
  if (typeof value === "number") {
    return mapOk(finiteNonNegative(value, field, describe(value)), (count) => ({
      value: count,
      text: String(count),
    }));
  }
  const input = textInput(value, field, expected);
  if (!input.ok) return input;
  const text = input.value;
  const match = countPattern.exec(text);
  if (!match) return { ok: false, reason: `${expected}, found ${describe(value)}` };
  const multiplier = countMultipliers.get((match[2] ?? "").toLowerCase()) ?? 1;
  const checked = finiteNonNegative(decimal(match[1] ?? "") * multiplier, field, describe(value));
  return mapOk(checked, (count) => ({ value: count, text }));
}

/**
 * A rate: `500M / month`, `10M per month`, `15B / 4 weeks`, `2 / user / day`,
 * `2 per user per day`. A bare number is refused: it has no period.
 */
export function parseRate(value: unknown, field: string): Parsed<Rate> {
  const example = "e.g. `4 / s` or `10M / month`";
  if (typeof value === "number") {
    return {
      ok: false,
      reason: `\`${field}\` needs a period, ${example}; found ${describe(value)} with none`,
    };
  }
  if (typeof value !== "string" || tooLong(value)) {
    return {
      ok: false,
      reason: `Expected \`${field}\` to be a rate such as \`10M / month\` or \`2 / user / day\`, found ${describe(value)}`,
    };
  }
  const parts = tidy(value).split(/\s*\/\s*|\s+per\s+/i);
  if (parts.length === 1) {
    return {
      ok: false,
      reason: `\`${field}\` needs a period, ${example}; found ${describe(value)} with none`,
    };
  }
  const perUser = parts.length === 3 && /^users?$/i.test(parts[1] ?? "");
  if (parts.length > 3 || (parts.length === 3 && !perUser)) {
    return {
      ok: false,
      reason: `Expected \`${field}\` as \`count / period\` or \`count / user / period\`, found ${describe(value)}`,
    };
  }
  const count = parseCount(parts[0], field);
  if (!count.ok) {
    return {
      ok: false,
      reason: `Expected \`${field}\` to start with a count such as \`10M\` before the \`/\`, found ${describe(value)}`,
    };
  }
  const period = parsePeriod(parts[parts.length - 1] ?? "", field, value);
  if (!period.ok) return period;
  return {
    ok: true,
    value: {
      count: count.value,
      perUser,
      periodSeconds: period.value.seconds,
      periodText: period.value.text,
    },
  };
}

function parsePeriod(
  text: string,
  field: string,
  whole: string,
): Parsed<{ seconds: number; text: string }> {
  const units = "s, min, h, day, week, month or year";
  const match = periodPattern.exec(text);
  const unit = match?.[2]?.toLowerCase() ?? "";
  const unitSeconds = periodSeconds.get(unit);
  if (!match || unitSeconds === undefined) {
    const word = match?.[2] ?? text;
    return {
      ok: false,
      reason: `Expected the period of \`${field}\` to be ${units}, found ${describe(word)} in ${describe(whole)}${suggestion(word, [...periodSeconds.keys()])}`,
    };
  }
  const multiple = match[1] === undefined ? 1 : decimal(match[1]);
  const seconds = multiple * unitSeconds;
  if (!(multiple > 0) || !Number.isFinite(seconds)) {
    return {
      ok: false,
      reason: `Expected the period of \`${field}\` to be more than 0, such as \`4 weeks\`, found ${describe(whole)}`,
    };
  }
  return { ok: true, value: { seconds, text: tidy(text) } };
}

/** Events per day of a rate, given the daily active users for per-user rates. */
export function ratePerDay(rate: Rate, users: number): number {
  const perUser = rate.perUser ? users : 1;
  return (rate.count.value * perUser * secondsPerDay) / rate.periodSeconds;
}

/**
 * A size: `500 B`, `1.27 KB`, `4 KiB`, or a bare number of bytes. In a size, B is
 * bytes; a lower-case `b` reads as bits and is refused.
 */
export function parseSize(value: unknown, field: string): Parsed<Size> {
  const expected = `Expected \`${field}\` to be a size such as \`500 B\`, \`1.27 KB\` or \`4 KiB\``;
  if (typeof value === "number") {
    return mapOk(finiteNonNegative(value, field, describe(value)), (bytes) => ({
      bytes,
      text: `${bytes} B`,
      binary: false,
    }));
  }
  const input = textInput(value, field, expected);
  if (!input.ok) return input;
  const text = input.value;
  const match = sizePattern.exec(text);
  if (!match) return { ok: false, reason: `${expected}, found ${describe(value)}` };
  const written = match[2] ?? "";
  const unit = sizeUnits.get(written.toLowerCase());
  if (!unit) {
    return {
      ok: false,
      reason: `${expected}, found ${describe(value)}${suggestion(written, ["KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB", "B"])}`,
    };
  }
  // Every unit that ends in a lower-case `b` (`b`, `kb`, `Mib`, …) names bits.
  if (written.endsWith("b")) {
    const bytesUnit = `${written.slice(0, -1).toUpperCase().replace("I", "i")}B`;
    return {
      ok: false,
      reason: `Expected \`${field}\` in bytes, found ${describe(value)}, which reads as bits; write \`${match[1]} ${bytesUnit}\` for bytes`,
    };
  }
  const checked = finiteNonNegative(decimal(match[1] ?? "") * unit.bytes, field, describe(value));
  return mapOk(checked, (bytes) => ({ bytes, text, binary: unit.binary }));
}

/** A duration: `3 years`, `18 months`, `2 weeks`, `90 days` (singular too); more than 0. */
export function parseDuration(value: unknown, field: string): Parsed<Duration> {
  const expected = `Expected \`${field}\` to be a duration such as \`3 years\` or \`18 months\``;
  if (typeof value === "number") {
    return {
      ok: false,
      reason: `\`${field}\` needs a unit (days, weeks, months or years), e.g. \`3 years\`; found ${describe(value)} with none`,
    };
  }
  if (typeof value !== "string" || tooLong(value)) {
    return { ok: false, reason: `${expected}, found ${describe(value)}` };
  }
  const text = tidy(value);
  const match = durationPattern.exec(text);
  if (!match) return { ok: false, reason: `${expected}, found ${describe(value)}` };
  const unitDays = durationDays.get((match[2] ?? "").toLowerCase());
  if (unitDays === undefined) {
    return {
      ok: false,
      reason: `Expected the unit of \`${field}\` to be days, weeks, months or years, found ${describe(match[2])}${suggestion(match[2] ?? "", [...durationDays.keys()])}`,
    };
  }
  const days = decimal(match[1] ?? "") * unitDays;
  if (!(days > 0) || !Number.isFinite(days)) {
    return {
      ok: false,
      reason: `Expected \`${field}\` to be more than 0 and finite, found ${describe(value)}`,
    };
  }
  return { ok: true, value: { days, text } };
}

/** A latency: `50 ms`, `0.2 s`, `800 us`; more than 0, with a unit. */
export function parseLatency(value: unknown, field: string): Parsed<Latency> {
  const expected = `Expected \`${field}\` to be a time such as \`50 ms\` or \`0.2 s\``;
  if (typeof value === "number") {
    return {
      ok: false,
      reason: `\`${field}\` needs a unit (ms, s or us), e.g. \`50 ms\`; found ${describe(value)} with none`,
    };
  }
  if (typeof value !== "string" || tooLong(value)) {
    return { ok: false, reason: `${expected}, found ${describe(value)}` };
  }
  const text = tidy(value);
  const match = latencyPattern.exec(text);
  if (!match) return { ok: false, reason: `${expected}, found ${describe(value)}` };
  const unitSeconds = latencySeconds.get((match[2] ?? "").toLowerCase());
  if (unitSeconds === undefined) {
    return {
      ok: false,
      reason: `Expected the unit of \`${field}\` to be ms, s or us, found ${describe(match[2])}${suggestion(match[2] ?? "", ["ms", "s", "us"])}`,
    };
  }
  const seconds = decimal(match[1] ?? "") * unitSeconds;
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    return {
      ok: false,
      reason: `Expected \`${field}\` to be more than 0 and finite, found ${describe(value)}`,
    };
  }
  return { ok: true, value: { seconds, text } };
}

/** A ratio: `100`, `100:1` or `1:4` (reads to writes); 0 or more. */
export function parseRatio(value: unknown, field: string): Parsed<Amount> {
  const expected = `Expected \`${field}\` to be a number such as \`100\` or a ratio such as \`100:1\``;
  if (typeof value === "number") {
    return mapOk(finiteNonNegative(value, field, describe(value)), (ratio) => ({
      value: ratio,
      text: String(ratio),
    }));
  }
  const unexpected = `${expected}, found ${describe(value)}`;
  const input = textInput(value, field, expected, `${unexpected} (a ratio is 0 or more)`);
  if (!input.ok) return input;
  const text = input.value;
  const match = ratioPattern.exec(text);
  if (!match) return { ok: false, reason: unexpected };
  const left = decimal(match[1] ?? "");
  const right = match[2] === undefined ? 1 : decimal(match[2]);
  if (!(right > 0)) {
    return {
      ok: false,
      reason: `Expected the second number of \`${field}\` to be more than 0, found ${describe(value)}`,
    };
  }
  const checked = finiteNonNegative(left / right, field, describe(value));
  return mapOk(checked, (ratio) => ({ value: ratio, text }));
}

interface Bounds {
  min: number;
  /** Whether `min` itself is refused (`target_utilization` must be above 0). */
  minExclusive?: boolean;
  max?: number;
  /** Accept `20%` for 0.2 (for fractions). */
  percent?: boolean;
  /** Only whole numbers (a count of spare servers). */
  integer?: boolean;
}

/**
 * A plain number within bounds: a YAML number or the same number as text;
 * fractions may be written as a percentage (`20%`).
 */
export function parseNumber(value: unknown, field: string, bounds: Bounds): Parsed<Amount> {
  const range = describeBounds(bounds);
  const expected = `Expected \`${field}\` to be ${range}`;
  let number: number;
  let text: string;
  if (typeof value === "number") {
    number = value;
    text = String(value);
  } else if (typeof value === "string" && !tooLong(value)) {
    text = tidy(value);
    const match = percentPattern.exec(text);
    if (!match || (match[2] && !bounds.percent)) {
      return { ok: false, reason: `${expected}, found ${describe(value)}` };
    }
    number = decimal(match[1] ?? "") / (match[2] ? 100 : 1);
  } else {
    return { ok: false, reason: `${expected}, found ${describe(value)}` };
  }
  number = normaliseZero(number);
  const belowMin = bounds.minExclusive ? !(number > bounds.min) : !(number >= bounds.min);
  const aboveMax = bounds.max !== undefined && number > bounds.max;
  const fraction = bounds.integer === true && !Number.isInteger(number);
  if (belowMin || aboveMax || fraction || !Number.isFinite(number)) {
    return { ok: false, reason: `${expected}, found ${describe(value)}` };
  }
  return { ok: true, value: { value: number, text } };
}

function describeBounds(bounds: Bounds): string {
  if (bounds.integer) return `a whole number of at least ${bounds.min}`;
  const low = bounds.minExclusive ? `above ${bounds.min}` : `of at least ${bounds.min}`;
  if (bounds.max === undefined) return `a number ${low}`;
  if (!bounds.minExclusive) return `a number from ${bounds.min} to ${bounds.max}`;
  return `a number ${low} and at most ${bounds.max}`;
}
