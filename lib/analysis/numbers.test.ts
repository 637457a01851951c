import fc from "fast-check";
import { Words } from "refa";
import { describe, expect, it } from "vitest";
import { compileCondition } from "../engine/conditions";
import { decimalOf, decimalText, rangeLanguage, rangeSamples, widened } from "./numbers";

const deadline = { at: Infinity };
const engineRange = (min: number, max: number) => {
  const test = compileCondition({ source: "query", key: "q", operator: "range", values: [min, max] }).test;
  return (text: string) => test(text);
};
const member = (min: number, max: number, kind: "under" | "over") => {
  const dfa = rangeLanguage(min, max, kind, deadline);
  return (text: string) => dfa.test(Words.fromStringToUnicode(text));
};

// Texts shaped like numbers, with the edge cases range cares about.
const numberish = fc.oneof(
  fc.integer({ min: -120, max: 120 }).map(String),
  fc.tuple(fc.integer({ min: -20, max: 20 }), fc.stringMatching(/^\d{1,3}$/)).map(([i, f]) => `${i}.${f}`),
  fc.tuple(fc.integer({ min: -9, max: 9 }), fc.constantFrom("e", "E", "e+", "e-"), fc.integer({ min: 0, max: 3 })).map(([m, e, x]) => `${m}${e}${x}`),
  fc.constantFrom("-0", "0.0", "00", "01", "1.", ".5", "+1", "1e", "-", "", "x", "1_0", "0x10", "10.000", "-0.000", "9.99999999999999999999", "10.00000000000000000001"),
);
const bounds = fc
  .tuple(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -50, max: 50, noNaN: true })), fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -50, max: 50, noNaN: true })))
  .map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [number, number]);

describe("range brackets", () => {
  it("under ⊆ what the engine accepts ⊆ over", () => {
    fc.assert(
      fc.property(bounds, fc.array(numberish, { minLength: 1, maxLength: 20 }), ([min, max], texts) => {
        const engine = engineRange(min, max);
        const under = member(min, max, "under");
        const over = member(min, max, "over");
        for (const text of texts) {
          if (under(text)) expect(engine(text), `${text} in [${min}, ${max}] (under)`).toBe(true);
          if (engine(text)) expect(over(text), `${text} in [${min}, ${max}] (over)`).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  }, 60_000);

  it("is exact on integers and short decimals away from rounding", () => {
    const under = member(-3.5, 12, "under");
    const engine = engineRange(-3.5, 12);
    for (let i = -40; i <= 40; i++) {
      for (const text of [String(i), `${i}.0`, `${i}.25`, `${i}.5`]) expect(under(text), text).toBe(engine(text));
    }
    expect(under("-0")).toBe(true);
    expect(under("12.000")).toBe(true);
    expect(under("12.0001")).toBe(false);
    expect(under("1e1")).toBe(false); // exponents are left to the over-approximation
    expect(member(-3.5, 12, "over")("1e1")).toBe(true);
  });

  it("accepts texts that round into range only in the over-approximation", () => {
    // 10.00000000000000000001 reads as the double 10.
    expect(engineRange(0, 10)("10.00000000000000000001")).toBe(true);
    expect(member(0, 10, "under")("10.00000000000000000001")).toBe(false);
    expect(member(0, 10, "over")("10.00000000000000000001")).toBe(true);
    expect(member(0, 10, "over")("10.001")).toBe(false);
  });
});

describe("decimals", () => {
  it("expand JavaScript's shortest rendering", () => {
    expect(decimalText(decimalOf(1e21))).toBe("1000000000000000000000");
    expect(decimalText(decimalOf(1.5e-7))).toBe("0.00000015");
    expect(decimalText(decimalOf(-0))).toBe("0");
    expect(decimalText(decimalOf(-12.5))).toBe("-12.5");
  });

  it("widen bounds by more than one unit in the last place", () => {
    const [lo, hi] = widened(0, 10);
    expect(decimalText(lo)).toBe("-0.000000000000001");
    expect(decimalText(hi)).toBe("10.0000000000001");
  });

  it("sample texts inside the range", () => {
    const engine = engineRange(2.5, 7);
    const samples = rangeSamples(2.5, 7);
    expect(samples.length).toBeGreaterThan(3);
    for (const text of samples) expect(engine(text), text).toBe(true);
  });
});
