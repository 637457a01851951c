/**
 * Three real gateway processes on one real PostgreSQL (one of them a two-worker cluster):
 * registration and heartbeats, convergence after a deploy, a gateway that stops or vanishes,
 * one that misses the deploy notification, and traffic summed over all of them (shadow
 * comparisons included) — from the heartbeats and, with a real Prometheus scraping them, from PromQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiTest, type ApiTest, type Client } from "@/lib/http/test-client";
import type { RouterDocumentInput } from "@/lib/router/document";
import { saveRouterDocument } from "@/lib/routers/document-repo";
import type { TestDatabase } from "@/lib/testing/database";
import { deployRouter } from "@/lib/versions/repo";
import { answerWith, startBackend, type Backend } from "@/lib/gateway/test-support/backends";
import { eventually, TestClient } from "@/lib/gateway/test-support/client";
import { listGateways, routerGateways, waitForConvergence } from "./repo";
import { routerMetrics, type RouterMetrics } from "./router-metrics";
import { startGatewayProcess, type GatewayProcess } from "./test-support/gateway-process";
import { prometheusBinary, startPrometheus, type RunningPrometheus } from "./test-support/prometheus";

const HEARTBEAT_MS = "300";
const client = new TestClient();
let api: ApiTest;
let writer: Client;
let database: TestDatabase;
let projectId: string;
let blue: Backend;
let green: Backend;
let mirror: Backend;
const gateways: GatewayProcess[] = [];
let prometheus: RunningPrometheus | null = null;

function document(weights: [number, number]): RouterDocumentInput {
  return {
    name: "scorer",
    settings: { missingKey: "reject", seed: "scorer" },
    routes: [
      { name: "blue", url: blue.url, timeoutMs: 2000 },
      { name: "green", url: green.url, timeoutMs: 2000 },
      { name: "mirror", url: mirror.url, timeoutMs: 2000 },
    ],
    rules: [{ name: "beta", conditions: [{ source: "header", key: "x-beta", operator: "present", values: [] }], strategy: "random", split: [{ route: "green", weight: 100 }], shadows: [] }],
    defaultRule: {
      strategy: "random",
      split: [
        { route: "blue", weight: weights[0] },
        { route: "green", weight: weights[1] },
      ],
      // The mirror answers as blue does: its shadows of blue's requests agree, of green's differ in `backend`.
      shadows: [{ route: "mirror", percent: 100, compare: { mode: "fields", fields: [{ path: "backend" }] } }],
    },
  };
}

async function deploy(weights: [number, number]): Promise<number> {
  await saveRouterDocument(database.prisma, projectId, document(weights));
  return (await deployRouter(database.prisma, projectId, "scorer", { message: "test", author: "test" })).number;
}

/** Requests to the default rule sent before the traffic tests (checking which version answers). */
let sentBefore = 0;

const live = async () => (await listGateways(database.prisma)).gateways.filter((g) => g.state === "live");

beforeAll(async () => {
  api = await startApiTest();
  database = api.db;
  writer = (await api.project("acme")).writer;
  projectId = (await database.prisma.project.findUniqueOrThrow({ where: { name: "acme" } })).id;
  [blue, green, mirror] = await Promise.all([startBackend(answerWith("blue")), startBackend(answerWith("green")), startBackend(answerWith("blue"))]);
  await deploy([50, 50]);
  const args = ["--heartbeat-ms", HEARTBEAT_MS, "--poll-ms", "60000"];
  // One after the other: three tsx compilations at once are slow on two cores.
  gateways.push(await startGatewayProcess(database.url, args));
  gateways.push(await startGatewayProcess(database.url, args));
  // The cluster keeps /healthz and /metrics on an admin listener: it registers that address.
  gateways.push(await startGatewayProcess(database.url, [...args, "--workers", "2", "--admin-port", "0"]));
  expect(await eventually(async () => (await live()).length === 3, 10_000, 50)).toBe(true);
}, 180_000);

afterAll(async () => {
  await prometheus?.close();
  await Promise.all(gateways.map((g) => g.kill()));
  await Promise.all([blue?.close(), green?.close(), mirror?.close(), client.close()]);
  await api?.close();
});

