/**
 * Stored shadow disagreements end to end, on a real PostgreSQL: a real gateway deployed
 * through the API writes them, the API lists and deletes them, the table stays at each
 * router's bound (also under concurrent writers), and nothing is stored where it is off.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { DisagreementWriter, INSERT_SAMPLES, jsonbText } from "@/lib/gateway/disagreement-writer";
import type { DisagreementSample } from "@/lib/gateway/disagreement-sample";
import { startGateway, type Gateway } from "@/lib/gateway/gateway";
import { METRIC } from "@/lib/gateway/metrics";
import { closedPort, startBackend, type Backend } from "@/lib/gateway/test-support/backends";
import { eventually, TestClient } from "@/lib/gateway/test-support/client";
import { metricValue } from "@/lib/gateway/test-support/static-gateway";
import { startApiTest, type ApiTest, type Client } from "@/lib/http/test-client";
import { GatewayMetrics } from "@/lib/gateway/metrics";

let t: ApiTest;
let api: Client;
let primary: Backend;
let shadow: Backend;
let gateway: Gateway;
let gatewayUrl: string;
const client = new TestClient();
const P = "/api/v1/projects/shadows";

/** The primary answers cat; the shadow says dog on /d/…, agrees on /a/…, and sends 100 KiB on /big/…. */
beforeAll(async () => {
  t = await startApiTest();
  api = t.admin;
  await t.project("shadows");
  primary = await startBackend((request, res) => {
    const body = request.url.startsWith("/big/") ? JSON.stringify({ label: "cat", pad: "p".repeat(100 * 1024) }) : JSON.stringify({ id: request.url, label: "cat", score: 0.9 });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
  shadow = await startBackend((request, res) => {
    const label = request.url.startsWith("/a/") ? "cat" : "dog";
    const body = request.url.startsWith("/big/") ? JSON.stringify({ label: "dog", pad: "s".repeat(100 * 1024) }) : JSON.stringify({ label, score: 0.91, id: "other" });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
  gateway = await startGateway({ databaseUrl: t.db.url, cacheFile: null, pollIntervalMs: 60_000 });
  gatewayUrl = `http://127.0.0.1:${await gateway.listen(0)}`;
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await primary?.close();
  await shadow?.close();
  await client.close();
  await t?.close();
});

function router(name: string, keep: number) {
  return {
    name,
    settings: { keepDisagreements: keep, keySources: [{ source: "header", key: "x-user" }], missingKey: "random" },
    routes: [
      { name: "primary", url: primary.url },
      { name: "candidate", url: shadow.url },
    ],
    rules: [{ name: "tenants", conditions: [{ source: "header", key: "x-tenant", operator: "present", values: [] }], strategy: "random", split: [{ route: "primary", weight: 100 }], shadows: [{ route: "candidate", percent: 100, compare: { mode: "fields", fields: [{ path: "label" }, { path: "score", tolerance: { absolute: 0.05 } }] } }] }],
    defaultRule: { strategy: "random", split: [{ route: "primary", weight: 100 }], shadows: [] },
  };
}

async function deploy(name: string, keep: number): Promise<void> {
  expect((await api.post(`${P}/routers`, router(name, keep))).status).toBe(201);
  expect((await api.post(`${P}/routers/${name}/deployments`, { message: "shadow it" })).status).toBe(201);
  expect(await eventually(async () => (await client.send(`${gatewayUrl}/shadows/${name}/ping`)).status === 200, 5_000)).toBe(true);
}

/** Sends requests and waits until each one's shadow has an outcome and the writer has written. */
async function send(name: string, paths: string[]): Promise<void> {
  const before = await metricValue(gateway, METRIC.shadowComparisons, { router: name });
  for (const path of paths) {
    const reply = await client.send(`${gatewayUrl}/shadows/${name}${path}?debug=1`, {
      headers: { "x-tenant": "acme", "x-user": "u-7", authorization: "Bearer secret", "x-unrelated": "not kept", "content-type": "application/json" },
      body: JSON.stringify({ input: path }),
    });
    expect(reply.status).toBe(200);
  }
  expect(await eventually(async () => (await metricValue(gateway, METRIC.shadowComparisons, { router: name })) - before === paths.length, 5_000)).toBe(true);
  await gateway.disagreements.flush();
}

const stored = async (name: string) =>
  Number((await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM shadow_disagreements d JOIN routers r ON r.id = d."routerId" WHERE r.name = $1`, name))[0]!.n);

describe("stored disagreements", () => {
  it("keeps the latest N per router with the request's fields, both answers and the differing fields", async () => {
    await deploy("kept", 5);
    await send("kept", [...Array.from({ length: 12 }, (_, i) => `/d/${i}`), "/a/0", "/a/1"]);
    expect(await stored("kept")).toBe(5);
    const list = await api.get(`${P}/routers/kept/shadow-disagreements`);
    expect(list.status).toBe(200);
    expect(list.body.keep).toBe(5);
    expect(list.body.items.map((d: { request: { path: string } }) => d.request.path)).toEqual(["/d/11", "/d/10", "/d/9", "/d/8", "/d/7"]);
    const latest = list.body.items[0];
    expect(latest).toMatchObject({
      version: 1,
      rule: "tenants",
      route: "candidate",
      field: "label",
      request: {
        method: "POST",
        path: "/d/11",
        query: "debug=1",
        // Only the headers the rules and key sources read.
        headers: { "x-tenant": "acme", "x-user": "u-7" },
        body: JSON.stringify({ input: "/d/11" }),
        bodyTruncated: false,
      },
      primary: { status: 200, truncated: false },
      shadow: { status: 200, truncated: false },
      differences: [{ field: "label", primary: "cat", shadow: "dog", reason: "different values" }],
    });
    expect(JSON.parse(latest.primary.body)).toEqual({ id: "/d/11?debug=1", label: "cat", score: 0.9 });
    expect(JSON.parse(latest.shadow.body)).toEqual({ label: "dog", score: 0.91, id: "other" });
    expect(latest.primary.latencyMs).toBeGreaterThan(0);
    expect(latest.shadow.latencyMs).toBeGreaterThan(0);
    expect(await metricValue(gateway, METRIC.disagreementSamples, { result: "stored" })).toBeGreaterThanOrEqual(12);

    // Pages, newest first.
    const first = await api.get(`${P}/routers/kept/shadow-disagreements?limit=2`);
    const second = await api.get(`${P}/routers/kept/shadow-disagreements?limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((d: { id: string }) => d.id)).toEqual(list.body.items.slice(0, 4).map((d: { id: string }) => d.id));
  });

  it("cuts large bodies at 32 KiB and says so", async () => {
    await deploy("large", 3);
    await send("large", ["/big/1"]);
    const [item] = (await api.get(`${P}/routers/large/shadow-disagreements`)).body.items;
    expect(item.primary.truncated).toBe(true);
    expect(item.shadow.truncated).toBe(true);
    expect(Buffer.byteLength(item.primary.body)).toBe(32 * 1024);
    expect(item.field).toBe("label");
  });

  it("stores nothing for a router that keeps none", async () => {
    await deploy("off", 0);
    const storedBefore = await metricValue(gateway, METRIC.disagreementSamples, {});
    await send("off", ["/d/1", "/d/2", "/d/3"]);
    expect(await metricValue(gateway, METRIC.shadowComparisons, { router: "off", outcome: "disagree" })).toBe(3);
    expect(await stored("off")).toBe(0);
    expect(await metricValue(gateway, METRIC.disagreementSamples, {})).toBe(storedBefore);
    expect((await api.get(`${P}/routers/off/shadow-disagreements`)).body).toEqual({ keep: 0, items: [], nextCursor: null });
  });

  it("deletes one or all from the API, audited; unknown ids are 404", async () => {
    const list = (await api.get(`${P}/routers/kept/shadow-disagreements`)).body.items;
    expect((await api.del(`${P}/routers/kept/shadow-disagreements/${list[0].id}`)).status).toBe(204);
    expect((await api.del(`${P}/routers/kept/shadow-disagreements/${list[0].id}`)).status).toBe(404);
    // An id of another router is not this router's.
    const other = (await api.get(`${P}/routers/large/shadow-disagreements`)).body.items[0].id;
    expect((await api.del(`${P}/routers/kept/shadow-disagreements/${other}`)).status).toBe(404);
    expect(await stored("kept")).toBe(4);
    expect((await api.del(`${P}/routers/kept/shadow-disagreements`)).status).toBe(204);
    expect(await stored("kept")).toBe(0);
    expect(await stored("large")).toBe(1);
    const events = (await api.get(`${P}/events?target=kept`)).body.items.map((e: { action: string }) => e.action);
    expect(events).toEqual(expect.arrayContaining(["shadow_disagreement.delete", "shadow_disagreements.delete"]));
    expect((await api.get(`${P}/routers/missing/shadow-disagreements`)).status).toBe(404);
    expect((await api.get(`${P}/routers/kept/shadow-disagreements?limit=0`)).status).toBe(400);
  });
});

function sample(router: string, keep: number, i: number): DisagreementSample {
  const answer = { status: 200, latencyMs: 1, body: `{"i":${i}}`, truncated: false };
  return {
    project: "shadows",
    router,
    version: 1,
    rule: "default",
    route: "candidate",
    field: "label",
    keep,
    at: new Date().toISOString(),
    request: { method: "GET", path: `/${i}`, query: "", headers: {}, body: "nul \u0000 and lone \ud800 surrogate", bodyTruncated: false },
    primary: answer,
    shadow: answer,
    differences: [{ field: "label", primary: "\u0000", shadow: { "\ud800key": 1 }, reason: "different values" }],
  };
}

describe("the disagreement writer", () => {
  it("holds each router's bound when two transactions insert at the same time", async () => {
    await deploy("raced", 5);
    const [a, b] = [new pg.Client({ connectionString: t.db.url }), new pg.Client({ connectionString: t.db.url })];
    await a.connect();
    await b.connect();
    try {
      await a.query("BEGIN");
      await b.query("BEGIN");
      await a.query(INSERT_SAMPLES, [jsonbText(Array.from({ length: 5 }, (_, i) => sample("raced", 5, i)))]);
      // b's insert overlaps a's open transaction: its pruning must wait for a, then see a's rows.
      const second = b.query(INSERT_SAMPLES, [jsonbText(Array.from({ length: 5 }, (_, i) => sample("raced", 5, 100 + i)))]);
      await new Promise((r) => setTimeout(r, 200));
      await a.query("COMMIT");
      await second;
      await b.query("COMMIT");
    } finally {
      await a.end();
      await b.end();
    }
    expect(await stored("raced")).toBe(5);
  });

  it("holds each router's bound when several writers insert at once", async () => {
    const writers = Array.from({ length: 4 }, () => new DisagreementWriter({ databaseUrl: t.db.url, metrics: new GatewayMetrics(), log: () => {}, batchSize: 7 }));
    let i = 0;
    for (let round = 0; round < 6; round++) for (const w of writers) for (let k = 0; k < 7; k++) w.offer(sample("raced", 5, i++));
    await Promise.all(writers.map((w) => w.flush()));
    await Promise.all(writers.map((w) => w.close()));
    expect(await stored("raced")).toBe(5);
  });

  it("stores text PostgreSQL would refuse (NUL, lone surrogates) as U+FFFD", async () => {
    const metrics = new GatewayMetrics();
    const writer = new DisagreementWriter({ databaseUrl: t.db.url, metrics, log: () => {} });
    writer.offer(sample("raced", 5, 1000));
    await writer.close();
    expect(await metricValue({ metrics } as Gateway, METRIC.disagreementSamples, { result: "stored" })).toBe(1);
    const [latest] = (await api.get(`${P}/routers/raced/shadow-disagreements?limit=1`)).body.items;
    expect(latest.request.body).toBe("nul \ufffd and lone \ufffd surrogate");
  });

  it("drops and counts samples when the database is away, for a router that is gone, and beyond its queue", async () => {
    const metrics = new GatewayMetrics();
    const logs: string[] = [];
    const away = new DisagreementWriter({ databaseUrl: `postgresql://nobody@127.0.0.1:${await closedPort()}/none`, metrics, log: (l) => logs.push(l), connectTimeoutMs: 500, maxQueued: 3 });
    for (let k = 0; k < 5; k++) away.offer(sample("raced", 5, k));
    await away.flush();
    await away.close();
    const count = (result: string) => metricValue({ metrics } as Gateway, METRIC.disagreementSamples, { result });
    expect(await count("dropped_database")).toBe(3);
    expect(await count("dropped_queue_full")).toBe(2);
    expect(logs.join("\n")).toContain("could not store 3 shadow disagreement(s)");

    const none = new DisagreementWriter({ databaseUrl: null, metrics, log: () => {} });
    none.offer(sample("raced", 5, 1));
    expect(await count("dropped_no_database")).toBe(1);

    const gone = new DisagreementWriter({ databaseUrl: t.db.url, metrics, log: () => {} });
    gone.offer(sample("no-such-router", 5, 1));
    await gone.close();
    expect(await count("dropped_router_gone")).toBe(1);
  });
});
