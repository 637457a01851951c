import { describe, expect, it } from "vitest";
import { setWeight, totalHundredths } from "./balance";

describe("manual redistribution sliders", () => {
  it("keeps the total at exactly 100 whatever is set", () => {
    for (const [weights, index, value] of [
      [[50, 50], 0, 30],
      [[60, 30, 10], 1, 55.55],
      [[0, 0, 0], 2, 33.33],
      [[70, 30], 0, 140],
      [[40, 60], 1, -5],
    ] as [number[], number, number][]) {
      expect(totalHundredths(setWeight(weights, index, value))).toBe(10_000);
    }
  });

  it("rebalances the others in proportion to what they had", () => {
    expect(setWeight([60, 30, 10], 0, 20)).toEqual([20, 60, 20]);
    expect(setWeight([50, 50], 0, 75)).toEqual([75, 25]);
    expect(setWeight([100], 0, 20)).toEqual([100]);
  });
});
