import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addWeight, allocate, evenWeights, maxWeight, normalize, removeWeight, setWeight, sumOf, toHundredths, toPercent, TOTAL, withCanary } from "./weights";

/** Weights in hundredths that sum to 100 %, with a lock flag each (at least one entry). */
const split = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.boolean()), { minLength: 1, maxLength: 8 })
  .map((entries) => ({ weights: allocate(TOTAL, entries.map(([w]) => w)), locked: entries.map(([, l]) => l) }));

describe("allocate", () => {
  it("splits in proportion with the largest remainders, ties to the earlier entry", () => {
    expect(allocate(10_000, [1, 1, 1])).toEqual([3334, 3333, 3333]);
    expect(allocate(100, [1, 3])).toEqual([25, 75]);
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
    expect(allocate(0, [4, 5])).toEqual([0, 0]);
    expect(allocate(7, [])).toEqual([]);
  });

  it("always sums to the amount, never goes negative", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: TOTAL }), fc.array(fc.integer({ min: 0, max: TOTAL }), { minLength: 1, maxLength: 12 }), (amount, basis) => {
        const out = allocate(amount, basis);
        expect(sumOf(out)).toBe(amount);
        expect(out.every((w) => Number.isInteger(w) && w >= 0)).toBe(true);
      }),
    );
  });
});

describe("setWeight", () => {
  it("rebalances the unlocked others proportionally", () => {
    // 50 / 30 / 20 → move the first to 60: the others keep their 3:2 ratio.
    expect(setWeight([5000, 3000, 2000], [false, false, false], 0, 6000)).toEqual([6000, 2400, 1600]);
    // A locked route keeps its share; only the free one moves.
    expect(setWeight([5000, 3000, 2000], [false, true, false], 0, 6000)).toEqual([6000, 3000, 1000]);
  });

  it("clamps the moved weight to what the locked ones leave", () => {
    expect(setWeight([5000, 3000, 2000], [false, true, false], 0, 9000)).toEqual([7000, 3000, 0]);
    expect(setWeight([5000, 3000, 2000], [false, false, false], 0, -5)).toEqual([0, 6000, 4000]);
    expect(maxWeight([5000, 3000, 2000], [false, true, false], 0)).toBe(7000);
  });

  it("cannot move a weight whose every other weight is locked", () => {
    expect(setWeight([5000, 3000, 2000], [false, true, true], 0, 9000)).toEqual([5000, 3000, 2000]);
    expect(setWeight([10_000], [false], 0, 4000)).toEqual([10_000]);
  });

  it("shares the rest evenly when the others are all at zero", () => {
    expect(setWeight([10_000, 0, 0], [false, false, false], 0, 9000)).toEqual([9000, 500, 500]);
  });

  it("works in hundredths: 0.01 % steps, exact sums", () => {
    expect(setWeight([5000, 5000], [false, false], 1, toHundredths(33.33))).toEqual([6667, 3333]);
    expect(toPercent(6667)).toBe(66.67);
  });

  it("property: always sums to 100.00 %, locked weights never change, the moved one is clamped", () => {
    fc.assert(
      fc.property(split, fc.nat(), fc.integer({ min: -2000, max: 12_000 }), ({ weights, locked }, pick, value) => {
        const index = pick % weights.length;
        const next = setWeight(weights, locked, index, value);
        expect(sumOf(next)).toBe(TOTAL);
        expect(next.every((w) => Number.isInteger(w) && w >= 0)).toBe(true);
        next.forEach((w, i) => {
          if (i !== index && locked[i]) expect(w).toBe(weights[i]);
        });
        const max = maxWeight(weights, locked, index);
        const othersLocked = weights.every((_, i) => i === index || locked[i]);
        expect(next[index]).toBe(othersLocked ? max : Math.min(max, Math.max(0, value)));
      }),
    );
  });
});

describe("adding and removing routes", () => {
  it("a removed route's weight goes to the unlocked others in proportion", () => {
    expect(removeWeight([5000, 3000, 2000], [false, false, false], 0)).toEqual({ weights: [6000, 4000], locked: [false, false] });
    expect(removeWeight([5000, 3000, 2000], [false, true, false], 0)).toEqual({ weights: [3000, 7000], locked: [true, false] });
  });

  it("when every remaining route is locked they share it anyway", () => {
    expect(removeWeight([5000, 3000, 2000], [false, true, true], 0)).toEqual({ weights: [6000, 4000], locked: [true, true] });
  });

  it("a new route starts at 0 %", () => {
    expect(addWeight([10_000], [true])).toEqual({ weights: [10_000, 0], locked: [true, false] });
  });

  it("property: removing keeps 100 %, and keeps locked routes fixed while an unlocked one remains", () => {
    fc.assert(
      fc.property(
        split.filter((s) => s.weights.length > 1),
        fc.nat(),
        ({ weights, locked }, pick) => {
          const index = pick % weights.length;
          const next = removeWeight(weights, locked, index);
          expect(sumOf(next.weights)).toBe(TOTAL);
          const rest = weights.filter((_, i) => i !== index);
          if (next.locked.some((l) => !l)) next.weights.forEach((w, i) => next.locked[i] && expect(w).toBe(rest[i]));
        },
      ),
    );
  });
});

describe("even and normalized weights", () => {
  it("even weights over n routes sum to 100 %", () => {
    expect(evenWeights(3)).toEqual([3334, 3333, 3333]);
    for (let n = 1; n < 40; n++) expect(sumOf(evenWeights(n))).toBe(TOTAL);
  });

  it("normalizes a split that does not add up", () => {
    expect(normalize([5000, 4000])).toEqual([5556, 4444]);
    expect(normalize([6000, 4000])).toEqual([6000, 4000]);
    expect(normalize([0, 0])).toEqual([5000, 5000]);
  });
});

describe("withCanary", () => {
  it("adds the promoted route at 5 %, taken from the others in proportion", () => {
    expect(withCanary([{ route: "stable", weight: 100 }], "candidate")).toEqual([{ route: "stable", weight: 95 }, { route: "candidate", weight: 5 }]);
    expect(withCanary([{ route: "a", weight: 60 }, { route: "b", weight: 40 }], "c", 100)).toEqual([{ route: "a", weight: 59.4 }, { route: "b", weight: 39.6 }, { route: "c", weight: 1 }]);
  });

  it("leaves a split that already has the route as it is, and gives an empty split all of it", () => {
    expect(withCanary([{ route: "a", weight: 99 }, { route: "c", weight: 1 }], "c")).toEqual([{ route: "a", weight: 99 }, { route: "c", weight: 1 }]);
    expect(withCanary([], "c")).toEqual([{ route: "c", weight: 100 }]);
  });

  it("always adds up to exactly 100", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 10_000 }), (raw, canary) => {
        const split = normalize(raw).map((w, i) => ({ route: `r${i}`, weight: w / 100 }));
        const next = withCanary(split, "new", canary);
        return next.reduce((sum, s) => sum + Math.round(s.weight * 100), 0) === 10_000 && next[next.length - 1]!.weight === canary / 100;
      }),
    );
  });
});
