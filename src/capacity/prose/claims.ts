/**
 * Figures written in prose: a number with its unit, next to the words that say
 * what it measures ("≈ 40 writes per second", "about 36.5 TB of storage",
 * "20K reads/s", "170 GB of cache"). Only claims are kept: a figure that ends a
 * calculation or stands alone, never an operand (`100M × 500 B`), a range, a
 * bound (`over 300 TB`), a per-item or per-machine size (`1 KB per record`,
 * `10 TB per node`) or a figure whose kind the words do not name.
 */

export type ClaimKind =
  | "writes"
  | "reads"
  | "requests"
  | "storage"
  | "cache"
  | "bandwidth"
  | "objects"
  | "servers"
  | "storage_nodes"
  | "storage_shards"
  | "cache_nodes";

export interface Claim {
  /** Where the figure starts and ends in the text. */
  start: number;
  end: number;
  /** The figure as written: `36.5 TB`, `20K reads/s`. */
  text: string;
  /** In base units: per second, bytes, bytes per second, or a count. */
  value: number;
  /** What it may measure (more than one when the words allow both). */
  kinds: ClaimKind[];
  /**
   * Storage, objects or traffic over a stated period, in days (`per day` 1,
   * `per year` 365, `over 5 years` 1,825); undefined for a figure over the
   * whole retention, or a rate.
   */
  days?: number;
  /** Written in bits (`154 Mbps`): shown so in messages. */
  bits?: boolean;
}

const magnitudes: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  t: 1e12,
  trillion: 1e12,
};

const byteUnits: Record<string, number> = {
  b: 1,
  byte: 1,
  bytes: 1,
  kb: 1e3,
  kilobyte: 1e3,
  kilobytes: 1e3,
  mb: 1e6,
  megabyte: 1e6,
  megabytes: 1e6,
  gb: 1e9,
  gigabyte: 1e9,
  gigabytes: 1e9,
  tb: 1e12,
  terabyte: 1e12,
  terabytes: 1e12,
  pb: 1e15,
  petabyte: 1e15,
  petabytes: 1e15,
  eb: 1e18,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  pib: 1024 ** 5,
};

const bitPrefixes: Record<string, number> = { "": 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };

const periodDays: Record<string, number> = {
  day: 1,
  days: 1,
  week: 7,
  weeks: 7,
  month: 30,
  months: 30,
  year: 365,
  years: 365,
  yr: 365,
};

const wordNumbers: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

// A number not glued to a word, a currency or another number: `40`, `4,000`, `36.5`.
const numberPattern = /(?<![\p{L}\p{N}$€£¥.,_/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d,]\d)/gu;
const magnitudePattern =
  /^\s?(thousand|million|billion|trillion|bn|mn)\b|^([kKmMbBtT])(?![\p{L}/])/u;
const bitsPattern = /^\s?([kKmMgGtTpP]?)(?:bps|b\/s|bit\/s|bits\/s|bits? per second)(?![\p{L}])/u;
const bytesPerSecondSuffix = /^\s?([kKmMgGtTpP]?)Bps\b/u;
const sizePattern =
  /^(\s?)(KiB|MiB|GiB|TiB|PiB|[kK]B|MB|GB|TB|PB|EB|B|bytes?|kilobytes?|megabytes?|gigabytes?|terabytes?|petabytes?)(?![\p{L}\p{N}])/u;
const perTimePattern =
  /^\s*(?:\/\s*|per\s+|a\s+|an\s+|each\s+)(s|sec|secs|second|day|month|year|yr)\b(?!-)/i;
const ratePattern =
  /^\s*((?:[\p{L}-]+\s+){0,2}?[\p{L}-]*)\s*(?:\/\s*(?:s|sec|second)\b|per\s+(?:second|sec)\b|a\s+second\b|each\s+second\b|(QPS|RPS|TPS|ops\/s)\b)/iu;
const countNounPattern =
  /^\s*(?:(application|app|web|api|storage|database|db|cache|redis|memcached|cassandra)\s+)?(servers?|instances?|machines?|hosts?|nodes?|shards?|objects|records|rows)\b/i;
// Things a bare number may be that no estimate is: a share, a factor, a time, a range.
const notAFigure =
  /^\s?(?:%|x\b|×|times\b|ns\b|us\b|µs\b|ms\b|s\b|sec\b|secs\b|seconds?\b|min\b|minutes?\b|hours?\b|h\b|days?\b|weeks?\b|months?\b|years?\b|-\s*(?:year|month|day|week)|[-–]\s*\d|to\s+\d|chars?\b|characters?\b|cores?\b|vCPUs?\b|GHz\b|digits?\b|bits?\b(?!\s*(?:\/|per)))/iu;
