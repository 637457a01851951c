import { describe, expect, it } from "vitest";
import { GatewayMetrics, METRIC } from "./metrics";
import { histogramQuantile, parseGatewayMetrics, parsePrometheusText, routerTraffic } from "./metrics-report";

describe("parsePrometheusText", () => {
  it("reads samples with escaped label values, special values and timestamps; skips comments", () => {
    const text = [
      "# HELP x_total help text",
      "# TYPE x_total counter",
      'x_total{a="q\\"uote",b="back\\\\slash",c="new\\nline"} 3',
      "y 1.5e3 1700000000000",
      'z_bucket{le="+Inf"} +Inf',
      "",
    ].join("\n");
    expect(parsePrometheusText(text)).toEqual([
      { name: "x_total", labels: { a: 'q"uote', b: "back\\slash", c: "new\nline" }, value: 3 },
      { name: "y", labels: {}, value: 1500 },
      { name: "z_bucket", labels: { le: "+Inf" }, value: Infinity },
    ]);
  });
});

describe("parseGatewayMetrics", () => {
  it("turns a gateway's /metrics into per-route requests and shadow agreement", async () => {
    const metrics = new GatewayMetrics();
    const stable = metrics.route("demo", "ray-canary", "stable");
    const canary = metrics.route("demo", "ray-canary", "canary");
    for (let i = 0; i < 90; i++) stable.request("default", 200, 0.01);
    for (let i = 0; i < 8; i++) canary.request("default", 200, 0.01);
    canary.request("beta", 504, 2);
    canary.request("beta", 200, 0.02);
    metrics.routerError("demo", "ray-canary", "", 400);
    for (let i = 0; i < 6; i++) canary.shadowSent();
    canary.shadowDropped();
    for (let i = 0; i < 3; i++) canary.shadowAnswered("200", "agree", 0.01);
    canary.shadowAnswered("500", "disagree", 0.01);
    canary.shadowAnswered("timeout", "failed", 1);
    canary.shadowAnswered("200", "incomparable", 0.01);
    metrics.routerVersion.set({ project: "demo", router: "ray-canary" }, 3);
    metrics.route("other", "r", "only").request("default", 200, 0.001);
    metrics.unknownRouter.inc(2);

    const traffic = parseGatewayMetrics(await metrics.registry.metrics());
    expect(traffic.unknownRouter).toBe(2);
    expect(traffic.routers.map((r) => `${r.project}/${r.router}`)).toEqual(["demo/ray-canary", "other/r"]);
    const ray = routerTraffic(traffic, "demo", "ray-canary")!;
    expect(ray.version).toBe(3);
    expect(ray.routed).toBe(100);
    expect(ray.refused).toEqual({ "400": 1 });
    expect(ray.routes).toEqual([
      { route: "canary", requests: 10, share: 0.1, serverErrors: 1 },
      { route: "stable", requests: 90, share: 0.9, serverErrors: 0 },
    ]);
    expect(ray.rules).toEqual([
      { rule: "default", routed: 98, routes: [{ route: "canary", requests: 8, share: 8 / 98 }, { route: "stable", requests: 90, share: 90 / 98 }] },
      { rule: "beta", routed: 2, routes: [{ route: "canary", requests: 2, share: 1 }] },
    ]);
    expect(ray.shadows).toEqual([
      { route: "canary", sent: 6, dropped: 1, agreeing: 3, disagreeing: 1, failed: 1, incomparable: 1, agreement: 0.75 },
    ]);
    expect(routerTraffic(traffic, "demo", "missing")).toBeNull();
  });

  it("reads each shadow's comparison outcomes, differing fields and latency quantiles per rule", async () => {
    const metrics = new GatewayMetrics();
    const pair = metrics.route("demo", "r", "canary").pair("default");
    for (let i = 0; i < 6; i++) pair.compared("agree", null, 0.01, 0.02);
    for (let i = 0; i < 3; i++) pair.compared("disagree", "predictions.0.label", 0.01, 0.2);
    pair.compared("disagree", "status", 0.01, 0.02);
    pair.compared("shadow_failed", null, null, null);
    pair.compared("not_comparable", null, 0.01, 0.02);
    metrics.route("demo", "r", "canary").pair("beta").compared("primary_failed", null, null, null);

    const r = routerTraffic(parseGatewayMetrics(await metrics.registry.metrics()), "demo", "r")!;
    expect(r.comparisons.map((c) => [c.rule, c.route, c.compared])).toEqual([["beta", "canary", 1], ["default", "canary", 12]]);
    const c = r.comparisons[1]!;
    expect(c.outcomes).toEqual({ agree: 6, disagree: 4, primary_failed: 0, shadow_failed: 1, not_comparable: 1 });
    expect(c.agreement).toBe(0.6);
    expect(c.byField).toEqual([{ field: "predictions.0.label", count: 3 }, { field: "status", count: 1 }]);
    // 11 compared requests: 8 shadows in (0.01, 0.025], 3 in (0.1, 0.25].
    expect(c.latency.shadow!.p50).toBeGreaterThan(0.01);
    expect(c.latency.shadow!.p50).toBeLessThanOrEqual(0.025);
    expect(c.latency.shadow!.p95).toBeGreaterThan(0.1);
    expect(c.latency.primary!.p95).toBeLessThanOrEqual(0.01);
    expect(c.latency.delta!.p50).toBeGreaterThan(0);
    expect(c.latency.delta!.p50).toBeLessThanOrEqual(0.01);
    expect(r.comparisons[0]!.latency).toEqual({ primary: null, shadow: null, delta: null });
  });

  it("computes quantiles as Prometheus' histogram_quantile does", () => {
    const buckets = new Map([[0.1, 50], [0.2, 90], [0.5, 100], [Infinity, 100]]);
    expect(histogramQuantile(buckets, 0.5)).toBeCloseTo(0.1);
    expect(histogramQuantile(buckets, 0.25)).toBeCloseTo(0.05);
    expect(histogramQuantile(buckets, 0.7)).toBeCloseTo(0.15);
    expect(histogramQuantile(new Map([[0.1, 0], [Infinity, 4]]), 0.5)).toBe(0.1);
    expect(histogramQuantile(new Map([[-1, 3], [0, 4], [1, 4], [Infinity, 4]]), 0.5)).toBe(-1);
    expect(histogramQuantile(new Map([[1, 0], [Infinity, 0]]), 0.5)).toBeNull();
  });

  it("ignores other metrics and reports nothing for an idle gateway", async () => {
    const text = `# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1.2\n${METRIC.unknownRouter} 0\n`;
    expect(parseGatewayMetrics(text)).toEqual({ routers: [], unknownRouter: 0 });
  });
});
