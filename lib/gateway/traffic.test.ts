import { describe, expect, it } from "vitest";
import { summarizeCounters } from "@/lib/fleet/router-metrics";
import { routerDocumentSchema } from "@/lib/router/document";
import { GatewayMetrics } from "./metrics";
import { compareTraffic } from "./traffic";

const served = routerDocumentSchema.parse({
  name: "ray-canary",
  routes: [{ name: "stable", url: "http://127.0.0.1:1" }, { name: "canary", url: "http://127.0.0.1:2" }],
  rules: [{ name: "beta", conditions: [{ source: "header", key: "x-beta", operator: "present", values: [] }], strategy: "random", split: [{ route: "canary", weight: 100 }], shadows: [] }],
  defaultRule: { strategy: "random", split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [{ route: "canary", percent: 10 }] },
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
