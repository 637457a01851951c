import type { RouterRow } from "./draft-rows";

/**
 * The draft rows of routers this process has recently read or written, each under the draft
 * stamp it was read or written at. The database renews a router's stamp whenever its revision
 * changes (a trigger, whichever statement bumps it: a draft edit, an audience edit, a reset),
 * so a kept row is used only while the router's current stamp is the one it was kept under:
 * the stamp is read in the same statement that locks the router (an edit) or on its own (a
 * read), and anything else reads the rows again.
 *
 * Rows are put only with a stamp that is committed: one read in a single statement, or a
 * write's new rows once its transaction has committed. Never handed out: callers build
 * documents from them (`documentFromRow` copies what it takes), so nothing outside can change
 * a kept row.
 *
 * Bounded by the rules it holds (least recently used routers go first), so a process editing
 * many big routers keeps a few of them rather than all.
 */

export const MAX_CACHED_RULES = 20_000;
export const MAX_CACHED_ROUTERS = 256;

type Entry = { stamp: string; row: RouterRow; size: number };

const entries = new Map<string, Entry>();
let held = 0;

const sizeOf = (row: RouterRow) => 1 + row.rules.length + row.routes.length;

/** The kept rows of router `id` when they are those of `stamp`. */
export function cachedDraftRow(id: string, stamp: string): RouterRow | null {
  const entry = entries.get(id);
  if (!entry) return null;
  if (entry.stamp !== stamp) {
    forget(id);
    return null;
  }
  // Most recently used last.
  entries.delete(id);
  entries.set(id, entry);
  return entry.row;
}

/** Keeps `row` as router `id`'s draft at `stamp` (a committed stamp: see above). */
export function keepDraftRow(id: string, stamp: string, row: RouterRow): void {
  forget(id);
  const size = sizeOf(row);
  if (size > MAX_CACHED_RULES) return;
  entries.set(id, { stamp, row, size });
  held += size;
  for (const [oldest, entry] of entries) {
    if (held <= MAX_CACHED_RULES && entries.size <= MAX_CACHED_ROUTERS) break;
    entries.delete(oldest);
    held -= entry.size;
  }
}

export function forget(id: string): void {
  const entry = entries.get(id);
  if (!entry) return;
  entries.delete(id);
  held -= entry.size;
}

/** Empties the cache (tests compare what it answers with a fresh read). */
export function forgetAll(): void {
  entries.clear();
  held = 0;
}

/** What the cache holds, for tests of its bound. */
export function cacheSize(): { routers: number; rules: number } {
  return { routers: entries.size, rules: held };
}
