/** Fixed-size bit sets over rule positions: the overlap index ANDs and ORs whole words. */
export type Bitset = Uint32Array;

export const bitsetWords = (size: number): number => (size + 31) >>> 5;

export function addBit(set: Bitset, i: number): void {
  set[i >>> 5]! |= 1 << (i & 31);
}

export function hasBit(set: Bitset, i: number): boolean {
  return (set[i >>> 5]! & (1 << (i & 31))) !== 0;
}

/** Keeps only positions below `end`. */
export function truncate(set: Bitset, end: number): void {
  const word = end >>> 5;
  if (word < set.length) {
    set[word]! &= (1 << (end & 31)) - 1;
    set.fill(0, word + 1);
  }
}

/** Calls `visit` for each position in ascending order; stops when it returns false. */
export function forEachBit(set: Bitset, visit: (i: number) => boolean | void): void {
  for (let w = 0; w < set.length; w++) {
    let word = set[w]!;
    while (word !== 0) {
      const low = word & -word;
      if (visit((w << 5) + (31 - Math.clz32(low))) === false) return;
      word ^= low;
    }
  }
}

/** The number of positions in the set. */
export function bitCount(set: Bitset): number {
  let count = 0;
  for (let w = 0; w < set.length; w++) {
    let v = set[w]! - ((set[w]! >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    count += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}
