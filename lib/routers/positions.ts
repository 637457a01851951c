/**
 * Rule positions are sort keys with room between them, not indexes: the draft lists its rules
 * by position, and a new order is written by moving as few rules as possible. Dragging one
 * rule of 500 changes one row instead of every row between its old and new place (each a new
 * row version, index entries and a uniqueness check at commit).
 */

/** Room left between neighbours when positions are (re)numbered. */
export const POSITION_GAP = 1024;
/** Positions stay below this (the column is a 32-bit integer). */
export const MAX_POSITION = 2 ** 31 - 1;

/** Positions for `count` rules numbered afresh: GAP, 2·GAP, … (room before the first as well). */
export function spreadPositions(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + 1) * POSITION_GAP);
}

/**
 * New positions for rules in their new order, given each one's old position (null: a new
 * rule). The rules whose old positions already increase along the new order (a longest such
 * run) keep them; the others get positions between their kept neighbours. When a gap is too
 * narrow, or a position would pass MAX_POSITION, every rule is numbered afresh.
 */
export function positionsFor(old: readonly (number | null)[]): number[] {
  const keep = longestIncreasing(old);
  const next = old.map((p, i) => (keep.has(i) ? p! : -1));
  let i = 0;
  while (i < next.length) {
    if (next[i] !== -1) {
      i++;
      continue;
    }
    let end = i;
    while (end < next.length && next[end] === -1) end++;
    const low = i === 0 ? 0 : next[i - 1]!;
    const count = end - i;
    // After the last kept rule: a full gap each; before the first: the room above 0.
    const high = end === next.length ? low + (count + 1) * POSITION_GAP : next[end]!;
    const step = Math.floor((high - low) / (count + 1));
    if (step < 1 || high > MAX_POSITION) return spreadPositions(old.length);
    for (let k = 0; k < count; k++) next[i + k] = low + step * (k + 1);
    i = end;
  }
  return next;
}

/** Indexes of a longest strictly increasing subsequence of the non-null values (O(n log n)). */
function longestIncreasing(values: readonly (number | null)[]): Set<number> {
  const tails: number[] = []; // tails[k]: index of the smallest tail of an increasing run of length k + 1
  const before = new Array<number>(values.length).fill(-1);
  values.forEach((v, i) => {
    if (v === null) return;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) before[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const kept = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = before[i]!) kept.add(i);
  return kept;
}
