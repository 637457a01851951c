import { describe, expect, it } from "vitest";
import { countersSince, sumCounters, type RouterCounters } from "@/lib/fleet/counters";
import { summarizeCounters } from "@/lib/fleet/router-metrics";
import { routerDocumentSchema } from "@/lib/router/document";
import { GatewayMetrics } from "./metrics";
import { compareTraffic } from "./traffic";

const served = routerDocumentSchema.parse({
  name: "ray-canary",
  routes: [{ name: "stable", url: "http://127.0.0.1:1" }, { name: "canary", url: "http://127.0.0.1:2" }],
  rules: [{ name: "beta", conditions: [{ source: "header", key: "x-beta", operator: "present", values: [] }], strategy: "random", split: [{ route: "canary", weight: 100 }], shadows: [] }],
  defaultRule: { strategy: "random", split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [{ route: "canary", percent: 10, compare: { mode: "json", ignore: ["id"] } }] },
});

describe("compareTraffic", () => {
  it("sets each rule's actual shares, errors and p95 against its configured weights, from a gateway's counters", () => {
    const metrics = new GatewayMetrics();
    const stable = metrics.route("demo", "ray-canary", "stable");
    const canary = metrics.route("demo", "ray-canary", "canary");
    for (let i = 0; i < 85; i++) stable.request("default", 200, 0.004);
    for (let i = 0; i < 14; i++) canary.request("default", 200, 0.004);
    canary.request("default", 504, 2);
    canary.shadowSent("default");
    canary.shadowAnswered("default", "200", "agree", 0.01);
    metrics.routerError("demo", "ray-canary", "", 400);
    const view = compareTraffic(summarizeCounters(metrics.countersByRouter().get("demo/ray-canary")!), served);
    const def = view.rules.find((r) => r.rule === "default")!;
    expect(def.routed).toBe(100);
    expect(view.routed).toBe(100);
    expect(view.refused).toEqual({ "400": 1 });
    const byRoute = Object.fromEntries(def.routes.map((r) => [r.route, r]));
    expect(byRoute.stable).toMatchObject({ configured: 90, requests: 85, actual: 85, errors: 0 });
    expect(byRoute.canary).toMatchObject({ configured: 10, requests: 15, actual: 15, errors: 1 });
    // 14 of 15 in the 2.5–5 ms bucket: the 95th percentile is the 14.25th request, in the 1–2.5 s bucket.
    expect(byRoute.stable!.p95Seconds).toBeGreaterThan(0.0025);
    expect(byRoute.stable!.p95Seconds).toBeLessThanOrEqual(0.005);
    expect(byRoute.canary!.p95Seconds).toBeGreaterThan(1);
    expect(view.rules.find((r) => r.rule === "beta")).toEqual({
      rule: "beta",
      routed: 0,
      routes: [{ route: "canary", configured: 100, requests: 0, actual: 0, errors: 0, p95Seconds: null }],
    });
    expect(view.shadows[0]).toMatchObject({ route: "canary", sent: 1, agreeing: 1, agreement: 1 });
  });
});

