import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routerDocumentSchema, type RouterDocument, type RoutingRequest } from "../router/document";
import { freezeDocument } from "../versions/freeze";
import { recordingPlan } from "./features";
import { replay } from "./replay";
import { recordingOf, seedOf, type Sample } from "./sample";

const ROUTES = ["a", "b", "c"];
const FIELDS = [
  ["header", "x-tier"],
  ["header", "X-Region"],
  ["query", "region"],
  ["payload", "user.tier"],
  ["payload", "items.[0]"],
] as const;
const VALUES = ["gold", "eu", "us", "1", "27", ""];

const splitArb = fc
  .tuple(fc.shuffledSubarray(ROUTES, { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 2, maxLength: 2 }))
  .map(([routes, cuts]) => {
    const points = [0, ...cuts.slice(0, routes.length - 1).sort((x, y) => x - y), 10_000];
    return routes.map((route, i) => ({ route, weight: (points[i + 1]! - points[i]!) / 100 }));
  });

const conditionArb = fc.record({
  field: fc.constantFrom(...FIELDS),
  operator: fc.constantFrom("in", "prefix", "present", "range", "regex"),
  values: fc.uniqueArray(fc.constantFrom(...VALUES.filter((v) => v !== "")), { minLength: 1, maxLength: 2 }),
});

const bodyArb = fc.record({
  strategy: fc.constantFrom("random", "sticky"),
  split: splitArb,
  shadows: fc.uniqueArray(fc.record({ route: fc.constantFrom(...ROUTES), percent: fc.integer({ min: 0, max: 100 }) }), { maxLength: 2, selector: (s) => s.route }),
});

const documentArb = fc
  .record({
    rules: fc.array(fc.tuple(fc.array(conditionArb, { maxLength: 3 }), bodyArb), { maxLength: 6 }),
    defaultRule: fc.option(bodyArb, { nil: undefined }),
    missingKey: fc.constantFrom("reject", "random"),
    allowPin: fc.boolean(),
    recordKeys: fc.constantFrom("raw", "slot"),
  })
  .map(({ rules, defaultRule, missingKey, allowPin, recordKeys }): RouterDocument =>
    routerDocumentSchema.parse({
      name: "prop",
      settings: { missingKey, allowPin, recordKeys, recordPercent: 100 },
      routes: ROUTES.map((name, i) => ({ name, url: `http://127.0.0.1:${9000 + i}` })),
      rules: rules.map(([conditions, body], i) => ({
        name: `rule-${i}`,
        conditions: conditions.map(({ field, operator, values }) => ({
          source: field[0],
          key: field[1],
          operator,
          values: operator === "present" ? [] : operator === "range" ? [1, 30] : values,
        })),
        ...body,
      })),
      ...(defaultRule ? { defaultRule } : {}),
    }),
  );

const valueArb = fc.constantFrom(...VALUES);
const requestArb: fc.Arbitrary<RoutingRequest> = fc.record(
  {
    headers: fc.dictionary(fc.constantFrom("x-tier", "X-Region", "x-region", "x-shard-key", "x-turnout-route", "authorization"), fc.oneof(valueArb, fc.constantFrom(...ROUTES))),
    query: fc.dictionary(fc.constantFrom("region", "other"), fc.oneof(valueArb, fc.array(valueArb, { minLength: 1, maxLength: 2 }))),
    // Anything JSON can hold, and the shapes the rules look for.
    body: fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.record({ user: fc.record({ tier: fc.oneof(valueArb, fc.integer()) }), items: fc.array(valueArb, { maxLength: 2 }), dispatch: fc.record({ dispatchKey: valueArb }) })),
  },
  { requiredKeys: [] },
);

/** Samples as the gateway would store them for `served`. */
function samplesOf(served: RouterDocument, requests: RoutingRequest[]): Sample[] {
  const plan = recordingPlan(served)!;
  const recording = recordingOf(served);
  return requests.map((request, i) => {
    const { omitted: _omitted, ...kept } = JSON.parse(JSON.stringify(plan.features(request))) as ReturnType<typeof plan.features>;
    const slot = plan.slotOf(request);
    return { seed: seedOf(String(i), i), id: String(i), time: i * 250, request: kept, ...(slot !== undefined ? { slot } : {}), rate: 1, recording };
  });
}

describe("replay (property)", () => {
  it("changes nothing from a document to itself, and its matrix adds up to the samples", () => {
    fc.assert(
      fc.property(documentArb, fc.array(requestArb, { maxLength: 30 }), (doc, requests) => {
        const frozen = freezeDocument(doc, undefined);
        const report = replay(frozen, frozen, samplesOf(frozen, requests));
        expect(report.total).toBe(requests.length);
        expect(report.changed).toBe(0);
        expect(report.newErrors).toEqual([]);
        expect(report.stickyKeys.changed).toBe(0);
        expect(report.matrix.every((m) => m.from === m.to)).toBe(true);
        expect(report.matrix.reduce((n, m) => n + m.count, 0)).toBe(report.total);
        for (const r of report.rules) expect(r.before).toBe(r.after);
        // What was recorded is everything the document reads: nothing is uncertain.
        expect(report.uncertain).toEqual([]);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("accounts for every sample between any two documents", () => {
    fc.assert(
      fc.property(documentArb, documentArb, fc.array(requestArb, { maxLength: 30 }), (a, b, requests) => {
        const from = freezeDocument(a, undefined);
        const to = freezeDocument(b, from);
        const report = replay(from, to, samplesOf(from, requests));
        expect(report.matrix.reduce((n, m) => n + m.count, 0)).toBe(report.total);
        expect(report.changed).toBe(report.matrix.filter((m) => m.from !== m.to).reduce((n, m) => n + m.count, 0));
        expect(report.newErrors.reduce((n, e) => n + e.count, 0)).toBeLessThanOrEqual(report.total);
        for (const e of report.newErrors) expect(e.examples.length).toBe(Math.min(20, e.count));
        for (const u of [...report.uncertain, ...report.uncertainFrom]) expect(u.share).toBeLessThanOrEqual(1);
        expect(report.uncertainFrom).toEqual([]);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
