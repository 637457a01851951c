import { describe, expect, it } from "vitest";
import { agreementPoints, appendSnapshot, shadowKey, type History } from "./agreement-history";

const snap = (agree: number, disagree: number) => [{ rule: "default", route: "canary", outcomes: { agree, disagree } }];
const key = shadowKey("default", "canary");

describe("agreement over time", () => {
  it("is the share agreeing in each interval between polls, not since the gateway started", () => {
    let h: History = [];
    h = appendSnapshot(h, 1000, snap(90, 10));
    h = appendSnapshot(h, 6000, snap(99, 11));
    h = appendSnapshot(h, 11000, snap(99, 21));
    h = appendSnapshot(h, 16000, snap(99, 21));
    expect(agreementPoints(h, key)).toEqual([
      { at: 6000, agreement: 0.9, compared: 10 },
      { at: 11000, agreement: 0, compared: 10 },
      { at: 16000, agreement: null, compared: 0 },
    ]);
  });

  it("leaves an interval unknown when the counts went down (a gateway restarted or left), and ignores a repeated poll", () => {
    let h: History = appendSnapshot([], 1000, snap(500, 20));
    h = appendSnapshot(h, 2000, snap(3, 1));
    h = appendSnapshot(h, 3000, snap(6, 2));
    expect(appendSnapshot(h, 3000, snap(9, 9))).toBe(h);
    expect(agreementPoints(h, key)).toEqual([
      { at: 2000, agreement: null, compared: 0 },
      { at: 3000, agreement: 0.75, compared: 4 },
    ]);
    // A shadow absent from a snapshot counts as zero.
    expect(agreementPoints(h, shadowKey("default", "other"))).toEqual([
      { at: 2000, agreement: null, compared: 0 },
      { at: 3000, agreement: null, compared: 0 },
    ]);
  });

  it("plots a window's agreement at each poll when the counts are a window's, not cumulative", () => {
    let h: History = appendSnapshot([], 1000, snap(9, 1));
    h = appendSnapshot(h, 6000, snap(3, 1));
    expect(agreementPoints(h, key, false)).toEqual([
      { at: 1000, agreement: 0.9, compared: 10 },
      { at: 6000, agreement: 0.75, compared: 4 },
    ]);
  });

  it("keeps at most the last `max` snapshots", () => {
    let h: History = [];
    for (let i = 1; i <= 10; i++) h = appendSnapshot(h, i, snap(i, 0), 4);
    expect(h.map((s) => s.at)).toEqual([7, 8, 9, 10]);
  });
});