describe("registration", () => {
  it("lists each gateway once, the cluster with its two workers, all in sync", async () => {
    const fleet = await listGateways(database.prisma);
    expect(fleet.live).toBe(3);
    expect(fleet.inSync).toBe(3);
    const byPort = new Map(fleet.gateways.map((g) => [g.port, g]));
    expect(gateways.map((g) => byPort.get(g.port)?.workers)).toEqual([1, 1, 2]);
    for (const g of fleet.gateways) {
      expect(g).toMatchObject({ address: "127.0.0.1", state: "live", inSync: true, behindCount: 0, routers: 1, turnoutVersion: expect.any(String) });
      expect(g.heartbeatAgeMs).toBeLessThan(3 * Number(HEARTBEAT_MS));
    }
  });

  it("registers where each gateway serves /metrics: its traffic port, or its admin listener", async () => {
    const byPort = new Map((await listGateways(database.prisma)).gateways.map((g) => [g.port, g.metricsUrl]));
    expect(byPort.get(gateways[0]!.port)).toBe(`http://127.0.0.1:${gateways[0]!.port}/metrics`);
    expect(byPort.get(gateways[1]!.port)).toBe(`http://127.0.0.1:${gateways[1]!.port}/metrics`);
    const admin = new URL(byPort.get(gateways[2]!.port)!);
    expect(admin.hostname).toBe("127.0.0.1");
    expect(Number(admin.port)).not.toBe(gateways[2]!.port);
    const scrape = async (url: string) => {
      const res = await fetch(url);
      return { status: res.status, text: await res.text() };
    };
    expect((await scrape(`${gateways[2]!.url}/metrics`)).status).toBe(404);
    const metrics = await scrape(admin.href);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain("turnout_gateway_router_version");
  });
});

describe("convergence", () => {
  it("reports a deploy served by all three gateways within 2 s", async () => {
    const version = await deploy([60, 40]);
    const convergence = await waitForConvergence(database.prisma, projectId, "acme", "scorer", version, 2_000);
    expect(convergence).toMatchObject({ state: "converged", version, live: 3, serving: 3, lagging: [] });
    expect(convergence.elapsedMs).toBeLessThan(2_000);
    const view = await routerGateways(database.prisma, projectId, "acme", "scorer");
    expect(view).toMatchObject({ activeVersion: version, live: 3, serving: 3 });
    // And the gateways really serve it.
    for (const g of gateways) {
      expect((await client.send(`${g.url}/acme/scorer/x`)).headers["x-turnout-version"]).toBe(String(version));
      sentBefore++;
    }
  });

  it("answers POST …/deployments?wait=true once every live gateway serves the version, and lists them in the API", async () => {
    const R = "/api/v1/projects/acme/routers/scorer";
    await saveRouterDocument(database.prisma, projectId, document([55, 45]));
    const deployed = await writer.post(`${R}/deployments?wait=true&timeoutMs=2000`, { message: "api" });
    expect(deployed.status).toBe(201);
    expect(deployed.body.convergence).toMatchObject({ state: "converged", version: deployed.body.version, live: 3, serving: 3, lagging: [] });
    expect(deployed.body.convergence.elapsedMs).toBeLessThan(2_000);
    const gatewaysOfRouter = await writer.get(`${R}/gateways`);
    expect(gatewaysOfRouter.body).toMatchObject({ activeVersion: deployed.body.version, live: 3, serving: 3 });
    const fleet = await api.admin.get("/api/v1/gateways");
    expect(fleet.body).toMatchObject({ live: 3, inSync: 3 });
    expect((await writer.get("/api/v1/gateways")).status).toBe(403);
    for (const bad of ["wait=maybe", "wait=true&timeoutMs=-1", "wait=true&timeoutMs=30001", "wait=true&timeoutMs=soon", "hold=1"]) {
      const refused = await writer.post(`${R}/deployments?${bad}`, { message: "bad query" });
      expect(refused.status, bad).toBe(400);
      expect(refused.body.code).toBe("invalid_query");
    }
    expect((await writer.get(`${R}/versions`)).body.items[0].number).toBe(deployed.body.version);
  });

  it("names the gateways that lag when the timeout passes first", async () => {
    const fleet = await listGateways(database.prisma);
    const version = await deploy([70, 30]);
    // A zero timeout answers at once: the gateways cannot all have reloaded by the first look.
    const convergence = await waitForConvergence(database.prisma, projectId, "acme", "scorer", version, 0);
    if (convergence.state === "timeout") {
      expect(convergence.lagging.length).toBe(3 - convergence.serving);
      for (const g of convergence.lagging) expect(fleet.gateways.map((x) => x.id)).toContain(g.id);
    } else expect(convergence.state).toBe("converged");
    expect((await waitForConvergence(database.prisma, projectId, "acme", "scorer", version, 2_000)).state).toBe("converged");
  });
});

