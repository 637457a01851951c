import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routerDocumentSchema } from "@/lib/router/document";
import { echo, startBackend, type Backend } from "./test-support/backends";
import { documentOf, startStaticGateway, type RunningGateway } from "./test-support/static-gateway";
import { summarizeCounters } from "@/lib/fleet/router-metrics";
import { compareTraffic } from "./traffic";

// What the console's Traffic tab shows from a real gateway's heartbeat counters: real backends, a real gateway.
let stable: Backend;
let canary: Backend;
let running: RunningGateway;
let document: ReturnType<typeof routerDocumentSchema.parse>;

beforeAll(async () => {
  stable = await startBackend(echo);
  canary = await startBackend(echo);
  document = routerDocumentSchema.parse(
    documentOf("split", [{ name: "stable", url: stable.url }, { name: "canary", url: canary.url }], {
      defaultRule: {
        strategy: "random",
        split: [{ route: "stable", weight: 80 }, { route: "canary", weight: 20 }],
        // The echo backends answer with the request; the shadow's carries x-turnout-shadow, so only some fields agree.
        shadows: [{ route: "canary", percent: 100, compare: { mode: "fields", fields: [{ path: "method" }, { path: "url" }] } }],
      },
    }),
  );
  running = await startStaticGateway([{ project: "demo", document }]);
});
afterAll(async () => {
  await running?.close();
  await stable?.close();
  await canary?.close();
});

describe("live traffic against configured weights", () => {
  it("reports each route's actual share next to its weight", async () => {
    for (let i = 0; i < 400; i++) {
      const res = await fetch(`${running.url}/demo/split/predict`);
      await res.arrayBuffer();
    }
    const view = compareTraffic(summarizeCounters(running.gateway.metrics.countersByRouter().get("demo/split")!), document);
    const rule = view.rules.find((r) => r.rule === "default")!;
    expect(rule.routed).toBe(400);
    const share = (route: string) => rule.routes.find((r) => r.route === route)!;
    expect(share("stable").configured).toBe(80);
    expect(share("canary").configured).toBe(20);
    // 400 draws at 20 %: σ = 2 %, five sigma either side.
    expect(share("canary").actual).toBeGreaterThan(10);
    expect(share("canary").actual).toBeLessThan(30);
    expect(share("stable").requests + share("canary").requests).toBe(400);
  });

  it("reports how the shadow compared, with the latencies of both sides", async () => {
    const settled = () => {
      const view = compareTraffic(summarizeCounters(running.gateway.metrics.countersByRouter().get("demo/split")!), document);
      return view.comparisons[0]?.compared === view.rules.find((r) => r.rule === "default")!.routes.find((r) => r.route === "stable")!.requests ? view : null;
    };
    let view: ReturnType<typeof settled> = null;
    for (let i = 0; i < 50 && view === null; i++) {
      view = settled();
      if (view === null) await new Promise((r) => setTimeout(r, 100));
    }
    if (view === null) throw new Error("the shadows never all settled");
    const [comparison] = view.comparisons;
    // Requests routed to the canary are not mirrored to it: only the stable ones are compared.
    expect(comparison).toMatchObject({ rule: "default", route: "canary", percent: 100, mode: "fields", agreement: 1, byField: [] });
    expect(comparison!.outcomes.agree).toBe(comparison!.compared);
    expect(comparison!.latency.primary!.p95).toBeGreaterThan(0);
    expect(comparison!.latency.shadow!.p50).toBeGreaterThan(0);
    expect(comparison!.latency.delta).not.toBeNull();
  });
});
