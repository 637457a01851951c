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
      defaultRule: { strategy: "random", split: [{ route: "stable", weight: 80 }, { route: "canary", weight: 20 }], shadows: [] },
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
});
