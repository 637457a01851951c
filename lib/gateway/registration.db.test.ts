/**
 * A gateway's fleet registration against a real PostgreSQL: heartbeats, counters written only
 * when they change, registering again after being pruned or losing its connection, and a
 * database that is not there (the gateway serves on; a shutdown is not held up).
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CountersBuilder, type RouterCounters } from "@/lib/fleet/counters";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";
import { GatewayRegistration, type FleetReport } from "./registration";
import { closedPort } from "./test-support/backends";
import { eventually } from "./test-support/client";

let database: TestDatabase;
const registrations: GatewayRegistration[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(registrations.map((r) => r.stop()));
  await database.drop();
});

function register(report: () => FleetReport, databaseUrl = database.url, logs: string[] = []): GatewayRegistration {
  const r = new GatewayRegistration({ databaseUrl, id: randomUUID(), address: "127.0.0.1", port: 8080, metricsUrl: "http://127.0.0.1:9090/metrics", intervalMs: 100, connectTimeoutMs: 500, report, log: (line) => logs.push(line) });
  registrations.push(r);
  r.start();
  return r;
}

const counters = (n: number): RouterCounters => new CountersBuilder().request("default", "blue", "2xx", n).build();
const row = async (id: string) => (await database.prisma.gateway.findUnique({ where: { id } })) ?? null;
const snapshots = async (id: string) => database.prisma.gatewayCounters.count({ where: { gatewayId: id } });

describe("fleet registration", () => {
  it("registers, heartbeats, and writes a router's counters only when they change", async () => {
    let requests = 1;
    let served = { "acme/scorer": 3 };
    const r = register(() => ({ served, workers: 1, counters: new Map([["acme/scorer", counters(requests)]]) }));
    expect(await eventually(async () => (await snapshots(r.id)) === 1, 20_000)).toBe(true);
    const first = (await row(r.id))!;
    expect(first).toMatchObject({ address: "127.0.0.1", port: 8080, metricsUrl: "http://127.0.0.1:9090/metrics", workers: 1, heartbeatIntervalMs: 100, served: { "acme/scorer": 3 }, stoppedAt: null });
    expect(await eventually(async () => (await row(r.id))!.heartbeatAt > first.heartbeatAt, 20_000)).toBe(true);
    expect(await snapshots(r.id)).toBe(1);
    requests = 5;
    expect(await eventually(async () => (await snapshots(r.id)) === 2, 20_000)).toBe(true);
    served = { "acme/scorer": 4 };
    r.servedChanged();
    expect(await eventually(async () => ((await row(r.id))!.served as Record<string, number>)["acme/scorer"] === 4, 20_000)).toBe(true);
  });

  it("registers again when its row was pruned, and rewrites its counters", async () => {
    const r = register(() => ({ served: {}, workers: 2, counters: new Map([["acme/scorer", counters(7)]]) }));
    expect(await eventually(async () => (await snapshots(r.id)) === 1, 20_000)).toBe(true);
    await database.prisma.gateway.delete({ where: { id: r.id } });
    expect(await eventually(async () => (await row(r.id)) !== null && (await snapshots(r.id)) === 1, 20_000)).toBe(true);
    expect((await row(r.id))!.workers).toBe(2);
  });

  it("heartbeats on after its connection is cut", async () => {
    const r = register(() => ({ served: {}, workers: 1, counters: new Map() }));
    expect(await eventually(async () => (await row(r.id)) !== null, 20_000)).toBe(true);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%gateways%'`);
    await admin.end();
    const cut = new Date();
    expect(await eventually(async () => (await row(r.id))!.heartbeatAt > cut, 20_000)).toBe(true);
  });

  it("without a database, says so once, serves on, and stops within its budget", async () => {
    const logs: string[] = [];
    const r = register(() => ({ served: {}, workers: 1, counters: new Map() }), `postgresql://nobody@127.0.0.1:${await closedPort()}/none`, logs);
    expect(await eventually(() => logs.some((l) => l.startsWith("could not heartbeat")), 20_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(logs.filter((l) => l.startsWith("could not heartbeat"))).toHaveLength(1);
    const started = performance.now();
    await r.stop(300);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("marks a clean shutdown as stopped", async () => {
    const r = register(() => ({ served: {}, workers: 1, counters: new Map() }));
    expect(await eventually(async () => (await row(r.id)) !== null, 20_000)).toBe(true);
    await r.stop();
    expect((await row(r.id))!.stoppedAt).not.toBeNull();
  });
});
