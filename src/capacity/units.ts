/**
 * Numbers for people: at most three significant figures, the suffixes authors
 * write in counts (`19.3K`), and the largest unit that fits for bytes and bits.
 */

const superscriptDigits = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** Rounded to three significant figures (as a number). */
function significant(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(3));
}

function scientific(value: number): string {
  const [mantissa = "0", exponent = "0"] = value.toExponential(2).split("e");
  const power = [...String(Number(exponent))]
    .map((character) => (character === "-" ? "⁻" : (superscriptDigits[Number(character)] ?? "")))
    .join("");
  return `${Number(mantissa)} × 10${power}`;
}

/** A number with at most three significant figures: `3.86`, `0.2`, `1,500`. */
export function formatNumber(value: number): string {
  if (value === 0) return "0";
  const rounded = significant(value);
  if (rounded < 0.001 || rounded >= 1e15) return scientific(rounded);
  return rounded >= 1000 ? group(rounded) : String(rounded);
}

/** An exact number with thousands separators: `2,592,000`. */
export function group(value: number): string {
  if (!Number.isInteger(value) || value >= 1e21) return formatNumber(value);
  return String(value).replace(/\B(?=(\d{3})+$)/g, ",");
}

const countUnits: readonly [string, number][] = [
  ["T", 1e12],
  ["B", 1e9],
  ["M", 1e6],
  ["K", 1e3],
];

/** A count with the suffixes authors write: `19.3K`, `30.4B` (B is billions in a count). */
export function formatCount(value: number): string {
  const rounded = significant(value);
  if (rounded >= 1e15) return scientific(rounded);
  for (const [suffix, size] of countUnits) {
    if (rounded >= size) return `${formatNumber(rounded / size)}${suffix}`;
  }
  return formatNumber(rounded);
}

export function formatRate(perSecond: number): string {
  return `${formatCount(perSecond)} /s`;
}

const decimalUnits = ["B", "KB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
const binaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
// Networks count in bits, and always in powers of 1000.
const bitUnits = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s", "Pbit/s", "Ebit/s"];

/** A quantity in the largest unit that keeps it at least 1, such as `12.7 GB`. */
function scaled(value: number, base: number, units: readonly string[], bareUnit: string): string {
  let shown = significant(value);
  let unit = 0;
  while (shown >= base && unit < units.length - 1) {
    shown = significant(shown / base);
    unit++;
  }
  if (shown >= base || (shown > 0 && shown < 0.001)) return `${scientific(value)} ${bareUnit}`;
  return `${formatNumber(shown)} ${units[unit]}`;
}

/** Bytes in decimal units (`12.7 GB`) or, when the author wrote binary ones, binary (`11.8 GiB`). */
export function formatBytes(bytes: number, binary = false): string {
  return binary ? scaled(bytes, 1024, binaryUnits, "B") : scaled(bytes, 1000, decimalUnits, "B");
}

/** Bits per second in decimal units, as network links are sized: `18.5 Mbit/s`, `1.2 Gbit/s`. */
export function formatBits(bitsPerSecond: number): string {
  return scaled(bitsPerSecond, 1000, bitUnits, "bit/s");
}
