/**
 * Slot tables: 10 000 slots, each owned by a route. A sticky key's bucket picks a slot, so
 * the table is what keeps a key on its route; `rebalance` changes it as little as possible.
 */
import { SLOT_COUNT, type SplitEntry } from "../router/document";

/** slot → route name; always SLOT_COUNT entries. */
export type SlotTable = readonly string[];

/**
 * Slots per route, in split order (a route listed twice gets the sum of its weights).
 * Valid weights (two decimals, summing to 100) give exactly weight × 100 slots each; other
 * sums are scaled to 10 000 by largest remainder (ties to the earlier route) so that a draft
 * with wrong weights still routes in proportion.
 */
export function slotCounts(split: readonly SplitEntry[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { route, weight } of split) weights.set(route, (weights.get(route) ?? 0) + Math.max(0, weight));
  const exact = new Map<string, number>();
  let exactTotal = 0;
  for (const [route, weight] of weights) {
    const slots = Math.round(weight * 100);
    exact.set(route, slots);
    exactTotal += slots;
  }
  if (exactTotal === SLOT_COUNT) return exact;

  let total = 0;
  for (const weight of weights.values()) total += weight;
  if (!(total > 0)) throw new RangeError("the split has no route with a positive weight");
  const counts = new Map<string, number>();
  const remainders: { route: string; fraction: number; order: number }[] = [];
  let assigned = 0;
  for (const [route, weight] of weights) {
    const quota = (weight / total) * SLOT_COUNT;
    const slots = Math.floor(quota);
    counts.set(route, slots);
    assigned += slots;
    remainders.push({ route, fraction: quota - slots, order: remainders.length });
  }
  remainders.sort((a, b) => b.fraction - a.fraction || a.order - b.order);
  for (let i = 0; assigned < SLOT_COUNT; i++, assigned++) {
    const { route } = remainders[i % remainders.length]!;
    counts.set(route, counts.get(route)! + 1);
  }
  return counts;
}

/** The table of a split with no history: one contiguous range per route, in split order. */
export function canonicalTable(split: readonly SplitEntry[]): SlotTable {
  const table: string[] = [];
  for (const [route, slots] of slotCounts(split)) for (let i = 0; i < slots; i++) table.push(route);
  return table;
}

/**
 * The baseline we compare against (Ray Serve, Dataiku, Unleash): cumulative ranges recomputed
 * from the weights on every change, without regard to which slots each route owned before.
 */
export function cumulativeRanges(split: readonly SplitEntry[]): SlotTable {
  const table: string[] = new Array<string>(SLOT_COUNT);
  let start = 0;
  let cumulative = 0;
  for (const { route, weight } of split) {
    cumulative += weight;
    const end = Math.min(SLOT_COUNT, Math.round(cumulative * 100));
    for (let slot = start; slot < end; slot++) table[slot] = route;
    start = Math.max(start, end);
  }
  const last = split[split.length - 1]?.route ?? "";
  for (let slot = start; slot < SLOT_COUNT; slot++) table[slot] = last;
  return table;
}

function countsOf(table: SlotTable): Map<string, number> {
  const counts = new Map<string, number>();
  for (const route of table) counts.set(route, (counts.get(route) ?? 0) + 1);
  return counts;
}

function assertTable(table: SlotTable): void {
  if (table.length !== SLOT_COUNT) throw new RangeError(`a slot table has ${SLOT_COUNT} slots, not ${table.length}`);
}

/**
 * The table for `split` that moves the fewest slots away from `previous`: each route whose
 * share drops gives up exactly the slots it loses (its highest-numbered ones), and only routes
 * whose share grows receive them (in split order, each taking the lowest freed slots).
 * Moved slots = Σ|Δslots| / 2, the minimum possible.
 */
