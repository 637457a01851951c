import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routerDocumentSchema, type Condition, type SplitEntry } from "../router/document";
import { compile } from "./compile";
import { bucketOf } from "./murmur3";
import { canonicalTable, decodeSlots, encodeSlots, minimumMovedSlots, movedSlots, rebalance, slotCounts, type SlotTable } from "./slots";

const NAMES = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"];

/** A split over 2–6 distinct routes whose two-decimal weights sum to exactly 100. */
const splitArb = fc
  .tuple(fc.shuffledSubarray(NAMES, { minLength: 2, maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 5, maxLength: 5 }))
  .map(([routes, cuts]): SplitEntry[] => {
    const points = [0, ...cuts.slice(0, routes.length - 1).sort((a, b) => a - b), 10_000];
    return routes.map((route, i) => ({ route, weight: (points[i + 1]! - points[i]!) / 100 }));
  });

/** A table with history: canonical for one split, then rebalanced through others. */
const tableArb = fc.tuple(splitArb, fc.array(splitArb, { maxLength: 3 })).map(([first, rest]) => rest.reduce<SlotTable>((t, s) => rebalance(t, s), canonicalTable(first)));

function countsOf(table: SlotTable) {
  const counts = new Map<string, number>();
  for (const r of table) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

describe("rebalance (property)", () => {
  it("moves exactly Σ|Δw|·100/2 slots, only from routes that shrank to routes that grew, reaching the new weights", () => {
    fc.assert(
      fc.property(tableArb, splitArb, (previous, split) => {
        const next = rebalance(previous, split);
        const before = countsOf(previous);
        const targets = slotCounts(split);
        let delta = 0;
        for (const route of new Set([...before.keys(), ...targets.keys()])) delta += Math.abs((before.get(route) ?? 0) - (targets.get(route) ?? 0));
        expect(movedSlots(previous, next)).toBe(delta / 2);
        expect(minimumMovedSlots(previous, split)).toBe(delta / 2);
        const wrongMoves: number[] = [];
        for (let slot = 0; slot < previous.length; slot++) {
          if (previous[slot] === next[slot]) continue;
          const grew = (targets.get(next[slot]!) ?? 0) > (before.get(next[slot]!) ?? 0);
          const shrank = (targets.get(previous[slot]!) ?? 0) < (before.get(previous[slot]!) ?? 0);
          if (!grew || !shrank) wrongMoves.push(slot);
        }
        expect(wrongMoves).toEqual([]);
        const after = countsOf(next);
        for (const [route, target] of targets) expect(after.get(route) ?? 0).toBe(target);
        expect(next).toHaveLength(10_000);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it("reproduces design.md's 90/10 canonical example", () => {
    const table = canonicalTable([
      { route: "stable", weight: 90 },
      { route: "canary", weight: 10 },
    ]);
    expect(table.slice(0, 9000).every((r) => r === "stable")).toBe(true);
    expect(table.slice(9000).every((r) => r === "canary")).toBe(true);
  });
});

describe("slot encoding (property)", () => {
  it("round-trips any table, and the table agrees with its split", () => {
    fc.assert(
      fc.property(tableArb, splitArb, (previous, split) => {
        const table = rebalance(previous, split);
        const encoded = encodeSlots(table);
        expect(decodeSlots(encoded)).toEqual({ ok: true, table });
        expect(decodeSlots(encoded, split)).toEqual({ ok: true, table });
      }),
      { numRuns: 100 },
    );
  }, 30_000);
});

const stickyDoc = (split: SplitEntry[]) =>
  routerDocumentSchema.parse({
    name: "prop-router",
    routes: NAMES.map((name, i) => ({ name, url: `http://127.0.0.1:${9000 + i}` })),
    defaultRule: { strategy: "sticky", split },
  });

describe("sticky decisions (property)", () => {
  it("are deterministic: same key, same route, no randomness", () => {
    const noRandom = () => {
      throw new Error("sticky routing must not draw");
    };
    fc.assert(
      fc.property(splitArb, fc.array(fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }), { minLength: 1, maxLength: 20 }), (split, keys) => {
        const a = compile(stickyDoc(split));
        const b = compile(stickyDoc(split));
        const table = canonicalTable(split);
        for (const key of keys) {
          const first = a.decide({ headers: { "x-shard-key": key } }, noRandom);
          expect(first).toEqual(b.decide({ body: { dispatch: { dispatchKey: key } } }, noRandom));
          expect(first).toEqual({ rule: "default", route: table[bucketOf("prop-router", key)], shadows: [], sticky: true, key });
        }
      }),
      { numRuns: 100 },
    );
  }, 30_000);

  it("keeps a 90/10 split within 5 sigma over 20 000 random keys", () => {
    const router = compile(
      stickyDoc([
        { route: "r0", weight: 90 },
        { route: "r1", weight: 10 },
      ]),
    );
    const keys = fc.sample(fc.uuid(), { numRuns: 20_000, seed: 42 });
    let canary = 0;
    for (const key of keys) {
      const decision = router.decide({ headers: { "x-shard-key": key } });
      if ("route" in decision && decision.route === "r1") canary++;
    }
    const n = keys.length;
    const sigma = Math.sqrt(n * 0.1 * 0.9);
    expect(Math.abs(canary - n * 0.1)).toBeLessThan(5 * sigma);
  }, 30_000);
});

describe("exact-match index and presence gates (property)", () => {
  const fields: [Condition["source"], string][] = [
    ["header", "x-tenant"],
    ["payload", "user.tier"],
    ["query", "region"],
  ];
  const valueArb = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `v${i}`));
  const conditionArb = fc.record({
    field: fc.constantFrom(...fields),
    operator: fc.constantFrom<Condition["operator"]>("in", "in", "in", "prefix", "present"),
    values: fc.uniqueArray(valueArb, { minLength: 1, maxLength: 3 }),
  });
  const rulesArb = fc.array(fc.array(conditionArb, { maxLength: 3 }), { minLength: 12, maxLength: 40 });
  const requestArb = fc.record({
    headers: fc.dictionary(fc.constantFrom("x-tenant", "X-Tenant", "x-other"), valueArb),
    body: fc.record({ user: fc.record({ tier: valueArb }, { requiredKeys: [] }) }),
    query: fc.dictionary(fc.constant("region"), fc.oneof(valueArb, fc.array(valueArb, { minLength: 1, maxLength: 2 }))),
  });

  it("chooses the same rule as testing every rule in order, and as the trace", () => {
    let usedIndex = 0;
    let usedGates = 0;
    fc.assert(
      fc.property(rulesArb, fc.array(requestArb, { minLength: 1, maxLength: 10 }), (ruleSpecs, requests) => {
        const doc = routerDocumentSchema.parse({
          name: "indexed",
          routes: [{ name: "r0", url: "http://127.0.0.1:9000" }],
          rules: ruleSpecs.map((conditions, i) => ({
            name: `rule-${i}`,
            conditions: conditions.map(({ field: [source, key], operator, values }) => ({ source, key, operator, values: operator === "present" ? [] : values })),
            strategy: "random",
            split: [{ route: "r0", weight: 100 }],
          })),
          defaultRule: { strategy: "random", split: [{ route: "r0", weight: 100 }] },
        });
        const indexed = compile(doc);
        const scanned = compile(doc, { index: false });
        expect(scanned.indexedFields).toEqual([]);
        expect(scanned.gatedFields).toEqual([]);
        if (indexed.indexedFields.length > 0) usedIndex++;
        if (indexed.gatedFields.length > 0) usedGates++;
        for (const request of requests) {
          const decision = indexed.decide(request);
          expect(decision).toEqual(scanned.decide(request));
          const chosen = indexed.trace(request).rules.find((r) => r.chosen);
          expect("rule" in decision && decision.rule).toBe(chosen?.rule);
        }
      }),
      { numRuns: 200 },
    );
    expect(usedIndex).toBeGreaterThan(50);
    expect(usedGates).toBeGreaterThan(50);
  }, 30_000);
});
