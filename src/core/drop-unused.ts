/**
 * What a process keeps between builds (`designpress dev`'s memories) is kept
 * for the last two builds: an edit undone finds what the build before it used.
 * Deletes from `entries` every key neither `used` nor `usedBefore` holds.
 */
export function dropUnused<Value>(
  entries: Map<string, Value>,
  used: ReadonlySet<string>,
  usedBefore: ReadonlySet<string>,
): void {
  for (const key of entries.keys()) {
    if (!used.has(key) && !usedBefore.has(key)) entries.delete(key);
  }
}
