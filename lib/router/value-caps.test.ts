import { describe, expect, it } from "vitest";
import { conditionSchema, routerDocumentSchema, storedRouterDocumentSchema } from "./document";
import { MAX_PATTERN_LENGTH, MAX_TEXT_VALUE_LENGTH, patternProblem } from "./value-caps";

const regex = (pattern: string) => ({ source: "header", key: "ua", operator: "regex", values: [pattern] });
const issues = (value: unknown) => {
  const parsed = conditionSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("caps on condition values", () => {
  it.each([
    ["a{100}", null],
    ["a{2,100}", null],
    ["(a{20}){50}", null],
    ["(ab{10}c){10}(d{50}){20}", null],
    ["\\{1000}", null],
    ["[{]1000}", null],
    ["\\Qa{1000}\\E", null],
    ["a{,1000}", null],
    ["\\p{Greek}{3}", null],
    ["a{101}", "a repetition count may be at most 100 (this pattern repeats 101 times)"],
    ["a{1000}", "a repetition count may be at most 100 (this pattern repeats 1000 times)"],
    ["a{5,1000}", "a repetition count may be at most 100 (this pattern repeats 1000 times)"],
    ["a{1000,}", "a repetition count may be at most 100 (this pattern repeats 1000 times)"],
    ["(a{20}){51}", "nested repetitions may multiply to at most 1000 copies (this pattern makes 1020)"],
    ["((a{10}){10}){11}", "nested repetitions may multiply to at most 1000 copies (this pattern makes 1100)"],
    ["[a]{100}(x|[b]{99}){11}", "nested repetitions may multiply to at most 1000 copies (this pattern makes 1089)"],
  ])("%j → %s", (pattern, problem) => {
    expect(patternProblem(pattern)).toBe(problem);
  });

  it("refuses a pattern or a text value past its length, naming the value's path", () => {
    expect(issues(regex("a".repeat(MAX_PATTERN_LENGTH)))).toEqual([]);
    expect(issues(regex("a".repeat(MAX_PATTERN_LENGTH + 1)))).toEqual([`values.0: a regex must be at most ${MAX_PATTERN_LENGTH} characters (this one has ${MAX_PATTERN_LENGTH + 1})`]);
    for (const operator of ["in", "prefix", "suffix", "contains"]) {
      const ok = { source: "query", key: "q", operator, values: ["x", "é".repeat(MAX_TEXT_VALUE_LENGTH)] };
      expect(issues(ok)).toEqual([]);
      expect(issues({ ...ok, values: ["x", "y".repeat(MAX_TEXT_VALUE_LENGTH + 1)] })).toEqual([`values.1: must be at most ${MAX_TEXT_VALUE_LENGTH} characters (this one has ${MAX_TEXT_VALUE_LENGTH + 1})`]);
    }
  });

  it("applies to audiences and rules of a document; a frozen version from before the caps still reads", () => {
    const doc = {
      name: "r",
      routes: [{ name: "a", url: "http://127.0.0.1:1" }],
      audiences: [{ name: "bots", conditions: [regex("(x{50}){50}")] }],
      rules: [{ name: "one", conditions: [regex("a{500}")], strategy: "random", split: [{ route: "a", weight: 100 }] }],
    };
    const parsed = routerDocumentSchema.safeParse(doc);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join("."))).toEqual(["audiences.0.conditions.0.values.0", "rules.0.conditions.0.values.0"]);
    expect(storedRouterDocumentSchema.parse(doc).rules[0]!.conditions[0]!.values).toEqual(["a{500}"]);
  });
});
