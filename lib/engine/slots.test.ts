import { describe, expect, it } from "vitest";
import {
  canonicalTable,
  cumulativeRanges,
  decodeSlots,
  encodeSlots,
  minimumMovedSlots,
  movedShare,
  movedSlots,
  rebalance,
  slotCounts,
} from "./slots";

const split = (...entries: [string, number][]) => entries.map(([route, weight]) => ({ route, weight }));

describe("canonicalTable", () => {
  it("gives 90/10 slots 0–8999 to the first route and 9000–9999 to the second", () => {
    const table = canonicalTable(split(["stable", 90], ["canary", 10]));
    expect(table).toHaveLength(10_000);
    expect(table[0]).toBe("stable");
    expect(table[8999]).toBe("stable");
    expect(table[9000]).toBe("canary");
    expect(table[9999]).toBe("canary");
    expect(encodeSlots(table)).toBe("stable:9000,canary:1000");
  });

  it("gives 0.01 % exactly one slot and a zero weight none", () => {
    expect(encodeSlots(canonicalTable(split(["a", 99.99], ["b", 0.01], ["c", 0])))).toBe("a:9999,b:1");
  });

  it("agrees with cumulative ranges for a split with no history", () => {
    const s = split(["a", 33.33], ["b", 33.33], ["c", 33.34]);
    expect(canonicalTable(s)).toEqual(cumulativeRanges(s));
  });

  it("scales weights that do not sum to 100, by largest remainder", () => {
    expect([...slotCounts(split(["a", 1], ["b", 1], ["c", 1]))]).toEqual([
      ["a", 3334],
      ["b", 3333],
      ["c", 3333],
    ]);
    expect([...slotCounts(split(["a", 45], ["b", 45]))]).toEqual([
      ["a", 5000],
      ["b", 5000],
    ]);
    expect(() => canonicalTable(split(["a", 0]))).toThrow(/positive weight/);
  });

  it("sums a route listed twice", () => {
    expect(encodeSlots(canonicalTable(split(["a", 30], ["b", 50], ["a", 20])))).toBe("a:5000,b:5000");
  });
});

describe("rebalance", () => {
  it("moving a canary from 10 % to 20 % moves exactly 10 % of slots, all to the canary", () => {
    const before = canonicalTable(split(["stable", 90], ["canary", 10]));
    const after = rebalance(before, split(["stable", 80], ["canary", 20]));
    expect(movedSlots(before, after)).toBe(1000);
    for (let slot = 0; slot < 10_000; slot++) if (before[slot] !== after[slot]) expect(after[slot]).toBe("canary");
    // The stable route gives up its highest-numbered slots.
    expect(encodeSlots(after)).toBe("stable:8000,canary:2000");
  });

  it("adds a route with the minimum move, where cumulative ranges move more", () => {
    const before = canonicalTable(split(["a", 50], ["b", 50]));
    const next = split(["a", 40], ["b", 40], ["c", 20]);
    const after = rebalance(before, next);
    expect(movedSlots(before, after)).toBe(2000);
    expect(minimumMovedSlots(before, next)).toBe(2000);
    expect(encodeSlots(after)).toBe("a:4000,c:1000,b:4000,c:1000");
    expect(movedSlots(before, cumulativeRanges(next))).toBe(3000);
  });

  it("takes every slot from a removed route", () => {
    const before = canonicalTable(split(["a", 33], ["b", 33], ["c", 34]));
    const after = rebalance(before, split(["b", 50], ["c", 50]));
    expect(after.includes("a")).toBe(false);
    expect(movedSlots(before, after)).toBe(3300);
  });

  it("changes nothing when the weights do not change", () => {
    const before = rebalance(canonicalTable(split(["a", 50], ["b", 50])), split(["a", 30], ["b", 70]));
    expect(rebalance(before, split(["a", 30], ["b", 70]))).toEqual(before);
  });

  it("rejects a table that is not 10 000 slots", () => {
    expect(() => rebalance(["a"], split(["a", 100]))).toThrow(/10000 slots/);
  });
});

describe("movedShare", () => {
  it("is the fraction of slots whose route differs", () => {
    const a = canonicalTable(split(["x", 90], ["y", 10]));
    expect(movedShare(a, a)).toBe(0);
    expect(movedShare(a, rebalance(a, split(["x", 75], ["y", 25])))).toBe(0.15);
  });
});

describe("encodeSlots / decodeSlots", () => {
  it("round-trips", () => {
    const table = rebalance(canonicalTable(split(["a", 50], ["b", 50])), split(["a", 40], ["b", 40], ["c", 20]));
    const decoded = decodeSlots(encodeSlots(table), split(["a", 40], ["b", 40], ["c", 20]));
    expect(decoded).toEqual({ ok: true, table });
  });

  it.each([
    ["stable:9000", /9000 slots/],
    ["stable:9000,canary:1001", /more than 10000/],
    ["stable:9000,canary:0,canary:1000", /empty/],
    ["stable:9000;canary:1000", /not a route:length run/],
    ["Stable:9000,canary:1000", /not a route:length run/],
  ])("rejects %s", (encoded, error) => {
    const decoded = decodeSlots(encoded);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toMatch(error);
  });

  it("rejects a table that disagrees with the split", () => {
    const s = split(["stable", 90], ["canary", 10]);
    expect(decodeSlots("stable:9000,canary:1000", s).ok).toBe(true);
    expect(decodeSlots("canary:1000,stable:9000", s).ok).toBe(true);
    expect(decodeSlots("stable:8000,canary:2000", s)).toMatchObject({ ok: false, error: expect.stringMatching(/owns 8000 slots/) });
    expect(decodeSlots("stable:9000,other:1000", s)).toMatchObject({ ok: false, error: expect.stringMatching(/not in the split/) });
    expect(decodeSlots("stable:10000", s)).toMatchObject({ ok: false, error: expect.stringMatching(/owns 10000 slots|owns no slots/) });
  });
});
