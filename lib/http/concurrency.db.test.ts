import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRouter } from "@/lib/testing/api-fixtures";
import { startApiTest, type ApiTest, type Client } from "./test-client";

/**
 * Concurrent writers over HTTP: optimistic concurrency (one of two writers with the same
 * revision wins, the other gets 412 and loses nothing), unique names under a race, rule
 * reorders queued on the router row lock, and one deploy at a time per router.
 */

let t: ApiTest;
let api: Client;
let P: string;

beforeAll(async () => {
  t = await startApiTest();
  const project = await t.project("race");
  P = project.path;
  api = project.writer;
}, 60_000);
afterAll(async () => t?.close());

const statuses = (responses: { status: number }[]) => responses.map((r) => r.status).sort((a, b) => a - b);
const etag = (res: { headers: Headers }) => Number(JSON.parse(res.headers.get("etag")!));

describe("two writes with the same revision", () => {
  it("router draft: one succeeds, one gets 412, and the winner's change is what is stored", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("r-race"))).status).toBe(201);
    const R = `${P}/routers/r-race`;
    const rev = etag(await api.get(`${R}/config`));
    const updates = async () => (await api.get(`${P}/events?action=rule.update&limit=200`)).body.items.length;
    const updatesBefore = await updates();
    const a = { strategy: "random", split: [{ route: "stable", weight: 70 }, { route: "canary", weight: 30 }], shadows: [] };
    const b = { strategy: "sticky", split: [{ route: "stable", weight: 40 }, { route: "canary", weight: 60 }], shadows: [] };
    const [ra, rb] = await Promise.all([api.put(`${R}/default-rule`, a, { ifMatch: rev }), api.put(`${R}/default-rule`, b, { ifMatch: rev })]);
    expect(statuses([ra, rb])).toEqual([200, 412]);
    const winner = ra.status === 200 ? a : b;
    const loser = ra.status === 200 ? rb : ra;
    expect(loser.body).toMatchObject({ code: "stale_revision", expected: rev, current: rev + 1 });
    const now = await api.get(`${R}/default-rule`);
    expect(now.body).toEqual(winner);
    expect(etag(now)).toBe(rev + 1);
    // The loser re-reads and applies its change on top: nothing is lost.
    const retried = await api.put(`${R}/default-rule`, ra.status === 200 ? b : a, { ifMatch: etag(now) });
    expect(retried.status).toBe(200);
    // One audit row per applied change; none for the refused one.
    expect(await updates()).toBe(updatesBefore + 2);
  });

  it("whole config: one 200, one 412", async () => {
    const R = `${P}/routers/r-race/config`;
    const current = await api.get(R);
    const rev = etag(current);
    const docs = [1, 2].map((i) => ({ ...current.body, description: `writer ${i}` }));
    const results = await Promise.all(docs.map((d) => api.put(R, d, { ifMatch: rev })));
    expect(statuses(results)).toEqual([200, 412]);
    const stored = (await api.get(R)).body.description;
    expect(stored).toBe(results[0]!.status === 200 ? "writer 1" : "writer 2");
  });

  it("project and audience: one 200, one 412", async () => {
    const project = await t.admin.get(P);
    const p = await Promise.all(["a", "b"].map((d) => t.admin.patch(P, { description: d }, { ifMatch: etag(project) })));
    expect(statuses(p)).toEqual([200, 412]);
    expect((await t.admin.get(P)).body.description).toBe(p[0]!.status === 200 ? "a" : "b");

    const created = await api.post(`${P}/audiences`, { name: "race-aud", conditions: [{ source: "header", key: "x", operator: "present", values: [] }] });
    const a = await Promise.all(["a", "b"].map((d) => api.patch(`${P}/audiences/race-aud`, { description: d }, { ifMatch: etag(created) })));
    expect(statuses(a)).toEqual([200, 412]);
    expect((await api.get(`${P}/audiences/race-aud`)).body).toMatchObject({ revision: 2, description: a[0]!.status === 200 ? "a" : "b" });
  });
});

describe("reads racing writes", () => {
  it("see the draft before or after each edit, never a mix (every edit rewrites the draft rows)", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("r-read"))).status).toBe(201);
    const R = `${P}/routers/r-read`;
    const weights = Array.from({ length: 15 }, (_, i) => 10 + i);
    const writes = weights.map((w) => api.put(`${R}/default-rule`, { strategy: "sticky", split: [{ route: "stable", weight: 100 - w }, { route: "canary", weight: w }] }));
    const reads = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? api.get(`${R}/routes/canary`) : i % 3 === 1 ? api.get(R) : api.get(`${R}/config`)));
    const [w, r] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
    expect(w.map((x) => x.status)).toEqual(Array(15).fill(200));
    expect(r.map((x) => x.status), r.find((x) => x.status !== 200)?.text).toEqual(Array(30).fill(200));
    for (const x of r.filter((_, i) => i % 3 === 2)) {
      const split = x.body.defaultRule.split;
      expect(split).toHaveLength(2);
      expect([10, ...weights]).toContain(split[1].weight);
      expect(split[0].weight + split[1].weight).toBe(100);
    }
  });
});