const operatorBefore = /(?:[×*÷+−]|\bx|\btimes|\bdivided by|\/)\s*$/iu;
// An operand, or the left side of a conversion (`1 request per second = 2.5M a month`).
const operatorAfter = /^\s*(?:[×*÷+−=]|x\s|times\b|divided\b|\/\s*\d|is the same as\b)/iu;
const boundBefore =
  /(?:\bover|\bmore than|\bat least|\bunder|\bless than|\bup to|\bat most|\bbelow|\babove|\bexceeds?|\bbeyond|\bwithin|[<>≤≥])\s*(?:~|≈|about|around|roughly|approximately)?\s*$/iu;
// A figure of one item or one machine (`1 KB per record`, `10 TB per node`) is an input.
const perItemAfter =
  /^\s*(?:each\b|apiece\b|per\s+(?!(?:s|sec|secs|second|day|month|year|yr)\b)[\p{L}]+|\/\s*(?:node|server|instance|shard|user|record|object|request|machine|host)\b)/iu;
const perItemWords =
  /\bper[\s-]+(?!(?:s|sec|secs|second|day|month|year|yr)\b)\p{L}+|\b(?:each|every|one|a|an|single|average|typical)\s+(?:[\p{L}-]+\s+)?(?:server|node|instance|machine|host|box|shard|disk|drive|record|object|row|item|request|user|customer|client|tenant|account|device|caller)\b|\b(?:nodes?|servers?|instances?|machines?|hosts?|shards?|disks?|drives?)\s+(?:of|with)\s*$|\bthroughput per\b|\bbitrate\b|\bcan (?:handle|serve|hold|store)\b|\blimit\b/iu;
// Figures the estimator does not model, whatever their unit; and raw figures, which
// writeups multiply on the next line (the figure after that is the one to check).
const otherModel = /\bgrowth\b|\bgrowing at\b|\bheadroom\b|\bcompound|\braw\b/iu;

// Memory and RAM name a cache only right after the figure (`170 GB of memory`): before
// it they are as often a server's own (`Base memory: 2 GB`).
const cacheWords = /\bcach(?:e|es|ed|ing)\b|\bredis\b|\bmemcached\b/iu;
const storageWords = /\bstor(?:age|e|ed|es|ing)\b|\bdisks?\b|\bnew data\b|\bdatabase\b/iu;
const trafficWords =
  /\btraffic\b|\bbandwidth\b|\btransfer\b|\bingress\b|\begress\b|\bincoming\b|\boutgoing\b|\bupload|\bdownload|\bnetwork\b|\bthroughput\b/iu;
const afterKind =
  /^[\s,]*(?:of\s+|in\s+|for\s+|to\s+)?(?:(?:the|total|raw|new|additional|extra|usable|persistent|permanent|disk|database|db|object|blob|in-memory|redis|memcached|hot|cold|read|primary)\s+){0,2}(storage|disk|data|cache|memory|ram)\b/iu;
// `2 PB of stored page content`, `150 TB of new tweet content`: what is stored.
const storedContent = /^[\s,]*of\s+(?:new|stored)\s+(?:[\p{L}-]+\s+){0,2}(?:content|data)\b/iu;
const writeWords =
  /\bwrit(?:e|es|ten|ing)\b|\bcreat|\bupload|\bposts?\b|\btweets?\b|\binserts?\b|\bshorten|\bingest|\bpublish|\bsen[dt]s?\b|\bnew\b/iu;
const readWords =
  /\breads?\b|\bredirect|\bviews?\b|\bvisits?\b|\blookups?\b|\bfetch|\bgets?\b|\bclicks?\b|\bdownloads?\b|\bsearch|\bquer(?:y|ies)\b/iu;

/** The unit's label: what a list item or paragraph says before its first colon (`Storage: …`). */
function labelOf(text: string): string {
  const colon = text.indexOf(":");
  return colon > 0 && colon <= 60 ? text.slice(0, colon) : "";
}

