/**
 * Split weights in hundredths of a percent (0.01 % resolution, as the router document
 * stores them): the arithmetic behind the console's traffic sliders and the undeploy
 * wizard. Pure, and exact: every function here returns integers that add up to TOTAL
 * whenever its input did, so a split never shows 99.99 % or 100.01 %.
 */

/** 100 % in hundredths. */
export const TOTAL = 10_000;

/** A percentage (e.g. 33.33) as hundredths (3333), rounded to the nearest 0.01 %. */
export function toHundredths(percent: number): number {
  return Math.round(percent * 100);
}

/** Hundredths (3333) as a percentage with at most two decimals (33.33). */
export function toPercent(hundredths: number): number {
  return hundredths / 100;
}

export function sumOf(weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  return total;
}

/**
 * Splits `amount` hundredths over the entries in proportion to `basis` (largest-remainder
 * method; ties go to the earlier entry). With no positive basis the amount is split evenly.
 * The result always sums to `amount` exactly. `amount` must be a non-negative integer.
 */
export function allocate(amount: number, basis: readonly number[]): number[] {
  const n = basis.length;
  if (n === 0) return [];
  const shares = basis.map((b) => (Number.isFinite(b) && b > 0 ? b : 0));
  let total = sumOf(shares);
  if (total <= 0) {
    shares.fill(1);
    total = n;
  }
  const out = new Array<number>(n);
  const remainders: { index: number; fraction: number }[] = [];
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const quota = (amount * shares[i]!) / total;
    const whole = Math.floor(quota + 1e-9);
    out[i] = whole;
    assigned += whole;
    remainders.push({ index: i, fraction: quota - whole });
  }
  remainders.sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (let k = 0; assigned < amount; k++, assigned++) out[remainders[k % n]!.index]! += 1;
  return out;
}

/** `n` weights as even as hundredths allow (the first ones get the spare hundredths). */
export function evenWeights(n: number): number[] {
  return allocate(TOTAL, new Array<number>(n).fill(1));
}

/** Scales weights that do not add up to 100 % (a draft saved elsewhere) so that they do. */
export function normalize(weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  return sumOf(weights) === TOTAL ? [...weights] : allocate(TOTAL, weights);
}

/**
 * Moves weight `index` to `value` (hundredths) and rebalances the other UNLOCKED weights in
 * proportion to their share of `basis` (the weights when the drag started, or the current
 * ones), so that the total stays TOTAL. Locked weights never change. The moved weight is
 * clamped to what the locked ones leave; when every other weight is locked it cannot move
 * at all (it keeps the only value that sums to 100 %).
 */
export function setWeight(basis: readonly number[], locked: readonly boolean[], index: number, value: number): number[] {
  if (index < 0 || index >= basis.length) throw new RangeError(`no weight at index ${index}`);
  let lockedSum = 0;
  const free: number[] = [];
  basis.forEach((w, i) => {
    if (i === index) return;
    if (locked[i]) lockedSum += w;
    else free.push(i);
  });
  const room = Math.max(0, TOTAL - lockedSum);
  const next = [...basis];
  if (free.length === 0) {
    next[index] = room;
    return next;
  }
  const moved = Math.min(room, Math.max(0, Math.round(Number.isFinite(value) ? value : 0)));
  next[index] = moved;
  const shares = allocate(room - moved, free.map((i) => basis[i]!));
  free.forEach((i, k) => {
    next[i] = shares[k]!;
  });
  return next;
}

/**
 * The largest value weight `index` can take: 100 % minus the other locked weights (or,
 * when all others are locked, exactly what they leave).
 */
export function maxWeight(weights: readonly number[], locked: readonly boolean[], index: number): number {
  let lockedSum = 0;
  weights.forEach((w, i) => {
    if (i !== index && locked[i]) lockedSum += w;
  });
  return Math.max(0, TOTAL - lockedSum);
}

/**
 * Removes entry `index` and gives its weight to the unlocked remaining entries in
 * proportion to their weights (evenly if they are all at zero). When every remaining
 * entry is locked, they share it anyway — a split must add up to 100 % — and their
 * locks are the caller's to revisit.
 */
export function removeWeight(weights: readonly number[], locked: readonly boolean[], index: number): { weights: number[]; locked: boolean[] } {
  if (index < 0 || index >= weights.length) throw new RangeError(`no weight at index ${index}`);
  const rest = weights.filter((_, i) => i !== index);
  const restLocked = locked.filter((_, i) => i !== index).map(Boolean);
  if (rest.length === 0) return { weights: [], locked: [] };
  const freed = weights[index]!;
  let receivers = rest.map((_, i) => i).filter((i) => !restLocked[i]);
  if (receivers.length === 0) receivers = rest.map((_, i) => i);
  const shares = allocate(freed, receivers.map((i) => rest[i]!));
  const next = [...rest];
  receivers.forEach((i, k) => {
    next[i]! += shares[k]!;
  });
  return { weights: next, locked: restLocked };
}

/** Adds an entry at 0 % (the total is unchanged; the user then gives it a share). */
export function addWeight(weights: readonly number[], locked: readonly boolean[]): { weights: number[]; locked: boolean[] } {
  return { weights: [...weights, 0], locked: [...locked.map(Boolean), false] };
}

/**
 * Promoting a shadow: `route` joins the split at `hundredths` (a canary, 5 % by default), the
 * other routes giving it up in proportion to their weights. A route already in the split
 * keeps the split as it is.
 */
export function withCanary<T extends { route: string; weight: number }>(split: readonly T[], route: string, hundredths = 500): { route: string; weight: number }[] {
  if (split.some((s) => s.route === route)) return split.map((s) => ({ route: s.route, weight: s.weight }));
  const basis = [...normalize(split.map((s) => toHundredths(s.weight))), 0];
  const next = basis.length === 1 ? [TOTAL] : setWeight(basis, basis.map(() => false), basis.length - 1, hundredths);
  return [...split.map((s) => s.route), route].map((r, i) => ({ route: r, weight: toPercent(next[i]!) }));
}
