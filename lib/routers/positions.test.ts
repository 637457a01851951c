import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_POSITION, POSITION_GAP, positionsFor, spreadPositions } from "./positions";

const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);
const inRange = (xs: number[]) => xs.every((x) => Number.isInteger(x) && x >= 0 && x <= MAX_POSITION);

/** Length of a longest strictly increasing run of the non-null values (quadratic, as a reference). */
function longestRun(values: (number | null)[]): number {
  const xs = values.filter((v): v is number => v !== null);
  const best = xs.map(() => 1);
  xs.forEach((x, i) => xs.slice(0, i).forEach((y, j) => y < x && (best[i] = Math.max(best[i]!, best[j]! + 1))));
  return Math.max(0, ...best);
}

/** Old positions of a new order: distinct stored positions shuffled, with new rules (null) mixed in. */
const oldPositionsArb = fc
  .tuple(
    fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: MAX_POSITION }), fc.constant(MAX_POSITION)), { maxLength: 60 }),
    fc.array(fc.nat(), { maxLength: 8 }),
  )
  .chain(([stored, added]) =>
    fc.shuffledSubarray(stored, { minLength: stored.length, maxLength: stored.length }).map((order) => {
      const list: (number | null)[] = [...order];
      for (const at of added) list.splice(at % (list.length + 1), 0, null);
      return list;
    }),
  );

describe("rule positions", () => {
  it("always increase along the new order, stay in the column's range, and keep a longest increasing run", () => {
    fc.assert(
      fc.property(oldPositionsArb, (old) => {
        const next = positionsFor(old);
        expect(next).toHaveLength(old.length);
        expect(increasing(next)).toBe(true);
        expect(inRange(next)).toBe(true);
        const renumbered = next.every((p, i) => p === (i + 1) * POSITION_GAP);
        // Unless numbered afresh, as many rules as possible keep their rows' positions.
        if (!renumbered) expect(old.filter((p, i) => p === next[i]).length).toBeGreaterThanOrEqual(longestRun(old));
      }),
      { numRuns: 500 },
    );
  });

  it("moves one row for one dragged rule, and a new rule is one new position", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.nat(), fc.nat(), (count, from, to) => {
        const stored = spreadPositions(count);
        const order: (number | null)[] = [...stored];
        const [moved] = order.splice(from % count, 1);
        order.splice(to % count, 0, moved!);
        const next = positionsFor(order);
        expect(next.filter((p, i) => p !== order[i]).length).toBeLessThanOrEqual(1);
        const withNew = stored.toSpliced(from % count, 0, null as unknown as number);
        expect(positionsFor(withNew).filter((p, i) => p !== withNew[i]).length).toBe(1);
      }),
    );
  });

  it("numbers afresh when there is no room: dense positions, or positions at the top of the range", () => {
    expect(positionsFor([0, 2, 1])).toEqual(spreadPositions(3));
    expect(positionsFor([MAX_POSITION, null])).toEqual(spreadPositions(2));
    // Dragging to the top of rules numbered afresh needs no renumbering: there is room below the first.
    expect(positionsFor([2048, 1024, 3072])).toEqual([512, 1024, 3072]);
    expect(positionsFor([3072, 1024, 2048])).toEqual([512, 1024, 2048]);
  });

  it("stays within its bound on long runs of drags into the same gap", () => {
    let stored = spreadPositions(50);
    for (let i = 0; i < 1000; i++) {
      // Always move the last rule to second place: the gap after the first halves each time.
      const order = [stored[0]!, stored[49]!, ...stored.slice(1, 49)];
      stored = positionsFor(order);
      expect(increasing(stored)).toBe(true);
      expect(inRange(stored)).toBe(true);
    }
  });
});
