import fc from "fast-check";

/**
 * Generators of `capacity:` blocks for property tests: every value form,
 * extremes, misspellings and junk.
 */
const extremeNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    1e308,
    -1e308,
    5e-324,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
);
const magnitude = fc.oneof(
  fc.double({ min: 0, max: 1e30, noNaN: true }),
  fc.constantFrom(0, 1e-300, 1e300, 1e308, 123_456_789),
);
const count = fc
  .tuple(magnitude, fc.constantFrom("", "K", "M", "B", "T", " million", " billion"))
  .map(([number, suffix]) => `${number}${suffix}`);
const period = fc
  .tuple(
    fc.oneof(
      fc.constant(""),
      magnitude.map((number) => `${number} `),
    ),
    fc.constantFrom(
      "s",
      "sec",
      "min",
      "hour",
      "day",
      "days",
      "week",
      "month",
      "year",
      "weeks",
      "fortnight",
    ),
  )
  .map(([multiple, unit]) => `${multiple}${unit}`);
const rate = fc
  .tuple(count, fc.boolean(), period, fc.constantFrom(" / ", "/", " per "))
  .map(
    ([amount, perUser, per, separator]) =>
      `${amount}${separator}${perUser ? `user${separator}` : ""}${per}`,
  );
const size = fc
  .tuple(
    magnitude,
    fc.constantFrom(
      "",
      " B",
      " KB",
      " MB",
      " GB",
      " TB",
      " PB",
      " KiB",
      " MiB",
      " PiB",
      " Mb",
      " kg",
    ),
  )
  .map(([number, unit]) => `${number}${unit}`);
const duration = fc
  .tuple(magnitude, fc.constantFrom(" days", " weeks", " months", " years", " year", " decades"))
  .map(([number, unit]) => `${number}${unit}`);
const ratio = fc.oneof(
  magnitude,
  fc.tuple(magnitude, magnitude).map(([left, right]) => `${left}:${right}`),
);
const factor = fc.oneof(
  magnitude,
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.constantFrom("20%", "150%"),
);
const junk = fc.oneof(extremeNumber, fc.string(), fc.boolean(), fc.constant(null), fc.anything());

const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: junk });

const flow = {
  writes: field(rate),
  reads: field(rate),
  read_write_ratio: field(ratio),
  write_size: field(size),
  read_size: field(size),
  request_size: field(size),
};
const latency = fc
  .tuple(magnitude, fc.constantFrom(" ms", "ms", " s", " us", " µs", "", " mins"))
  .map(([number, unit]) => `${number}${unit}`);
const limit = <T>(fields: Record<string, fc.Arbitrary<T>>) =>
  fc.record(fields, { requiredKeys: [] });
const settings = {
  users: field(count),
  latency: field(latency),
  per_server: field(
    limit({
      rps: field(count),
      read_rps: field(count),
      write_rps: field(count),
      redundancy: field(fc.oneof(fc.nat(5), factor)),
    }),
  ),
  per_node: field(limit({ storage: field(size), stroage: field(size) })),
  per_cache_node: field(limit({ memory: field(size) })),
  retention: field(duration),
  replication: field(factor),
  storage_overhead: field(factor),
  target_utilization: field(factor),
  peak_factor: field(factor),
  cache_ratio: field(factor),
};
const workload = fc.record(
  {
    name: field(fc.constantFrom("tweets", "media", "search", "total", "a b")),
    ...flow,
    ...settings,
  },
  { requiredKeys: [] },
);
/** Any `capacity:` block: valid ones of every form, near misses and junk. */
export const capacity = fc.oneof(
  fc.record({ ...flow, ...settings }, { requiredKeys: [] }),
  fc.record(
    { ...settings, workloads: field(fc.array(fc.oneof(workload, junk), { maxLength: 4 })) },
    { requiredKeys: [] },
  ),
  fc
    .tuple(
      fc.record({ ...flow, ...settings }, { requiredKeys: [] }),
      fc.dictionary(fc.string(), junk),
    )
    .map(([fields, extra]) => ({ ...extra, ...fields })),
  junk,
);