describe("shadow comparisons over the fleet", () => {
  /** One gateway's counters for demo/r, as its heartbeat stores them (JSON in PostgreSQL). */
  const heartbeat = (metrics: GatewayMetrics): RouterCounters => JSON.parse(JSON.stringify(metrics.countersByRouter().get("demo/r")!)) as RouterCounters;
  const doc = routerDocumentSchema.parse({
    name: "r",
    routes: [{ name: "stable", url: "http://127.0.0.1:1" }, { name: "canary", url: "http://127.0.0.1:2" }],
    rules: [],
    defaultRule: {
      strategy: "random",
      split: [{ route: "stable", weight: 100 }],
      shadows: [{ route: "canary", percent: 10, compare: { mode: "fields", fields: [{ path: "predictions.0.label" }] } }],
    },
  });

  it("sums outcomes, differing fields and both latencies over every gateway, per rule and shadow route", () => {
    const a = new GatewayMetrics();
    const b = new GatewayMetrics();
    const pa = a.route("demo", "r", "canary").pair("default");
    const pb = b.route("demo", "r", "canary").pair("default");
    for (let i = 0; i < 4; i++) pa.compared("agree", null, 0.01, 0.02);
    for (let i = 0; i < 2; i++) pb.compared("agree", null, 0.01, 0.02);
    for (let i = 0; i < 3; i++) pb.compared("disagree", "predictions.0.label", 0.01, 0.2);
    pa.compared("disagree", "status", 0.01, 0.02);
    pb.compared("shadow_failed", null, null, null);
    pa.compared("not_comparable", null, 0.01, 0.02);
    b.route("demo", "r", "gone").pair("old-rule").compared("primary_failed", null, null, null);

    const view = compareTraffic(summarizeCounters(sumCounters([heartbeat(a), heartbeat(b)])), doc);
    // Every configured shadow, with how it compared; shadows the served version no longer has, too.
    expect(view.comparisons.map((c) => [c.rule, c.route, c.percent, c.mode, c.compared])).toEqual([
      ["default", "canary", 10, "fields", 12],
      ["old-rule", "gone", null, null, 1],
    ]);
    const c = view.comparisons[0]!;
    expect(c.outcomes).toEqual({ agree: 6, disagree: 4, primary_failed: 0, shadow_failed: 1, not_comparable: 1 });
    expect(c.agreement).toBe(0.6);
    expect(c.byField).toEqual([{ field: "predictions.0.label", count: 3 }, { field: "status", count: 1 }]);
    // 11 compared requests: 8 shadows in (0.01, 0.025], 3 in (0.1, 0.25]; every primary at 10 ms.
    expect(c.latency.shadow!.p50).toBeGreaterThan(0.01);
    expect(c.latency.shadow!.p50).toBeLessThanOrEqual(0.025);
    expect(c.latency.shadow!.p95).toBeGreaterThan(0.1);
    expect(c.latency.primary!.p95).toBeLessThanOrEqual(0.01);
    // Shadow minus primary: 8 × +10 ms in (0.005, 0.01], 3 × +190 ms in (0.1, 0.25].
    expect(c.latency.delta!.p50).toBeGreaterThan(0.005);
    expect(c.latency.delta!.p50).toBeLessThanOrEqual(0.01);
    expect(c.latency.delta!.p95).toBeGreaterThan(0.1);
    expect(view.comparisons[1]!.latency).toEqual({ primary: null, shadow: null, delta: null });
  });

  it("counts a window as what changed since its baseline, and a shadow faster than the primary as a negative delta", () => {
    const g = new GatewayMetrics();
    const pair = g.route("demo", "r", "canary").pair("default");
    for (let i = 0; i < 5; i++) pair.compared("disagree", "predictions.0.label", 0.01, 0.02);
    const before = heartbeat(g);
    for (let i = 0; i < 3; i++) pair.compared("agree", null, 0.5, 0.01);
    const c = summarizeCounters(countersSince(heartbeat(g), before)).comparisons[0]!;
    expect(c.outcomes.agree).toBe(3);
    expect(c.outcomes.disagree).toBe(0);
    expect(c.byField).toEqual([]);
    // −490 ms falls in (−0.5, −0.25].
    expect(c.latency.delta!.p50).toBeGreaterThan(-0.5);
    expect(c.latency.delta!.p50).toBeLessThanOrEqual(-0.25);
    expect(c.latency.primary!.p50).toBeGreaterThan(0.25);
  });

  it("reads snapshots of gateways that count no comparisons: every configured shadow, nothing compared", () => {
    const old: RouterCounters = { requests: [["default", "stable", "2xx", 5]], latency: [], shadows: [["default", "canary", "sent", 1]] };
    const view = compareTraffic(summarizeCounters(sumCounters([old])), doc);
    expect(view.comparisons).toEqual([
      {
        rule: "default",
        route: "canary",
        percent: 10,
        mode: "fields",
        outcomes: { agree: 0, disagree: 0, primary_failed: 0, shadow_failed: 0, not_comparable: 0 },
        compared: 0,
        agreement: null,
        byField: [],
        latency: { primary: null, shadow: null, delta: null },
      },
    ]);
  });

  it("keeps at most 32 field labels per rule and shadow route, counting the rest as (other)", () => {
    const g = new GatewayMetrics();
    const pair = g.route("demo", "r", "canary").pair("default");
    for (let i = 0; i < 40; i++) pair.compared("disagree", `items.${i}.id`, 0.01, 0.01);
    const c = summarizeCounters(heartbeat(g)).comparisons[0]!;
    expect(c.byField).toHaveLength(33);
    expect(c.byField[0]).toEqual({ field: "(other)", count: 8 });
  });
});