describe("20 concurrent creates of one name", () => {
  const twenty = <T>(fn: () => Promise<T>) => Promise.all(Array.from({ length: 20 }, fn));

  it("routers: one 201, nineteen 409", async () => {
    const results = await twenty(() => api.post(`${P}/routers`, sampleRouter("same-router")));
    expect(statuses(results), JSON.stringify(results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.text))).toEqual([201, ...Array(19).fill(409)]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === "duplicate")).toBe(true);
    expect((await t.db.prisma.router.count({ where: { name: "same-router" } }))).toBe(1);
  });

  it("routes and rules in one router: one 201, nineteen 409", async () => {
    const R = `${P}/routers/same-router`;
    const routes = await twenty(() => api.post(`${R}/routes`, { name: "same-route", url: "http://127.0.0.1:9010" }));
    expect(statuses(routes)).toEqual([201, ...Array(19).fill(409)]);
    const rule = { name: "same-rule", conditions: [], strategy: "random", split: [{ route: "stable", weight: 100 }] };
    const rules = await twenty(() => api.post(`${R}/rules`, rule));
    expect(statuses(rules)).toEqual([201, ...Array(19).fill(409)]);
    const config = (await api.get(`${R}/config`)).body;
    expect(config.routes.filter((r: { name: string }) => r.name === "same-route")).toHaveLength(1);
    expect(config.rules.filter((r: { name: string }) => r.name === "same-rule")).toHaveLength(1);
  });

  it("audiences, projects and tokens: one 201, nineteen 409", async () => {
    const audiences = await twenty(() => api.post(`${P}/audiences`, { name: "same-aud", conditions: [{ source: "query", key: "q", operator: "present", values: [] }] }));
    expect(statuses(audiences)).toEqual([201, ...Array(19).fill(409)]);
    const projects = await twenty(() => t.admin.post("/api/v1/projects", { name: "same-project" }));
    expect(statuses(projects)).toEqual([201, ...Array(19).fill(409)]);
    const tokens = await twenty(() => t.admin.post(`${P}/tokens`, { name: "same-token", scope: "read" }));
    expect(statuses(tokens)).toEqual([201, ...Array(19).fill(409)]);
  });
});

describe("50 concurrent reorders without If-Match", () => {
  it("queue on the router lock: positions stay distinct and the last order wins whole", async () => {
    const names = ["r-a", "r-b", "r-c", "r-d", "r-e", "r-f"];
    const doc = sampleRouter("reorder");
    expect(
      (
        await api.post(`${P}/routers`, {
          ...doc,
          rules: names.map((name) => ({ name, conditions: [{ source: "header", key: `x-${name}`, operator: "present", values: [] }], strategy: "random", split: [{ route: "canary", weight: 100 }] })),
        })
      ).status,
    ).toBe(201);
    const shuffle = () => {
      const a = [...names];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a;
    };
    const orders = Array.from({ length: 50 }, shuffle);
    const results = await Promise.all(orders.map((order) => api.put(`${P}/routers/reorder/rules/order`, { order })));
    expect(results.map((r) => r.status), results.find((r) => r.status !== 200)?.text).toEqual(Array(50).fill(200));
    // Each answer is the order it set, and each write got its own revision.
    results.forEach((r, i) => expect(r.body.order).toEqual(orders[i]));
    expect(new Set(results.map(etag)).size).toBe(50);

    const final = (await api.get(`${P}/routers/reorder/rules`)).body.items.map((r: { name: string }) => r.name);
    const last = results.reduce((a, b) => (etag(a) > etag(b) ? a : b));
    expect(final).toEqual(last.body.order);
    expect(orders.map((o) => o.join())).toContain(final.join());

    const router = await t.db.prisma.router.findFirstOrThrow({ where: { name: "reorder" } });
    const rows = await t.db.prisma.rule.findMany({ where: { routerId: router.id, isDefault: false }, orderBy: { position: "asc" } });
    // Positions are sort keys with room between them (lib/routers/positions.ts): one per rule.
    expect(new Set(rows.map((r) => r.position)).size).toBe(names.length);
    expect(rows.map((r) => r.name)).toEqual(final);
    expect(await t.db.prisma.rule.count({ where: { routerId: router.id, isDefault: true } })).toBe(1);
  });
});

describe("two concurrent deploys of one router", () => {
  it("a deploy while another holds the router gets 409 at once; then the next one goes through", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("deploy-race"))).status).toBe(201);
    const router = await t.db.prisma.router.findFirstOrThrow({ where: { name: "deploy-race" } });
    // A deploy in flight: hold the router row lock in another transaction.
    const holder = new pg.Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT id FROM routers WHERE id = $1 FOR UPDATE`, [router.id]);
      const started = Date.now();
      const second = await api.post(`${P}/routers/deploy-race/deployments`, { message: "second" });
      expect(second.status, second.text).toBe(409);
      expect(second.body.code).toBe("deploy_in_progress");
      expect(second.headers.get("content-type")).toBe("application/problem+json");
      expect(Date.now() - started).toBeLessThan(5000);
      const rollback = await api.post(`${P}/routers/deploy-race/versions/1/rollback`, {});
      expect(rollback.status).toBe(409);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
    const first = await api.post(`${P}/routers/deploy-race/deployments`, { message: "first" });
    expect(first.status, first.text).toBe(201);
    expect(first.body.version).toBe(1);
  });

  it("several at once: each 201 or 409, version numbers consecutive", async () => {
    expect((await api.patch(`${P}/routers/deploy-race/routes/stable`, { timeoutMs: 1234 })).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => api.post(`${P}/routers/deploy-race/deployments`, { message: `burst ${i}` })));
    const codes = results.map((r) => r.status);
    expect(codes.every((s) => s === 201 || s === 409), JSON.stringify(results.map((r) => r.text))).toBe(true);
    // One deploys the changed draft; each other one found the router locked, or nothing left to deploy.
    expect(codes.filter((s) => s === 201)).toEqual([201]);
    expect(results.filter((r) => r.status === 409).every((r) => ["deploy_in_progress", "nothing_to_deploy"].includes(r.body.code))).toBe(true);
    const versions = (await api.get(`${P}/routers/deploy-race/versions?limit=200`)).body.items.map((v: { number: number }) => v.number);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => versions.length - i));
    expect(versions.length).toBe(1 + codes.filter((s) => s === 201).length);
  });
});
