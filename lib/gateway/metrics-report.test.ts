import { describe, expect, it } from "vitest";
import { GatewayMetrics, METRIC } from "./metrics";
import { parseGatewayMetrics, parsePrometheusText, routerTraffic } from "./metrics-report";

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
    for (let i = 0; i < 6; i++) canary.shadowSent("default");
    canary.shadowDropped("default");
    for (let i = 0; i < 3; i++) canary.shadowAnswered("default", "200", "agree", 0.01);
    canary.shadowAnswered("default", "500", "disagree", 0.01);
    canary.shadowAnswered("default", "timeout", "failed", 1);
    canary.shadowAnswered("default", "200", "incomparable", 0.01);
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

  it("ignores other metrics and reports nothing for an idle gateway", async () => {
    const text = `# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1.2\n${METRIC.unknownRouter} 0\n`;
    expect(parseGatewayMetrics(text)).toEqual({ routers: [], unknownRouter: 0 });
  });
});
