/**
 * The gateway's configuration against a real PostgreSQL: deploys through LISTEN/NOTIFY, the
 * revision poll, resync after a lost connection, refused versions, the cache file, and
 * database outages under load.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres, withDatabase } from "@/lib/db/embedded";
import { ensureDatabase, migrate } from "@/lib/db/migrate";
import { createProject } from "@/lib/projects/repo";
import type { RouterDocumentInput } from "@/lib/router/document";
import { saveRouterDocument } from "@/lib/routers/document-repo";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";
import { DEPLOY_CHANNEL as REPO_DEPLOY_CHANNEL, deployRouter } from "@/lib/versions/repo";
import { DEPLOY_CHANNEL } from "./config-queries";
import { startGateway, type Gateway, type GatewayOptions } from "./gateway";
import { METRIC } from "./metrics";
import { answerWith, closedPort, startBackend, type Backend } from "./test-support/backends";
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
  dir = await mkdtemp(path.join(os.tmpdir(), "turnout-gateway-db-"));
});

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await Promise.all([blue.close(), green.close(), client.close()]);
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

function document(name: string, split: { route: string; weight: number }[], strategy: "random" | "sticky" = "random"): RouterDocumentInput {
  return {
    name,
    settings: { missingKey: "reject", seed: name },
    routes: [
      { name: "blue", url: blue.url, timeoutMs: 2000 },
      { name: "green", url: green.url, timeoutMs: 2000 },
    ],
    defaultRule: { strategy, split, shadows: [] },
  };
}

async function deploy(db: Db, project: string, doc: RouterDocumentInput): Promise<number> {
  await saveRouterDocument(db, project, doc);
  return (await deployRouter(db, project, doc.name, { message: "test", author: "test" })).number;
}

async function gateway(options: Partial<GatewayOptions> & { cacheFile: string }): Promise<{ gateway: Gateway; url: string; logs: string[] }> {
  const logs: string[] = [];
  const g = await startGateway({ databaseUrl: database.url, pollIntervalMs: 60_000, log: (line) => logs.push(line), ...options });
  gateways.push(g);
  return { gateway: g, url: `http://127.0.0.1:${await g.listen(0)}`, logs };
}

/** Makes an invalid document the router's active version, as only a direct write to the database can. */
async function activateInvalidVersion(router: string, number: number): Promise<void> {
  await database.prisma.$executeRawUnsafe(`
    WITH bad AS (
      INSERT INTO versions (id, "routerId", number, document, author)
      SELECT gen_random_uuid(), id, ${number}, '{"name": "Not A Slug", "routes": [{"name": "x", "url": "ftp://nope"}]}'::jsonb, 'test' FROM routers WHERE name = '${router}'
      RETURNING id, "routerId")
    UPDATE routers SET "activeVersionId" = bad.id FROM bad WHERE routers.id = bad."routerId"`);
}

async function versionServed(url: string, headers: Record<string, string> = {}): Promise<string | undefined> {
  const reply = await client.send(url, { headers });
  return reply.headers["x-turnout-version"] as string | undefined;
}

