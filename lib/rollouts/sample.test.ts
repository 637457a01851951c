import { describe, expect, it } from "vitest";
import type { ComparisonMetrics, RouterMetrics, ShadowMetrics } from "@/lib/fleet/router-metrics";
import { sampleOf } from "./sample";

const comparison = (rule: string, route: string, outcomes: Partial<ComparisonMetrics["outcomes"]>): ComparisonMetrics => {
  const all = { agree: 0, disagree: 0, primary_failed: 0, shadow_failed: 0, not_comparable: 0, ...outcomes };
  return { rule, route, outcomes: all, compared: Object.values(all).reduce((a, b) => a + b, 0), agreement: null, byField: [], latency: { primary: null, shadow: null, delta: null } };
};
const legacy = (rule: string, route: string, counts: Partial<Omit<ShadowMetrics, "rule" | "route">>): ShadowMetrics => ({ rule, route, sent: 0, dropped: 0, agree: 0, disagree: 0, failed: 0, incomparable: 0, ...counts });
const metrics = (shadows: ShadowMetrics[], comparisons: ComparisonMetrics[]): RouterMetrics => ({ source: "heartbeats", windowSeconds: 60, gateways: 1, rules: [], refused: {}, shadows, comparisons });

describe("the shadow agreement a rollout's gate reads", () => {
  it("counts the comparison outcomes: agree over agree, disagree and shadow failures; the primary's failures and answers that could not be compared count for nothing", () => {
    const m = metrics([], [comparison("default", "canary", { agree: 90, disagree: 6, shadow_failed: 4, primary_failed: 30, not_comparable: 50 })]);
    expect(sampleOf(m, "default", "stable", "canary")).toMatchObject({ ok: true, shadow: { agreeing: 90, compared: 100 } });
  });

  it("reads only the rollout's rule and canary", () => {
    const m = metrics([], [comparison("default", "canary", { agree: 10 }), comparison("beta", "canary", { disagree: 50 }), comparison("default", "other", { disagree: 50 })]);
    expect(sampleOf(m, "default", "stable", "canary")).toMatchObject({ shadow: { agreeing: 10, compared: 10 } });
  });

  it("falls back to the per-shadow counters of gateways that report no comparison outcomes", () => {
    const m = metrics([legacy("default", "canary", { agree: 40, disagree: 5, failed: 5, incomparable: 9, sent: 59 })], []);
    expect(sampleOf(m, "default", "stable", "canary")).toMatchObject({ shadow: { agreeing: 40, compared: 50 } });
  });

  it("no shadow answer at all: nothing compared", () => {
    expect(sampleOf(metrics([], []), "default", "stable", "canary")).toMatchObject({ shadow: { agreeing: 0, compared: 0 } });
  });
});
