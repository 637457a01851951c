/**
 * Recording request samples for replay: a real gateway, real backends and a real
 * PostgreSQL. What is stored matches what was sent (only the fields named), the cap and a
 * database outage drop and count samples without failing a request, and pruning keeps the
 * retention.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres, withDatabase } from "@/lib/db/embedded";
import { ensureDatabase, migrate } from "@/lib/db/migrate";
import { createProject } from "@/lib/projects/repo";
import type { RouterDocumentInput } from "@/lib/router/document";
import { saveRouterDocument } from "@/lib/routers/document-repo";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";
import { deployRouter } from "@/lib/versions/repo";
import { startGateway, type Gateway, type GatewayOptions } from "./gateway";
import { SAMPLE_METRIC } from "./sample-metrics";
import { answerWith, startBackend, type Backend } from "./test-support/backends";
import { eventually, TestClient } from "./test-support/client";
import { metricValue } from "./test-support/static-gateway";

const client = new TestClient();
let database: TestDatabase;
let projectId: string;
let blue: Backend;
let green: Backend;
let dir: string;
const gateways: Gateway[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  projectId = (await createProject(database.prisma, { name: "acme" })).id;
  blue = await startBackend(answerWith("blue"));
  green = await startBackend(answerWith("green"));
  dir = await mkdtemp(path.join(os.tmpdir(), "turnout-recording-"));
});

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await Promise.all([blue.close(), green.close(), client.close()]);
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

function document(name: string, settings: Record<string, unknown> = {}): RouterDocumentInput {
  return {
    name,
    settings: { seed: name, recordPercent: 100, recordMaxPerSecond: 100_000, ...settings },
    routes: [
      { name: "blue", url: blue.url, timeoutMs: 2000 },
      { name: "green", url: green.url, timeoutMs: 2000 },
    ],
    rules: [{ name: "gold", conditions: [{ source: "payload", key: "user.tier", operator: "in", values: ["gold"] }], strategy: "random", split: [{ route: "green", weight: 100 }], shadows: [] }],
    defaultRule: { strategy: "sticky", split: [{ route: "blue", weight: 50 }, { route: "green", weight: 50 }], shadows: [] },
  };
}

async function deploy(db: Db, project: string, doc: RouterDocumentInput): Promise<number> {
  await saveRouterDocument(db, project, doc);
  return (await deployRouter(db, project, doc.name, { message: "test", author: "test" })).number;
}

async function gateway(options: Partial<GatewayOptions> = {}): Promise<{ gateway: Gateway; url: string; logs: string[] }> {
  const logs: string[] = [];
  const g = await startGateway({ databaseUrl: database.url, cacheFile: path.join(dir, `cache-${gateways.length}.json`), pollIntervalMs: 60_000, log: (l) => logs.push(l), ...options });
  gateways.push(g);
  return { gateway: g, url: `http://127.0.0.1:${await g.listen(0)}`, logs };
}

async function dropped(g: Gateway, router: string): Promise<number> {
  return metricValue(g, SAMPLE_METRIC.dropped, { project: "acme", router });
}

describe("recording at 100 %", () => {
  it("stores one sample per request, holding only the fields the version reads and recordFields", async () => {
    const version = await deploy(database.prisma, projectId, document("recorded", { recordFields: [{ source: "query", key: "debug" }] }));
    const { gateway: g, url } = await gateway();
    const sent = await client.many(120, 8, async (i) => {
      const tier = i % 3 === 0 ? "gold" : "basic";
      const reply = await client.send(`${url}/acme/recorded/predict?debug=on&token=secret-${i}`, {
        headers: { "content-type": "application/json", "x-shard-key": `key-${i}`, authorization: "Bearer secret", "x-other": "o" },
        body: JSON.stringify({ user: { tier, email: `person-${i}@example.com` }, prompt: "private text" }),
      });
      expect(reply.status).toBe(200);
      return { key: `key-${i}`, tier, route: reply.headers["x-turnout-route"], rule: reply.headers["x-turnout-rule"] };
    });
    const stored = async () => (await metricValue(g, SAMPLE_METRIC.recorded, { project: "acme", router: "recorded" })) + (await dropped(g, "recorded"));
    expect(await eventually(async () => (await g.samples!.flush(), (await stored()) === sent.length), 10_000, 50)).toBe(true);
    expect(await dropped(g, "recorded")).toBe(0);
    expect(await metricValue(g, SAMPLE_METRIC.recorded, { project: "acme", router: "recorded" })).toBe(sent.length);

    const routerId = (await database.prisma.router.findFirstOrThrow({ where: { name: "recorded" } })).id;
    const rows = await database.prisma.requestSample.findMany({ where: { routerId }, orderBy: { id: "asc" } });
    for (const row of rows) {
      const request = row.request as { headers: Record<string, string>; query: Record<string, string>; body: { user: Record<string, string> } };
      expect(Object.keys(request).sort()).toEqual(["body", "headers", "query"]);
      expect(request.headers).toEqual({ "x-shard-key": expect.stringMatching(/^key-\d+$/) });
      // The sticky key is kept when the decision used it (the default rule), not for the random gold rule.
      expect(row.key).toBe(row.rule === "default" ? request.headers["x-shard-key"] : null);
      expect(request.query).toEqual({ debug: "on" });
      expect(Object.keys(request.body)).toEqual(["user"]);
      expect(Object.keys(request.body.user)).toEqual(["tier"]);
      expect(row).toMatchObject({ version, status: 200, rate: 1 });
    }
    const seen = rows.map((r) => ({ key: (r.request as { headers: Record<string, string> }).headers["x-shard-key"], tier: (r.request as { body: { user: { tier: string } } }).body.user.tier, route: r.route, rule: r.rule })).sort((a, b) => a.key!.localeCompare(b.key!));
    expect(seen).toEqual(sent.sort((a, b) => a.key.localeCompare(b.key)));
    // The counts the console shows, written by the gateway next to the samples.
    expect(await eventually(async () => (await database.prisma.sampleCount.findMany({ where: { routerId } })).some((c) => c.outcome === "recorded" && Number(c.count) === sent.length), 5_000)).toBe(true);
    expect((await database.prisma.sampleCount.findMany({ where: { routerId } })).map((c) => c.outcome)).toEqual(["recorded"]);
  });

  it("drops and counts what goes over recordMaxPerSecond", async () => {
    await deploy(database.prisma, projectId, document("capped", { recordMaxPerSecond: 5 }));
    const { gateway: g, url } = await gateway();
    const routerId = (await database.prisma.router.findFirstOrThrow({ where: { name: "capped" } })).id;
    const started = Date.now();
    await client.many(60, 8, async (i) => expect((await client.send(`${url}/acme/capped/x`, { headers: { "x-shard-key": `k${i}` } })).status).toBe(200));
    const seconds = Math.ceil((Date.now() - started) / 1000) + 1;
    const rateLimited = () => metricValue(g, SAMPLE_METRIC.dropped, { project: "acme", router: "capped", reason: "rate_limit" });
    const recorded = () => metricValue(g, SAMPLE_METRIC.recorded, { project: "acme", router: "capped" });
    expect(await eventually(async () => (await g.samples!.flush(), (await recorded()) + (await rateLimited()) === 60), 10_000, 50)).toBe(true);
    expect(await recorded()).toBeLessThanOrEqual(5 * seconds);
    expect(await rateLimited()).toBeGreaterThanOrEqual(60 - 5 * seconds);
    expect(await database.prisma.requestSample.count({ where: { routerId } })).toBe(await recorded());
  });
});

describe("a database outage while recording", () => {
  it("fails no request, and counts every sample it could not store", { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "turnout-recording-pg-"));
    const server = await startEmbeddedPostgres(path.join(dataDir, "data"), { persistent: false });
    let stopped = false;
    let db: Db | undefined;
    try {
      await ensureDatabase(server.url, "turnout");
      const url = withDatabase(server.url, "turnout");
      await migrate(url);
      db = createPrisma(url);
      const project = (await createProject(db, { name: "acme" })).id;
      await deploy(db, project, document("outage"));
      const { gateway: g, url: gatewayUrl, logs } = await gateway({ databaseUrl: url, pollIntervalMs: 200 });
      await db.$disconnect();
      db = undefined;

      const statuses = new Map<number, number>();
      let sent = 0;
      let afterStop = 0;
      const deadline = Date.now() + 60_000;
      const caller = async (n: number) => {
        while (afterStop < 300 && Date.now() < deadline) {
          const reply = await client.send(`${gatewayUrl}/acme/outage/x`, { headers: { "x-shard-key": `caller-${n}-${sent}` } });
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          sent++;
          if (stopped) afterStop++;
        }
      };
      const load = Promise.all(Array.from({ length: 8 }, (_, n) => caller(n)));
      expect(await eventually(() => sent >= 300, 20_000)).toBe(true);
      await server.stop();
      stopped = true;
      await load;
      expect(afterStop).toBeGreaterThanOrEqual(300);
      expect([...statuses]).toEqual([[200, sent]]);

      const labels = { project: "acme", router: "outage" };
      const accounted = async () => (await metricValue(g, SAMPLE_METRIC.recorded, labels)) + (await metricValue(g, SAMPLE_METRIC.dropped, labels));
      expect(await eventually(async () => (await g.samples!.flush(), (await accounted()) === sent), 30_000, 100)).toBe(true);
      expect(await metricValue(g, SAMPLE_METRIC.dropped, { ...labels, reason: "database" })).toBeGreaterThanOrEqual(300);
      expect(await metricValue(g, SAMPLE_METRIC.recorded, labels)).toBeGreaterThan(0);
      expect(logs.some((l) => l.includes("could not store"))).toBe(true);
    } finally {
      await db?.$disconnect();
      if (!stopped) await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("pruning", () => {
  it("deletes samples past the retention, beyond the newest per router, and of deleted routers", async () => {
    await deploy(database.prisma, projectId, document("pruned"));
    const router = await database.prisma.router.findFirstOrThrow({ where: { name: "pruned" } });
    const insert = (routerId: string, daysAgo: number, n: number) =>
      database.prisma.$executeRaw`
        INSERT INTO request_samples ("routerId", "version", "at", "status", "rate", "request")
        SELECT ${routerId}::uuid, 1, now() - make_interval(days => ${daysAgo}) + make_interval(secs => g), 200, 1, '{}'::jsonb FROM generate_series(1, ${n}) g`;
    await insert(router.id, 10, 10);
    await insert(router.id, 0, 20);
    await insert("00000000-0000-4000-8000-000000000001", 0, 5);
    const { gateway: g } = await gateway({ sampleRetentionDays: 7, sampleMaxPerRouter: 15, samplePruneIntervalMs: 3_600_000 });
    expect(await g.pruner!.prune()).toBeGreaterThanOrEqual(20);
    const left = await database.prisma.requestSample.findMany({ where: { routerId: { in: [router.id, "00000000-0000-4000-8000-000000000001"] } }, orderBy: { at: "asc" } });
    expect(left).toHaveLength(15);
    expect(left.every((s) => s.routerId === router.id && s.at.getTime() > Date.now() - 86_400_000)).toBe(true);
    expect(await g.pruner!.prune()).toBe(0);
  });
});