// The end of a sentence: a full stop (not a decimal point) and a capital after it.
const sentenceEnd = /[.!?]\s+(?=[\p{Lu}(*"])/gu;

/** The sentence around a figure: its text before the figure and after it. */
function sentenceAround(text: string, start: number, end: number): [string, string] {
  const before = text.slice(0, start);
  let from = 0;
  for (const match of before.matchAll(sentenceEnd)) from = match.index + match[0].length;
  const after = text.slice(end);
  const stop = after.search(sentenceEnd);
  return [before.slice(from), stop === -1 ? after : after.slice(0, stop + 1)];
}

/** The clause just before a figure: since the last `,` `;` `:` `(` `=` or `≈`. */
function clauseBefore(sentence: string): string {
  const cut = Math.max(...[",", ";", ":", "(", "=", "≈"].map((mark) => sentence.lastIndexOf(mark)));
  return sentence.slice(cut + 1);
}

/** The period a storage figure covers, from the words after it or before it. */
function periodOf(after: string, clause: string, label: string): number | undefined {
  return periodIn(after, clause) ?? (label ? periodIn("", `${label} `) : undefined);
}

function periodIn(after: string, before: string): number | undefined {
  const per = perTimePattern.exec(after);
  if (per?.[1] && periodDays[per[1].toLowerCase()]) return periodDays[per[1].toLowerCase()];
  const perWord =
    /^\s*(daily|monthly|yearly|annually)\b/i.exec(after) ??
    /\b(daily|monthly|yearly|annual|annually)\b[^.;,\d]*$/i.exec(before);
  if (perWord?.[1]) {
    const word = perWord[1].toLowerCase();
    return word === "daily" ? 1 : word === "monthly" ? 30 : 365;
  }
  const near =
    /^[^.;,]{0,40}?(?:\bper\s+|\ba\s+|\beach\s+|\bevery\s+|\/\s*)(day|month|year)\b(?!['’])/i.exec(
      after,
    ) ?? /(?:\bper|\beach|\bevery|\ba)\s+(day|month|year)\b(?!['’])[^.;,\d]*$/i.exec(before);
  if (near?.[1]) return periodDays[near[1].toLowerCase()];
  const span =
    /^[^.;,\d]{0,40}?\b(?:over|in|for|after|across|within)\s+(?:the\s+)?(?:next\s+|first\s+)?(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]*(years?|months?|weeks?|days?)\b/i.exec(
      after,
    ) ??
    /\b(?:over|in|for|after|across|within)\s+(?:the\s+)?(?:next\s+|first\s+)?(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]*(years?|months?|weeks?|days?)\b[^\d]*$/i.exec(
      before,
    ) ??
    /\b(\d+)-(year|month|week|day)\b[^\d]*$/i.exec(before);
  if (!span?.[1] || !span[2]) return undefined;
  const count = wordNumbers[span[1].toLowerCase()] ?? Number(span[1]);
  return count * (periodDays[span[2].toLowerCase()] ?? 1);
}

/** Which estimate a size is, from the words around it: cache, storage or (for per-day sizes) traffic. */
function sizeKinds(after: string, clause: string, sentence: string, label: string): ClaimKind[] {
  if (storedContent.test(after)) return ["storage"];
  const named = afterKind.exec(after)?.[1]?.toLowerCase();
  if (named) return ["cache", "memory", "ram"].includes(named) ? ["cache"] : ["storage"];
  for (const words of [clause, sentence, label]) {
    const cache = lastIndex(words, cacheWords);
    const storage = lastIndex(words, storageWords);
    if (cache === -1 && storage === -1) continue;
    return cache > storage ? ["cache"] : ["storage"];
  }
  return [];
}

function lastIndex(text: string, pattern: RegExp): number {
  const global = new RegExp(pattern.source, `${pattern.flags}g`);
  let last = -1;
  for (const match of text.matchAll(global)) last = match.index;
  return last;
}

/** Which traffic a rate is: the noun it counts, else the words before it. */
function rateKinds(noun: string, clause: string, label: string): ClaimKind[] {
  for (const words of [noun, clause, label]) {
    const write = lastIndex(words, writeWords);
    const read = lastIndex(words, readWords);
    if (write === -1 && read === -1) continue;
    if (write !== -1 && read !== -1) return ["requests"];
    return write !== -1 ? ["writes"] : ["reads"];
  }
  return ["requests"];
}

/** Which machine count a noun names (`26 servers`, `4 cache nodes`, `9 shards`). */
function machineKinds(modifier: string, noun: string, context: string): ClaimKind[] {
  const what = noun.toLowerCase().replace(/s$/, "");
  // Read or write instances are a part of a fleet the estimator sizes whole.
  if (/\b(?:read|write)\s+(?:instances|servers|nodes|replicas|shards)\b/iu.test(context)) return [];
  const kind = modifier.toLowerCase();
  if (["object", "record", "row"].includes(what)) return ["objects"];
  const cache = ["cache", "redis", "memcached"].includes(kind) || cacheWords.test(context);
  if (["server", "instance", "machine", "host"].includes(what)) {
    if (cache) return ["cache_nodes"];
    return ["storage", "database", "db", "cassandra"].includes(kind) ? [] : ["servers"];
  }
  if (cache) return ["cache_nodes"];
  const storage =
    ["storage", "database", "db", "cassandra"].includes(kind) ||
    storageWords.test(context) ||
    /\d\s*[KMGTP]i?B\b/u.test(context);
  if (!storage) return [];
  return what === "shard" ? ["storage_shards"] : ["storage_nodes"];
}

/** Every claim in a text (a paragraph, a list item, a table cell), in order. */
export function findClaims(text: string, rowLabel = ""): Claim[] {
  const claims: Claim[] = [];
  const label = [rowLabel, labelOf(text)].filter(Boolean).join(" ");
  for (const match of text.matchAll(numberPattern)) {
    const start = match.index;
    let end = start + match[0].length;
    let value = Number(match[0].replace(/,/g, ""));
    let rest = text.slice(end);
    if (notAFigure.test(rest)) continue;
    const magnitude = magnitudePattern.exec(rest);
    if (magnitude) {
      const word = (magnitude[1] ?? magnitude[2] ?? "").toLowerCase();
      // `500 B` is bytes; `10B` and `10 billion` are counts.
      if (magnitude[1] || !/^\sB/.test(rest)) {
        value *= magnitudes[word] ?? 1;
        end += magnitude[0].length;
        rest = text.slice(end);
      }
    }

    let kinds: ClaimKind[] = [];
    let days: number | undefined;
    const [sentenceStart, sentenceEnd] = sentenceAround(text, start, end);
    const clause = clauseBefore(sentenceStart);
    const whole = `${sentenceStart} ${sentenceEnd}`;
    if (otherModel.test(whole) || otherModel.test(label)) continue;

    // Each pattern runs only when the ones before it failed: V8 compiles a pattern
    // the first time it runs, which is most of what one file's check spends here.
    const bits = bitsPattern.exec(rest);
    const bytesPerSecond = bits ? null : bytesPerSecondSuffix.exec(rest);
    const size = bits || bytesPerSecond ? null : sizePattern.exec(rest);
    // A bare `B` right after a magnitude is not bytes.
    const isSize = size !== null && !(size[2] === "B" && size[1] === "" && magnitude);
    const rate = bits || bytesPerSecond || isSize ? null : ratePattern.exec(rest);
    const count = bits || bytesPerSecond || isSize || rate ? null : countNounPattern.exec(rest);
    let inBits = false;
    if (bits) {
      value *= (bitPrefixes[(bits[1] ?? "").toLowerCase()] ?? 1) / 8;
      end += bits[0].length;
      kinds = ["bandwidth"];
      inBits = true;
    } else if (bytesPerSecond) {
      value *= bitPrefixes[(bytesPerSecond[1] ?? "").toLowerCase()] ?? 1;
      end += bytesPerSecond[0].length;
      kinds = ["bandwidth"];
    } else if (size && isSize) {
      const unit = size[2] ?? "";
      // A lower-case `b` after a prefix is bits (`Mb`): not a size.
      if (/^[kmgtp]b$/u.test(unit) && unit !== "kb") continue;
      value *= byteUnits[unit.toLowerCase()] ?? 1;
      end += size[0].length;
      const afterSize = text.slice(end);
      const perTime = perTimePattern.exec(afterSize);
      if (perTime?.[1] && /^(s|sec|secs|second)$/i.test(perTime[1])) {
        end += perTime[0].length;
        kinds = ["bandwidth"];
      } else {
        days = periodOf(afterSize, clause, label);
        if (perTime) end += perTime[0].length;
        const traffic = days !== undefined && trafficWords.test(`${clause} ${label}`);
        kinds = traffic ? ["bandwidth"] : sizeKinds(text.slice(end), clause, sentenceStart, label);
        // A cache is a standing size: "cache data per month" is something else.
        if (kinds.includes("cache") && days !== undefined) continue;
      }
    } else if (rate) {
      end += rate[0].length;
      kinds = rateKinds(`${rate[1] ?? ""} ${rate[2] ?? ""}`, clause, label);
    } else if (count) {
      end += count[0].length;
      kinds = machineKinds(count[1] ?? "", count[2] ?? "", `${clause} ${label}`);
      if (kinds.includes("objects")) days = periodOf(text.slice(end), clause, label);
    }
    if (kinds.length === 0) continue;

    // Operands, bounds and per-item figures are not claims about the system.
    const before = text.slice(0, start);
    const after = text.slice(end);
    if (operatorBefore.test(before) || operatorAfter.test(after)) continue;
    if (boundBefore.test(before)) continue;
    // A label is the figure's subject (`Per node capacity: 10 TB`) unless it holds a
    // figure of its own, when it is a premise (`At 1 KB per record: 100 GB a day`).
    const subject = /\d/.test(label) ? "" : label;
    if (perItemAfter.test(after) || perItemWords.test(clause) || perItemWords.test(subject)) {
      continue;
    }
    const claim: Claim = { start, end, text: text.slice(start, end), value, kinds };
    if (days !== undefined) claim.days = days;
    if (inBits) claim.bits = true;
    claims.push(claim);
  }
  return claims;
}
