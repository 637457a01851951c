import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketOf, canonicalTable, decodeSlots, encodeSlots, rebalance, type SlotTable } from "@/lib/engine";
import type { RouterDocument, SplitEntry } from "@/lib/router/document";
import { freezeDocument } from "@/lib/versions/freeze";
import { decide, enterStage, evaluationDue, type RolloutState } from "./decide";
import type { Evaluation, Verdict } from "./gates";
import { ruleBody, stageDocument, stagesOf, weightIn } from "./plan";
import { gatesSchema, type RolloutSpec } from "./schema";

const OTHERS = ["o1", "o2", "o3"];

/** A sticky rule's split over base, can (possibly absent or at 0) and 0–3 other routes, in hundredths summing to 10 000. */
const startArb = fc
  .record({
    others: fc.shuffledSubarray(OTHERS, { minLength: 0, maxLength: 3 }),
    cuts: fc.array(fc.integer({ min: 0, max: 9_000 }), { minLength: 4, maxLength: 4 }),
    canaryListed: fc.boolean(),
    canaryCut: fc.integer({ min: 0, max: 3_000 }),
    history: fc.array(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 5, maxLength: 5 }), { maxLength: 3 }),
    where: fc.constantFrom("default", "sticky-rule"),
  })
  .map(({ others, cuts, canaryListed, canaryCut, history, where }) => {
    // Others share at most 50 % so that the baseline always has something to give.
    const otherWeights = others.map((_, i) => Math.floor(cuts[i]! / 2 / Math.max(1, others.length)));
    const rest = 10_000 - otherWeights.reduce((a, b) => a + b, 0);
    const canary = canaryListed ? Math.min(canaryCut, rest - 1) : 0;
    const split: SplitEntry[] = [
      { route: "base", weight: (rest - canary) / 100 },
      ...(canaryListed ? [{ route: "can", weight: canary / 100 }] : []),
      ...others.map((route, i) => ({ route, weight: otherWeights[i]! / 100 })),
    ];
    // A table with history: earlier splits over the same routes, rebalanced into this one.
    const routes = split.map((e) => e.route);
    const earlier = history.map((ws) => {
      const total = routes.reduce((s, _, i) => s + ws[i]!, 0);
      let left = 10_000;
      return routes.map((route, i): SplitEntry => {
        const w = i === routes.length - 1 ? left : Math.floor((ws[i]! / total) * 10_000);
        left -= w;
        return { route, weight: w / 100 };
      });
    });
    const table = [...earlier, split].reduce<SlotTable | null>((t, s) => (t === null ? canonicalTable(s) : rebalance(t, s)), null)!;
    const body = { strategy: "sticky" as const, split, shadows: [], slots: encodeSlots(table) };
    const doc: RouterDocument = {
      name: "r",
      settings: { keySources: [{ source: "header", key: "x-shard-key" }], missingKey: "reject", strict: false, allowPin: false, recordPercent: 1, recordMaxPerSecond: 100, recordFields: [], recordKeys: "raw", keepDisagreements: 0 },
      routes: ["base", "can", ...OTHERS].map((name, i) => ({ name, url: `http://127.0.0.1:${9000 + i}`, timeoutMs: 1000 })),
      audiences: [],
      rules:
        where === "default"
          ? []
          : [{ name: "sticky-rule", audience: null, conditions: [{ source: "header", key: "x-beta", operator: "present", values: [] }], ...body }],
      defaultRule: where === "default" ? body : { strategy: "random", split: [{ route: "base", weight: 100 }], shadows: [] },
    };
    return { doc, rule: where, current: canary, pool: rest };
  });

/** Strictly increasing canary weights in (current, pool], in hundredths. */
const stepsArb = (current: number, pool: number) =>
  fc.uniqueArray(fc.integer({ min: Math.max(1, current), max: pool }), { minLength: 1, maxLength: 6 }).map((ws) => [...ws].sort((a, b) => a - b).map((w) => ({ weight: w / 100, bakeSeconds: 0, pause: false })));

const tableOf = (doc: RouterDocument, rule: string): SlotTable => {
  const body = ruleBody(doc, rule)!;
  const decoded = decodeSlots(body.slots!, body.split);
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.table;
};

