import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding, RouterDocument } from "../router/document";
import { analyze, createAnalyzer } from "./index";
import { cond, header, payload, query, routerDoc, rule } from "./test-fixtures";

const FIELDS = [
  ["header", "tier"],
  ["payload", "country"],
  ["payload", "user.age"],
  ["query", "v"],
] as const;

const randomRule = fc
  .array(
    fc.tuple(
      fc.constantFrom(...FIELDS),
      fc.oneof(
        fc.uniqueArray(fc.constantFrom("a", "b", "c", "1", "5", "12"), { minLength: 1, maxLength: 3 }).map((values) => ({ operator: "in" as const, values })),
        fc.constantFrom("a", "1").map((v) => ({ operator: "prefix" as const, values: [v] })),
        fc.integer({ min: 0, max: 10 }).map((min) => ({ operator: "range" as const, values: [min, min + 4] })),
      ),
    ),
    { minLength: 0, maxLength: 2 },
  )
  .map((conditions) => conditions.map(([[source, key], { operator, values }]) => cond(source, key, operator, values)));

const docs = fc.array(randomRule, { minLength: 2, maxLength: 7 }).map((rules) => routerDoc(rules.map((conditions, i) => rule(`r${i}`, conditions))));

const reordered = (doc: RouterDocument, order: readonly number[]): RouterDocument => ({ ...doc, rules: order.map((i) => doc.rules[i]!) });
const about = (findings: readonly Finding[], name: string) =>
  findings
    .filter((f) => (f.code === "overlap" || f.code === "unreachable_rule") && f.rules?.includes(name))
    .map((f) => JSON.stringify([f.code, f.rules, f.witness, f.uncertain]))
    .sort();

describe("incremental analysis", () => {
  it("a warm analyzer finds what a fresh one finds, whatever the order", () => {
    fc.assert(
      fc.property(docs, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (doc, seeds) => {
        const analyzer = createAnalyzer();
        analyzer.analyze(doc);
        for (const seed of seeds) {
          const order = doc.rules.map((_, i) => i).sort((x, y) => ((x * 7 + seed) % 11) - ((y * 7 + seed) % 11));
          const moved = reordered(doc, order);
          expect(analyzer.analyze(moved)).toEqual(analyze(moved));
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("checkRule agrees with the full analysis about that rule", () => {
    fc.assert(
      fc.property(docs, fc.nat(), (doc, pick) => {
        const index = pick % doc.rules.length;
        const name = doc.rules[index]!.name;
        const full = about(analyze(doc), name);
        const own = about(createAnalyzer().checkRule(doc, index), name).filter((f) => {
          // checkRule leaves other rules' unreachability to the full analysis.
          const [code, rules] = JSON.parse(f) as [string, string[]];
          return code !== "unreachable_rule" || rules[0] === name;
        });
        const fullOwn = full.filter((f) => {
          const [code, rules] = JSON.parse(f) as [string, string[]];
          return code !== "unreachable_rule" || rules[0] === name;
        });
        expect(own).toEqual(fullOwn);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("sees an edited rule (a new object) at once", () => {
    const analyzer = createAnalyzer();
    const doc = routerDoc([rule("a", [header("x", "in", ["1"])]), rule("b", [header("x", "in", ["2"])])]);
    expect(analyzer.analyze(doc)).toEqual([]);
    const edited = { ...doc, rules: [doc.rules[0]!, { ...doc.rules[1]!, conditions: [header("x", "in", ["1", "2"])] }] };
    expect(analyzer.analyze(edited).map((f) => f.code)).toEqual(["overlap"]);
    expect(analyzer.checkRule(edited, 1).map((f) => f.code)).toEqual(["overlap"]);
  });

  it("sees an edited audience", () => {
    const analyzer = createAnalyzer();
    const rules = [rule("a", [], { audience: "eu" }), rule("b", [payload("country", "in", ["fr"])])];
    const doc = routerDoc(rules, { audiences: [{ name: "eu", conditions: [payload("country", "in", ["de"])] }] });
    expect(analyzer.analyze(doc)).toEqual([]);
    const edited = { ...doc, audiences: [{ ...doc.audiences[0]!, conditions: [payload("country", "in", ["de", "fr"])] }] };
    // b now only matches requests a takes.
    expect(analyzer.analyze(edited).map((f) => f.code)).toEqual(["unreachable_rule", "overlap"]);
  });

  it("reports its own structure problems and name clashes from checkRule", () => {
    const doc = routerDoc([rule("a", [query("v", "present")]), rule("a", [header("x", "regex", ["("])], { split: [{ route: "ghost", weight: 50 }] })]);
    expect(createAnalyzer().checkRule(doc, 1).map((f) => [f.code, f.path])).toEqual([
      ["duplicate_name", "rules.1"],
      ["invalid_regex", "rules.1.conditions.0.values.0"],
      ["weights_sum", "rules.1.split"],
      ["unknown_route", "rules.1.split.0"],
      ["unreachable_rule", "rules.1"],
    ]);
  });

  it("an exhausted budget leaves questions open instead of guessing, and they are decided later", () => {
    const doc = routerDoc([rule("a", [header("ua", "regex", ["Mozilla/[0-9]+\\.[0-9]+ .*"])]), rule("b", [header("ua", "regex", ["[a-z]+/[0-9]+"])])]);
    const analyzer = createAnalyzer();
    const rushed = analyzer.analyze(doc, { budgetMs: -1 });
    expect(rushed.every((f) => f.code !== "overlap" || f.uncertain === true)).toBe(true);
    expect(rushed.map((f) => f.code)).toEqual(["overlap"]);
    expect(analyzer.analyze(doc)).toEqual([]);
  });

  it("returns frozen findings, so a consumer cannot alter shared witnesses", () => {
    const doc = routerDoc([rule("a", [header("x", "present")]), rule("b", [header("y", "present")])]);
    const [finding] = createAnalyzer().analyze(doc);
    expect(Object.isFrozen(finding!.witness)).toBe(true);
    expect(() => {
      (finding!.witness!.headers as Record<string, string>).x = "changed";
    }).toThrow();
  });
});
