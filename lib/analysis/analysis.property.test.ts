/**
 * Soundness of the rule-order checks against the engine, on random small rules over a
 * small alphabet of fields, texts and operators (entangled payload paths included):
 *  - a certain overlap comes with a witness both rules match;
 *  - no overlap reported ⇒ no random request matches both rules;
 *  - an unreachable rule ⇒ every random request it matches goes to an earlier rule.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, matchConditions } from "../engine";
import type { Condition, RoutingRequest } from "../router/document";
import { analyze } from "./index";
import { cond, expectWitnessesMatch, routerDoc, rule } from "./test-fixtures";

const TEXTS = ["a", "b", "ab", "ba", "1", "2", "10", "15", "1.5", "-3", "x1"];
const REGEXES = ["a.*", "[ab]+", "[0-9]+", "1[0-9]*", ".*b", "a|b", "(?i)A", "x?[0-9]", "-?[0-9]+(\\.5)?", "[^a]*"];
const FIELDS: [Condition["source"], string][] = [
  ["header", "h"],
  ["header", "H"],
  ["query", "q"],
  ["payload", "p"],
  ["payload", "p.q"],
  ["payload", "arr.[0]"],
  ["payload", "arr.0"],
  ["payload", "arr.[1]"],
];

const condition: fc.Arbitrary<Condition> = fc
  .tuple(
    fc.constantFrom(...FIELDS),
    fc.oneof(
      fc.record({ operator: fc.constantFrom("in" as const, "prefix" as const, "suffix" as const, "contains" as const), values: fc.uniqueArray(fc.constantFrom(...TEXTS), { minLength: 1, maxLength: 3 }) }),
      fc.record({ operator: fc.constant("regex" as const), values: fc.uniqueArray(fc.constantFrom(...REGEXES), { minLength: 1, maxLength: 2 }) }),
      fc.tuple(fc.integer({ min: -4, max: 20 }), fc.integer({ min: 0, max: 12 })).map(([min, width]) => ({ operator: "range" as const, values: [min, min + width] })),
      fc.constant({ operator: "present" as const, values: [] as string[] }),
    ),
  )
  .map(([[source, key], { operator, values }]) => cond(source, key, operator, values));

const ruleConditions = fc.array(condition, { minLength: 1, maxLength: 3 });

const text = fc.constantFrom(...TEXTS);
const scalar: fc.Arbitrary<unknown> = fc.oneof(text, fc.constantFrom(1, 2, 10, 15, 1.5, -3, 7), fc.constant(null), fc.constant(true));
const request: fc.Arbitrary<RoutingRequest> = fc
  .record(
    {
      headers: fc.dictionary(fc.constantFrom("h", "H", "x"), text, { maxKeys: 2 }),
      query: fc.dictionary(fc.constantFrom("q", "r"), text, { maxKeys: 2 }),
      body: fc.record(
        {
          p: fc.oneof(scalar, fc.record({ q: scalar }, { requiredKeys: [] })),
          arr: fc.oneof(fc.array(scalar, { maxLength: 3 }), fc.record({ "0": scalar, "1": scalar }, { requiredKeys: [] }), scalar),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  )
  .map((r) => r as RoutingRequest);

describe("analysis soundness (property-based)", () => {
  it("overlap verdicts agree with the engine", () => {
    fc.assert(
      fc.property(ruleConditions, ruleConditions, fc.array(request, { minLength: 40, maxLength: 40 }), (a, b, requests) => {
        const doc = routerDoc([rule("a", a), rule("b", b)]);
        const findings = analyze(doc);
        expectWitnessesMatch(doc, findings);
        const reported = findings.some((f) => f.code === "overlap" && f.rules?.join() === "a,b");
        if (!reported) {
          for (const r of requests) expect(matchConditions(a, r) && matchConditions(b, r), JSON.stringify({ a, b, r })).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it("unreachable rules only receive requests that earlier rules take", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.array(ruleConditions, { minLength: 2, maxLength: 4 }), fc.array(request, { minLength: 60, maxLength: 60 }), (rules, requests) => {
        const doc = routerDoc(rules.map((conditions, i) => rule(`r${i}`, conditions)));
        const router = compile(doc);
        for (const finding of analyze(doc)) {
          if (finding.code !== "unreachable_rule") continue;
          const index = Number(finding.path.split(".")[1]);
          for (const r of requests) {
            if (!matchConditions(rules[index]!, r)) continue;
            checked++;
            const decision = router.decide(r, () => 0);
            expect("rule" in decision && decision.rule !== `r${index}`, JSON.stringify({ rules, r, finding })).toBe(true);
          }
          if (finding.witness) expect(matchConditions(rules[index]!, finding.witness)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    // The generator does produce unreachable rules that random requests reach.
    expect(checked).toBeGreaterThan(20);
  }, 120_000);
});