describe("sticky keys during a rollout (property)", () => {
  it("over any sequence of steps only baseline slots move, and only to the canary: no key ever goes back from the canary", () => {
    fc.assert(
      fc.property(
        startArb.chain((start) => fc.tuple(fc.constant(start), stepsArb(start.current, start.pool), fc.boolean())),
        ([start, steps, withShadow]) => {
          const spec: Pick<RolloutSpec, "rule" | "baseline" | "canary" | "steps" | "shadow"> = {
            rule: start.rule,
            baseline: "base",
            canary: "can",
            steps,
            shadow: withShadow ? { percent: 10, durationSeconds: 0, minAgreement: 99 } : null,
          };
          const startVersion = freezeDocument(start.doc, start.doc);
          const startTable = tableOf(startVersion, start.rule);
          let active = startVersion;
          for (const stage of stagesOf(spec)) {
            const next = freezeDocument(stageDocument(startVersion, spec, stage), active);
            const before = tableOf(active, start.rule);
            const after = tableOf(next, start.rule);
            const wrong: string[] = [];
            for (let slot = 0; slot < before.length; slot++) {
              if (before[slot] !== after[slot] && (before[slot] !== "base" || after[slot] !== "can")) wrong.push(`${slot}: ${before[slot]}→${after[slot]}`);
              // Every other route keeps its very slots.
              if (startTable[slot] !== "base" && startTable[slot] !== "can" && after[slot] !== startTable[slot]) wrong.push(`${slot}: ${startTable[slot]} lost`);
            }
            expect(wrong.slice(0, 5)).toEqual([]);
            const body = ruleBody(next, start.rule)!;
            expect(after.filter((r) => r === "can").length).toBe(Math.round(weightIn(body.split, "can") * 100));
            active = next;
          }
          // The last step's weight is what stays active; an abort redeploys the start version, tables and all.
          expect(weightIn(ruleBody(active, start.rule)!.split, "can")).toBe(steps[steps.length - 1]!.weight);
          expect(ruleBody(startVersion, start.rule)!.slots).toBe(ruleBody(freezeDocument(start.doc, start.doc), start.rule)!.slots);
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);

  it("a sampled sticky key that reached the canary stays there at every later step", () => {
    fc.assert(
      fc.property(startArb, fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 20, maxLength: 60 }), (start, keys) => {
        const weight = (w: number) => Math.max(start.current, Math.min(w * 100, start.pool)) / 100;
        const spec = { rule: start.rule, baseline: "base", canary: "can", steps: [25, 50, 75, 100].map((w) => ({ weight: weight(w), bakeSeconds: 0, pause: false })), shadow: null };
        const seen = new Set<string>();
        const startVersion = freezeDocument(start.doc, start.doc);
        let active = startVersion;
        for (const stage of stagesOf(spec)) {
          active = freezeDocument(stageDocument(startVersion, spec, stage), active);
          const table = tableOf(active, start.rule);
          for (const key of keys) {
            const route = table[bucketOf("r", key)]!;
            if (seen.has(key)) expect(route).toBe("can");
            if (route === "can") seen.add(key);
          }
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});

const gates = gatesSchema.parse({ intervalSeconds: 10, failureLimit: 3, passesToAdvance: 2 });
const verdictArb = fc.constantFrom<Verdict>("pass", "fail", "inconclusive");
const evaluation = (verdict: Verdict): Evaluation => ({ verdict, reason: verdict, gates: [], sample: { ok: false, error: "test" } });

describe("rollout decisions (property)", () => {
  it("never leaves a stage on inconclusive evaluations, aborts exactly at the failure limit, and only moves forward", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ verdict: verdictArb, gapSeconds: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 5 }),
        (events, bakes) => {
          const stages = stagesOf({ steps: bakes.map((b, i) => ({ weight: (i + 1) * 10, bakeSeconds: b, pause: false })), shadow: null });
          let state: RolloutState = { status: "running", pause: null, approved: false, stage: 0, stageStartedAt: 0, lastEvaluatedAt: null, failures: 0, passes: 0 };
          let now = 0;
          let run: Verdict[] = [];
          for (const e of events) {
            now += e.gapSeconds * 1000;
            const due = evaluationDue(gates, state, now);
            const { state: next, action } = decide(gates, stages, state, now, due ? evaluation(e.verdict) : null);
            if (due) run.push(e.verdict);
            expect(next.stage).toBeGreaterThanOrEqual(state.stage);
            if (action.kind === "advance" || action.kind === "complete") {
              // The last evaluations were passes, enough of them, and the bake time is over.
              expect(run.slice(-gates.passesToAdvance)).toEqual(Array(gates.passesToAdvance).fill("pass"));
              expect(now).toBeGreaterThanOrEqual(state.stageStartedAt + stages[state.stage]!.minSeconds * 1000);
              run = [];
            }
            const failuresInARow = run.filter((v) => v !== "inconclusive").reverse().findIndex((v) => v === "pass");
            const failing = failuresInARow === -1 ? run.filter((v) => v === "fail").length : failuresInARow;
            if (action.kind === "abort") expect(failing).toBe(gates.failureLimit);
            else expect(failing).toBeLessThan(gates.failureLimit);
            state = next;
            if (state.status === "aborted" || state.status === "completed") break;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a step with a pause waits for approval once it passed, then advances after resume", () => {
    const stages = stagesOf({ steps: [{ weight: 10, bakeSeconds: 0, pause: true }, { weight: 50, bakeSeconds: 0, pause: false }], shadow: null });
    let state: RolloutState = { status: "running", pause: null, approved: false, stage: 0, stageStartedAt: 0, lastEvaluatedAt: null, failures: 0, passes: 0 };
    state = decide(gates, stages, state, 10_000, evaluation("pass")).state;
    const waiting = decide(gates, stages, state, 20_000, evaluation("pass"));
    expect(waiting.action).toEqual({ kind: "await-approval" });
    expect(waiting.state).toMatchObject({ status: "paused", pause: "approval", stage: 0 });
    // Paused: still evaluated, never advanced.
    const held = decide(gates, stages, waiting.state, 30_000, evaluation("pass"));
    expect(held.action.kind).toBe("hold");
    const resumed = { ...held.state, status: "running" as const, pause: null, approved: true };
    expect(decide(gates, stages, resumed, 30_001, null).action).toEqual({ kind: "advance", to: 1 });
    expect(enterStage(resumed, 1, 1).approved).toBe(false);
  });
});