describe("configuration from the database", () => {
  it("listens on the channel deployRouter notifies", () => {
    expect(DEPLOY_CHANNEL).toBe(REPO_DEPLOY_CHANNEL);
  });

  it("serves every active version at start, and a deploy within 2 s", async () => {
    const first = await deploy(database.prisma, projectId, document("deploys", [{ route: "blue", weight: 100 }]));
    const { gateway: g, url } = await gateway({ cacheFile: path.join(dir, "deploys.json") });
    const target = `${url}/acme/deploys/x`;
    expect(await versionServed(target)).toBe(String(first));

    const second = await deploy(database.prisma, projectId, document("deploys", [{ route: "green", weight: 100 }]));
    const deployedAt = performance.now();
    const served = await eventually(async () => (await versionServed(target)) === String(second), 2_000, 10);
    expect(served).toBe(true);
    expect(performance.now() - deployedAt).toBeLessThan(2_000);
    expect((await client.send(target)).headers["x-turnout-route"]).toBe("green");
    expect(await metricValue(g, METRIC.configReloads, { trigger: "notify" })).toBeGreaterThanOrEqual(1);
  });

  it("picks up an activation nobody notified through the revision poll", async () => {
    const first = await deploy(database.prisma, projectId, document("polled", [{ route: "blue", weight: 100 }]));
    const second = await deploy(database.prisma, projectId, document("polled", [{ route: "green", weight: 100 }]));
    const { url } = await gateway({ cacheFile: path.join(dir, "polled.json"), pollIntervalMs: 100 });
    const target = `${url}/acme/polled/x`;
    expect(await versionServed(target)).toBe(String(second));
    // A rollback written straight to the table: no NOTIFY.
    await database.prisma.$executeRaw`UPDATE routers SET "activeVersionId" = (SELECT id FROM versions WHERE "routerId" = routers.id AND number = ${first}) WHERE name = 'polled'`;
    expect(await eventually(async () => (await versionServed(target)) === String(first), 3_000)).toBe(true);
  });

  it("resyncs fully after losing its LISTEN connection", async () => {
    const first = await deploy(database.prisma, projectId, document("resynced", [{ route: "blue", weight: 100 }]));
    const second = await deploy(database.prisma, projectId, document("resynced", [{ route: "green", weight: 100 }]));
    const { gateway: g, url, logs } = await gateway({ cacheFile: path.join(dir, "resynced.json") });
    const target = `${url}/acme/resynced/x`;
    expect(await versionServed(target)).toBe(String(second));
    // Cut the listener and change the active version in the same transaction: no NOTIFY, and
    // the poll is a minute away, so only the resync after reconnecting can find the change.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query("BEGIN");
      await admin.query(`UPDATE routers SET "activeVersionId" = (SELECT id FROM versions WHERE "routerId" = routers.id AND number = $1) WHERE name = 'resynced'`, [first]);
      const cut = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN ${DEPLOY_CHANNEL}' AND pid <> pg_backend_pid()`,
      );
      expect(cut.rowCount).toBeGreaterThanOrEqual(1);
      await admin.query("COMMIT");
    } finally {
      await admin.end();
    }
    expect(await eventually(async () => (await versionServed(target)) === String(first), 5_000)).toBe(true);
    expect(logs.some((l) => l.includes("lost the database connection"))).toBe(true);
    expect(await metricValue(g, METRIC.configReloads, { trigger: "reconnect" })).toBeGreaterThanOrEqual(1);
  });

  it("refuses a corrupt version and keeps serving the previous one", async () => {
    const good = await deploy(database.prisma, projectId, document("corrupt", [{ route: "blue", weight: 100 }]));
    const cacheFile = path.join(dir, "corrupt.json");
    const { gateway: g, url, logs } = await gateway({ cacheFile });
    const target = `${url}/acme/corrupt/x`;
    expect(await versionServed(target)).toBe(String(good));

    await database.prisma.$executeRawUnsafe(`
      WITH bad AS (
        INSERT INTO versions (id, "routerId", number, document, author)
        SELECT gen_random_uuid(), id, 99, '{"name": "Not A Slug", "routes": [{"name": "x", "url": "ftp://nope"}]}'::jsonb, 'test' FROM routers WHERE name = 'corrupt'
        RETURNING id, "routerId")
      UPDATE routers SET "activeVersionId" = bad.id FROM bad WHERE routers.id = bad."routerId"`);
    await database.prisma.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify({ project: "acme", router: "corrupt", version: 99 })})`;

    const labels = { project: "acme", router: "corrupt" };
    expect(await eventually(async () => (await metricValue(g, METRIC.configRejected, labels)) === 1, 2_000)).toBe(true);
    expect(logs.some((l) => l.includes("refused acme/corrupt version 99"))).toBe(true);
    expect(await metricValue(g, METRIC.lastKnownGood, { ...labels, from: "memory" })).toBe(1);
    const reply = await client.send(target);
    expect(reply.status).toBe(200);
    expect(reply.headers["x-turnout-version"]).toBe(String(good));
    const cached = JSON.parse(await readFile(cacheFile, "utf8")) as { routers: { router: string; version: number }[] };
    expect(cached.routers.find((r) => r.router === "corrupt")?.version).toBe(good);
  });

  it("keeps serving a router's last good version after a restart when its active version is refused", async () => {
    const good = await deploy(database.prisma, projectId, document("restarted", [{ route: "green", weight: 100 }]));
    const cacheFile = path.join(dir, "restarted.json");
    const before = await gateway({ cacheFile });
    expect(await versionServed(`${before.url}/acme/restarted/x`)).toBe(String(good));
    await before.gateway.close();

    // While no gateway runs, an invalid version becomes active (written with SQL: the API refuses it).
    await activateInvalidVersion("restarted", 77);
    const { gateway: g, url, logs } = await gateway({ cacheFile });
    const reply = await client.send(`${url}/acme/restarted/x`);
    expect(reply.status).toBe(200);
    expect(reply.headers["x-turnout-version"]).toBe(String(good));
    expect(reply.headers["x-turnout-route"]).toBe("green");
    const labels = { project: "acme", router: "restarted" };
    expect(await metricValue(g, METRIC.configRejected, labels)).toBe(1);
    expect(await metricValue(g, METRIC.lastKnownGood, { ...labels, from: "cache" })).toBe(1);
    expect(logs.some((l) => l.includes(`refused acme/restarted version 77`) && l.includes(`serving its last good version ${good} from the cache file`))).toBe(true);
    const health = JSON.parse((await client.send(`${url}/healthz`)).body) as { source: string; routers: { router: string; version: number; lastKnownGood?: unknown }[] };
    expect(health.source).toBe("database");
    expect(health.routers.find((r) => r.router === "restarted")).toEqual({ project: "acme", router: "restarted", version: good, lastKnownGood: { refusedVersion: 77, from: "cache" } });
    // The cache file still holds the good version, for the next restart.
    const cached = JSON.parse(await readFile(cacheFile, "utf8")) as { routers: { router: string; version: number }[] };
    expect(cached.routers.find((r) => r.router === "restarted")?.version).toBe(good);

    // Rolled back to the good version, the router is served from the database again, no longer marked.
    await database.prisma.$executeRaw`UPDATE routers SET "activeVersionId" = (SELECT id FROM versions WHERE "routerId" = routers.id AND number = ${good}) WHERE name = 'restarted'`;
    await database.prisma.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify({ project: "acme", router: "restarted", version: good })})`;
    expect(await eventually(async () => (await metricValue(g, METRIC.lastKnownGood, labels)) === 0, 2_000)).toBe(true);
    expect(await versionServed(`${url}/acme/restarted/x`)).toBe(String(good));
    expect(JSON.parse((await client.send(`${url}/healthz`)).body).routers.find((r: { router: string }) => r.router === "restarted")).toEqual({ project: "acme", router: "restarted", version: good });
  });

  it("serves nothing for a refused router the cache file does not hold", async () => {
    await deploy(database.prisma, projectId, document("uncached", [{ route: "blue", weight: 100 }]));
    await activateInvalidVersion("uncached", 55);
    const { gateway: g, url, logs } = await gateway({ cacheFile: path.join(dir, "uncached.json") });
    expect((await client.send(`${url}/acme/uncached/x`)).status).toBe(404);
    expect(logs.some((l) => l.includes("refused acme/uncached version 55") && l.includes("not serving this router"))).toBe(true);
    expect(await metricValue(g, METRIC.lastKnownGood, { router: "uncached" })).toBe(0);
  });

  it("keeps sticky keys on their route across two instances and a restart", async () => {
    await deploy(database.prisma, projectId, document("sticky", [{ route: "blue", weight: 50 }, { route: "green", weight: 50 }], "sticky"));
    const cacheFile = path.join(dir, "sticky.json");
    const keys = Array.from({ length: 100 }, (_, i) => `customer-${i}`);
    const routes = (url: string) =>
      client.many(keys.length, 8, async (i) => (await client.send(`${url}/acme/sticky/x`, { headers: { "x-shard-key": keys[i]! } })).headers["x-turnout-route"]);
    const a = await gateway({ cacheFile });
    const b = await gateway({ cacheFile });
    const first = await routes(a.url);
    expect(new Set(first)).toEqual(new Set(["blue", "green"]));
    expect(await routes(b.url)).toEqual(first);
    await a.gateway.close();
    const restarted = await gateway({ cacheFile });
    expect(await routes(restarted.url)).toEqual(first);
  });

  it("starts from the cache file while the database is unreachable", async () => {
    const version = await deploy(database.prisma, projectId, document("cached", [{ route: "green", weight: 100 }]));
    const cacheFile = path.join(dir, "cached.json");
    const online = await gateway({ cacheFile });
    expect(await versionServed(`${online.url}/acme/cached/x`)).toBe(String(version));
    await online.gateway.close();

    const unreachable = `postgresql://postgres:x@127.0.0.1:${await closedPort()}/turnout`;
    const { url, logs } = await gateway({ cacheFile, databaseUrl: unreachable, connectTimeoutMs: 500 });
    const reply = await client.send(`${url}/acme/cached/x`);
    expect(reply.status).toBe(200);
    expect(reply.headers["x-turnout-version"]).toBe(String(version));
    expect(reply.headers["x-turnout-route"]).toBe("green");
    const health = JSON.parse((await client.send(`${url}/healthz`)).body) as { source: string; database: string };
    expect(health).toMatchObject({ source: "cache", database: "disconnected" });
    expect(logs.some((l) => l.includes("database is unreachable"))).toBe(true);
  });
});

