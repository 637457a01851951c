import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routerDocumentSchema } from "@/lib/router/document";
import { GatewayMetrics } from "./metrics";
import { loadTraffic } from "./traffic";

const served = routerDocumentSchema.parse({
  name: "ray-canary",
  routes: [{ name: "stable", url: "http://127.0.0.1:1" }, { name: "canary", url: "http://127.0.0.1:2" }],
  rules: [{ name: "beta", conditions: [{ source: "header", key: "x-beta", operator: "present", values: [] }], strategy: "random", split: [{ route: "canary", weight: 100 }], shadows: [] }],
  defaultRule: { strategy: "random", split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [{ route: "canary", percent: 10, compare: { mode: "json", ignore: ["id"] } }] },
});

let server: http.Server;
let url: string;

beforeAll(async () => {
  const metrics = new GatewayMetrics();
  const stable = metrics.route("demo", "ray-canary", "stable");
  const canary = metrics.route("demo", "ray-canary", "canary");
  for (let i = 0; i < 85; i++) stable.request("default", 200, 0.01);
  for (let i = 0; i < 15; i++) canary.request("default", 200, 0.01);
  canary.shadowSent();
  canary.shadowAnswered("200", "agree", 0.01);
  canary.pair("default").compared("agree", null, 0.01, 0.01);
  metrics.route("demo", "ray-canary", "gone").pair("old-rule").compared("disagree", "body", 0.01, 0.01);
  const text = await metrics.registry.metrics();
  server = http.createServer((req, res) => res.end(req.url === "/metrics" ? text : ""));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("loadTraffic", () => {
  it("sets each rule's actual shares against its configured weights", async () => {
    const view = await loadTraffic("demo", "ray-canary", served, url);
    if (!view.reachable) throw new Error(view.error);
    const def = view.rules.find((r) => r.rule === "default")!;
    expect(def.routed).toBe(100);
    expect(def.routes).toEqual([
      { route: "stable", configured: 90, requests: 85, actual: 85 },
      { route: "canary", configured: 10, requests: 15, actual: 15 },
    ]);
    expect(view.rules.find((r) => r.rule === "beta")).toEqual({ rule: "beta", routed: 0, routes: [{ route: "canary", configured: 100, requests: 0, actual: 0 }] });
    expect(view.shadows[0]).toMatchObject({ route: "canary", sent: 1, agreement: 1 });
    // Every configured shadow, with how it compared; shadows the served version no longer has, too.
    expect(view.comparisons.map((c) => [c.rule, c.route, c.percent, c.mode, c.compared, c.agreement])).toEqual([
      ["default", "canary", 10, "json", 1, 1],
      ["old-rule", "gone", null, null, 1, 0],
    ]);
  });

  it("says so when the gateway cannot be reached", async () => {
    const view = await loadTraffic("demo", "ray-canary", served, "http://127.0.0.1:9");
    expect(view.reachable).toBe(false);
  });
});