describe("traffic from the fleet", () => {
  const sent = [30, 45, 60];
  const betaEvery = 5;
  let expected: { total: number; beta: number };

  function totals(m: RouterMetrics) {
    const rule = (name: string) => m.rules.find((r) => r.rule === name);
    const shadow = m.shadows.find((s) => s.rule === "default" && s.route === "mirror");
    const compared = m.comparisons.find((c) => c.rule === "default" && c.route === "mirror");
    return {
      total: m.rules.reduce((sum, r) => sum + r.requests, 0),
      beta: rule("beta")?.requests ?? 0,
      default2xx: rule("default")?.routes.reduce((sum, r) => sum + r.byStatus["2xx"], 0) ?? 0,
      shadowSent: shadow?.sent ?? 0,
      compared: compared?.compared ?? 0,
    };
  }

  /** Comparison outcomes and differing fields must follow the default rule's split: blue's shadows agree, green's do not. */
  function expectComparisonsFollowTheSplit(m: RouterMetrics) {
    const def = m.rules.find((r) => r.rule === "default")!;
    const routed = (route: string) => def.routes.find((r) => r.route === route)?.requests ?? 0;
    const c = m.comparisons.find((x) => x.rule === "default" && x.route === "mirror")!;
    expect(c.outcomes).toEqual({ agree: routed("blue"), disagree: routed("green"), primary_failed: 0, shadow_failed: 0, not_comparable: 0 });
    expect(c.byField).toEqual([{ field: "backend", count: routed("green") }]);
    expect(c.latency.primary!.p95).toBeGreaterThan(0);
    expect(c.latency.shadow!.p95).toBeGreaterThan(0);
    expect(c.latency.delta).not.toBeNull();
  }

  beforeAll(async () => {
    for (const [i, g] of gateways.entries()) {
      await client.many(sent[i]!, 8, (n) => client.send(`${g.url}/acme/scorer/predict`, { headers: n % betaEvery === 0 ? { "x-beta": "1" } : {} }));
    }
    const total = sent.reduce((a, b) => a + b, 0) + sentBefore;
    expected = { total, beta: sent.reduce((sum, n) => sum + Math.ceil(n / betaEvery), 0) };
  });

  it("sums the requests sent through all three gateways in the heartbeats' counters", async () => {
    let metrics: RouterMetrics | null = null;
    const summed = await eventually(
      async () => {
        metrics = await routerMetrics(database.prisma, "acme", "scorer", { windowSeconds: null, prometheusUrl: null });
        const t = totals(metrics);
        return t.total === expected.total && t.shadowSent === expected.total - expected.beta && t.compared === t.shadowSent;
      },
      10_000,
      100,
    );
    expect(summed, JSON.stringify(metrics)).toBe(true);
    const m = metrics!;
    expect(m.source).toBe("heartbeats");
    expect(m.gateways).toBe(3);
    const defaults = expected.total - expected.beta;
    expect(totals(m)).toEqual({ total: expected.total, beta: expected.beta, default2xx: defaults, shadowSent: defaults, compared: defaults });
    expectComparisonsFollowTheSplit(m);
    const def = m.rules.find((r) => r.rule === "default")!;
    for (const route of def.routes) expect(route.latency.p95).toBeGreaterThan(0);
    expect(def.routes.every((r) => r.errors === 0)).toBe(true);

    // The same requests fall in the last minute's window.
    const windowed = await routerMetrics(database.prisma, "acme", "scorer", { windowSeconds: 60, prometheusUrl: null });
    expect(totals(windowed).total).toBe(expected.total);
    expectComparisonsFollowTheSplit(windowed);

    // And the API's Traffic view shows their sum (its answer checked against the OpenAPI schema).
    const traffic = await writer.get("/api/v1/projects/acme/routers/scorer/traffic?window=5m");
    expect(traffic.body).toMatchObject({ reachable: true, source: "heartbeats", window: "5m", gateways: 3, routed: expected.total });
    expect((traffic.body as { comparisons: unknown[] }).comparisons).toMatchObject([{ rule: "default", route: "mirror", percent: 100, mode: "fields", compared: defaults }]);
    expect((await writer.get("/api/v1/projects/acme/routers/scorer/traffic?window=2d")).status).toBe(400);
  });

  it("gives the same totals from PromQL with a real Prometheus scraping the gateways", async (context) => {
    const binary = prometheusBinary();
    if (binary === null) {
      if (process.env.CI) throw new Error("prometheus is not installed (apt-get install prometheus; .ci/run installs it)");
      context.skip("prometheus is not installed: apt-get install prometheus to run this test");
      return;
    }
    // Scrape where each gateway says its /metrics is (the cluster's admin listener included).
    prometheus = await startPrometheus(
      binary,
      (await live()).map((g) => new URL(g.metricsUrl).host),
    );
    const fromHeartbeats = await routerMetrics(database.prisma, "acme", "scorer", { windowSeconds: null, prometheusUrl: null });
    let fromPrometheus: RouterMetrics | null = null;
    const scraped = await eventually(
      async () => {
        fromPrometheus = await routerMetrics(database.prisma, "acme", "scorer", { windowSeconds: null, prometheusUrl: prometheus!.url });
        const t = totals(fromPrometheus);
        return t.total === expected.total && t.shadowSent === expected.total - expected.beta && t.compared === t.shadowSent && fromPrometheus.gateways === 3;
      },
      20_000,
      250,
    );
    expect(scraped, JSON.stringify(fromPrometheus)).toBe(true);
    const p = fromPrometheus!;
    expect(p.source).toBe("prometheus");
    expect(totals(p)).toEqual(totals(fromHeartbeats));
    // Per rule and route, request counts and p95 agree: both come from the same histogram buckets.
    for (const rule of fromHeartbeats.rules) {
      for (const route of rule.routes) {
        const other = p.rules.find((r) => r.rule === rule.rule)!.routes.find((r) => r.route === route.route)!;
        expect(other.byStatus).toEqual(route.byStatus);
        expect(other.latency.p95).toBeCloseTo(route.latency.p95!, 9);
      }
    }
    const shadow = (m: RouterMetrics) => m.shadows.map(({ rule, route, sent, agree, disagree, failed }) => ({ rule, route, sent, settled: agree + disagree + failed }));
    expect(shadow(p).map((s) => s.sent)).toEqual(shadow(fromHeartbeats).map((s) => s.sent));
    // Comparison outcomes, fields and latency quantiles: the same series, the same buckets.
    expectComparisonsFollowTheSplit(p);
    const [hc, pc] = [fromHeartbeats, p].map((m) => m.comparisons.find((c) => c.rule === "default" && c.route === "mirror")!);
    expect(pc!.outcomes).toEqual(hc!.outcomes);
    for (const side of ["primary", "shadow", "delta"] as const) {
      expect(pc!.latency[side]!.p50).toBeCloseTo(hc!.latency[side]!.p50, 9);
      expect(pc!.latency[side]!.p95).toBeCloseTo(hc!.latency[side]!.p95, 9);
    }
  });
});