describe("a database that comes back", () => {
  it("serves nothing before the database is first reachable, then loads everything", async () => {
    const version = await deploy(database.prisma, projectId, document("late", [{ route: "blue", weight: 100 }]));
    // A TCP relay in front of PostgreSQL that refuses connections until opened.
    const real = new URL(database.url);
    let open = false;
    const relay = net.createServer((socket) => {
      if (!open) return socket.destroy();
      const upstream = net.connect(Number(real.port), real.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    try {
      const relayed = new URL(database.url);
      relayed.port = String((relay.address() as AddressInfo).port);
      const { url } = await gateway({ databaseUrl: relayed.toString(), cacheFile: path.join(dir, "late.json"), connectTimeoutMs: 500 });
      const health = await client.send(`${url}/healthz`);
      expect(health.status).toBe(503);
      expect((await client.send(`${url}/acme/late/x`)).status).toBe(404);
      open = true;
      expect(await eventually(async () => (await versionServed(`${url}/acme/late/x`)) === String(version), 20_000, 50)).toBe(true);
      expect((await client.send(`${url}/healthz`)).status).toBe(200);
    } finally {
      relay.close();
    }
  });
});

describe("a database outage under load", () => {
  it("fails no request when PostgreSQL stops", { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "turnout-gateway-pg-"));
    const server = await startEmbeddedPostgres(path.join(dataDir, "data"), { persistent: false });
    let stopped = false;
    let db: Db | undefined;
    try {
      await ensureDatabase(server.url, "turnout");
      const url = withDatabase(server.url, "turnout");
      await migrate(url);
      db = createPrisma(url);
      const project = (await createProject(db, { name: "acme" })).id;
      const version = await deploy(db, project, document("outage", [{ route: "blue", weight: 50 }, { route: "green", weight: 50 }]));
      const { gateway: g, url: gatewayUrl, logs } = await gateway({ databaseUrl: url, cacheFile: path.join(dataDir, "cache.json"), pollIntervalMs: 200 });
      await db.$disconnect();
      db = undefined;

      // Eight callers in a loop until 300 requests have been answered after PostgreSQL is gone
      // (bounded at 60 s); every answer must be a 200 from the version loaded before.
      const statuses = new Map<number, number>();
      let sent = 0;
      let afterStop = 0;
      const deadline = Date.now() + 60_000;
      const caller = async () => {
        while (afterStop < 300 && Date.now() < deadline) {
          const reply = await client.send(`${gatewayUrl}/acme/outage/x`);
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          expect(reply.headers["x-turnout-version"]).toBe(String(version));
          sent++;
          if (stopped) afterStop++;
        }
      };
      const load = Promise.all(Array.from({ length: 8 }, caller));
      expect(await eventually(() => sent >= 300, 20_000)).toBe(true);
      await server.stop();
      stopped = true;
      await load;
      expect(afterStop).toBeGreaterThanOrEqual(300);
      expect([...statuses]).toEqual([[200, sent]]);
      expect(await eventually(() => logs.some((l) => l.includes("lost the database connection")), 5_000)).toBe(true);
      expect(await metricValue(g, METRIC.databaseUp, {})).toBe(0);
    } finally {
      await db?.$disconnect();
      if (!stopped) await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
