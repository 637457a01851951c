import { describe, expect, it } from "vitest";
import { growingRoutes, growth, movedCells, ruleHitChanges } from "./impact";

describe("what a replay's reviewer is shown", () => {
  it("flags routes growing by more than 20 %, and routes that start from none, the largest first", () => {
    const projected = [
      { route: "a", before: 10, after: 12 },
      { route: "b", before: 10, after: 12.5 },
      { route: "c", before: 0, after: 3 },
      { route: "d", before: 10, after: 30 },
      { route: "e", before: 10, after: 2 },
      { route: "f", before: 0, after: 0 },
    ];
    expect(growingRoutes({ projected }).map((r) => [r.route, r.growth])).toEqual([
      ["c", null],
      ["d", 2],
      ["b", 0.25],
    ]);
    expect(growth(10, 12)).toBeCloseTo(0.2);
    expect(growth(0, 0)).toBe(0);
  });

  it("lists rules whose hits change, saying which stop and which start", () => {
    const rules = [
      { rule: "same", before: 5, after: 5 },
      { rule: "gone", before: 5, after: 0 },
      { rule: "new", before: 0, after: 7 },
      { rule: "less", before: 9, after: 4 },
    ];
    expect(ruleHitChanges({ rules })).toEqual([
      { rule: "gone", before: 5, after: 0, note: "stops" },
      { rule: "new", before: 0, after: 7, note: "starts" },
      { rule: "less", before: 9, after: 4, note: null },
    ]);
  });

  it("keeps only the matrix cells that move, the largest first", () => {
    const matrix = [
      { from: "a", to: "a", count: 90 },
      { from: "a", to: "b", count: 3 },
      { from: "b", to: "error:missing_key", count: 7 },
    ];
    expect(movedCells({ matrix })).toEqual([matrix[2], matrix[1]]);
  });
});