describe("a gateway that missed the deploy notification", () => {
  it("shows behind until its revision poll catches up", async () => {
    const deaf = await startGatewayProcess(database.url, ["--heartbeat-ms", HEARTBEAT_MS, "--no-listen", "--poll-ms", "3000"]);
    gateways.push(deaf);
    expect(await eventually(async () => (await live()).some((g) => g.port === deaf.port && g.inSync), 10_000, 50)).toBe(true);
    // Its poll may happen to land between a deploy and the first look: then deploy again.
    let version = 0;
    let seenBehind = false;
    for (let attempt = 0; attempt < 3 && !seenBehind; attempt++) {
      version = await deploy(attempt % 2 === 0 ? [80, 20] : [20, 80]);
      const convergence = await waitForConvergence(database.prisma, projectId, "acme", "scorer", version, 500);
      const row = (await listGateways(database.prisma)).gateways.find((g) => g.port === deaf.port)!;
      seenBehind = convergence.state === "timeout" && convergence.lagging.some((g) => g.port === deaf.port) && !row.inSync;
      if (seenBehind) {
        expect(convergence.serving).toBe(3);
        expect(row.behind).toEqual([{ project: "acme", router: "scorer", serving: expect.any(Number), active: version }]);
        expect(row.behind[0]!.serving).toBeLessThan(version);
      }
    }
    expect(seenBehind).toBe(true);
    const caughtUp = await waitForConvergence(database.prisma, projectId, "acme", "scorer", version, 5_000);
    expect(caughtUp).toMatchObject({ state: "converged", live: 4, serving: 4 });
    await deaf.stop();
  });
});

describe("gateways that go away", () => {
  it("shows a killed gateway stale after three missed heartbeats, and a stopped one as stopped; neither is waited for", async () => {
    const [killed, stopped] = [gateways[0]!, gateways[1]!];
    await killed.kill();
    await stopped.stop();
    const states = async () => new Map((await listGateways(database.prisma)).gateways.map((g) => [g.port, g.state]));
    expect(await eventually(async () => (await states()).get(killed.port) === "stale", 5_000, 50)).toBe(true);
    expect((await states()).get(stopped.port)).toBe("stopped");
    const version = await deploy([50, 50]);
    expect(await waitForConvergence(database.prisma, projectId, "acme", "scorer", version, 2_000)).toMatchObject({ state: "converged", live: 1, serving: 1 });
  });
});