export function rebalance(previous: SlotTable, split: readonly SplitEntry[]): SlotTable {
  assertTable(previous);
  const targets = slotCounts(split);
  const current = countsOf(previous);
  const surplus = new Map<string, number>();
  for (const [route, slots] of current) {
    const excess = slots - (targets.get(route) ?? 0);
    if (excess > 0) surplus.set(route, excess);
  }
  const freed: number[] = [];
  for (let slot = SLOT_COUNT - 1; slot >= 0; slot--) {
    const route = previous[slot]!;
    const excess = surplus.get(route);
    if (excess !== undefined && excess > 0) {
      freed.push(slot);
      surplus.set(route, excess - 1);
    }
  }
  freed.reverse();
  const table = previous.slice();
  let next = 0;
  for (const [route, target] of targets) {
    for (let need = target - (current.get(route) ?? 0); need > 0; need--) table[freed[next++]!] = route;
  }
  return table;
}

/** The fewest slots any table for `split` must move away from `previous`: Σ|Δslots| / 2. */
export function minimumMovedSlots(previous: SlotTable, split: readonly SplitEntry[]): number {
  const targets = slotCounts(split);
  const current = countsOf(previous);
  let delta = 0;
  for (const [route, slots] of current) delta += Math.abs(slots - (targets.get(route) ?? 0));
  for (const [route, target] of targets) if (!current.has(route)) delta += target;
  return delta / 2;
}

/** How many slots have a different route in `a` and `b`. */
export function movedSlots(a: SlotTable, b: SlotTable): number {
  assertTable(a);
  assertTable(b);
  let moved = 0;
  for (let slot = 0; slot < SLOT_COUNT; slot++) if (a[slot] !== b[slot]) moved++;
  return moved;
}

/** The fraction (0–1) of sticky keys whose route differs between `a` and `b`. */
export function movedShare(a: SlotTable, b: SlotTable): number {
  return movedSlots(a, b) / SLOT_COUNT;
}

/** Runs in slot order: `stable:9000,canary:1000`. */
export function encodeSlots(table: SlotTable): string {
  assertTable(table);
  const runs: string[] = [];
  let start = 0;
  for (let slot = 1; slot <= SLOT_COUNT; slot++) {
    if (slot === SLOT_COUNT || table[slot] !== table[start]) {
      runs.push(`${table[start]}:${slot - start}`);
      start = slot;
    }
  }
  return runs.join(",");
}

export type DecodedSlots = { ok: true; table: SlotTable } | { ok: false; error: string };

const RUN = /^([a-z0-9][a-z0-9-]{0,62}):(\d+)$/;

/**
 * Parses an encoded table. With `split`, the table must also agree with it: only the split's
 * routes, each owning exactly its weight's share of slots (otherwise a key's route would not
 * follow the weights the user sees).
 */
export function decodeSlots(encoded: string, split?: readonly SplitEntry[]): DecodedSlots {
  const table: string[] = [];
  for (const run of encoded.split(",")) {
    const match = RUN.exec(run);
    if (!match) return { ok: false, error: `"${run}" is not a route:length run` };
    const length = Number(match[2]);
    if (length === 0) return { ok: false, error: `run "${run}" is empty` };
    if (table.length + length > SLOT_COUNT) return { ok: false, error: `the runs cover more than ${SLOT_COUNT} slots` };
    for (let i = 0; i < length; i++) table.push(match[1]!);
  }
  if (table.length !== SLOT_COUNT) return { ok: false, error: `the runs cover ${table.length} slots, not ${SLOT_COUNT}` };
  if (split === undefined) return { ok: true, table };

  let targets: Map<string, number>;
  try {
    targets = slotCounts(split);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const counts = countsOf(table);
  for (const [route, slots] of counts) {
    if (!targets.has(route)) return { ok: false, error: `route "${route}" owns slots but is not in the split` };
    const target = targets.get(route)!;
    if (slots !== target) {
      return { ok: false, error: `route "${route}" owns ${slots} slots but its weight gives it ${target}` };
    }
  }
  for (const [route, target] of targets) {
    if (target > 0 && !counts.has(route)) return { ok: false, error: `route "${route}" owns no slots but its weight gives it ${target}` };
  }
  return { ok: true, table };
}
