import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRouter } from "@/lib/testing/api-fixtures";
import { client, expectProblem, startApiTest, type ApiTest, type Client } from "./test-client";

/**
 * Discarding the draft (POST …/draft/reset), the audit log's router filter, and the backfill
 * that names the router of rule and route events written before events carried it.
 */

let t: ApiTest;
let P: string;
let api: Client;

beforeAll(async () => {
  t = await startApiTest();
  const project = await t.project("resets");
  P = project.path;
  api = project.writer;
}, 60_000);
afterAll(async () => t?.close());

const etag = (res: { headers: Headers }) => res.headers.get("etag");

async function deployedRouter(name: string) {
  expect((await api.post(`${P}/routers`, sampleRouter(name))).status).toBe(201);
  expect((await api.post(`${P}/routers/${name}/deployments`, { message: "v1" })).status).toBe(201);
  const R = `${P}/routers/${name}`;
  // v2: a second rule; then the draft moves on (a weight change and a new route).
  expect((await api.post(`${R}/rules`, { name: "gold", conditions: [{ source: "header", key: "x-tier", operator: "in", values: ["gold"] }], strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [] })).status).toBe(201);
  expect((await api.post(`${R}/deployments`, { message: "v2" })).status).toBe(201);
  expect((await api.post(`${R}/routes`, { name: "next", url: "http://127.0.0.1:9003" })).status).toBe(201);
  expect((await api.put(`${R}/default-rule`, { strategy: "sticky", split: [{ route: "stable", weight: 50 }, { route: "canary", weight: 50 }], shadows: [] })).status).toBe(200);
  return R;
}

describe("discarding the draft", () => {
  it("a dry run shows the diff back to the active version and writes nothing", async () => {
    const R = await deployedRouter("dry");
    const before = await api.get(`${R}/config`);
    const res = await api.post(`${R}/draft/reset`, { dryRun: true });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ version: 2, applied: false });
    expect(res.body.diff.routes.removed.map((r: { name: string }) => r.name)).toEqual(["next"]);
    expect(res.body.diff.defaultRule).not.toBeNull();
    expect(res.body.document.routes.map((r: { name: string }) => r.name)).toEqual(["stable", "canary"]);
    expect(etag(res)).toBe(etag(before));
    expect((await api.get(`${R}/config`)).body).toEqual(before.body);
  });

  it("resets to the active version in one audited write: revision bumped, nothing left to deploy", async () => {
    const R = await deployedRouter("active");
    const rev = Number(etag(await api.get(`${R}/config`))!.replace(/"/g, ""));
    const res = await api.post(`${R}/draft/reset`, {}, { ifMatch: rev });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ version: 2, applied: true });
    expect(etag(res)).toBe(`"${rev + 1}"`);
    expect((await api.get(R)).body).toMatchObject({ undeployedChanges: false, activeVersion: 2, versions: 2 });
    const active = (await api.get(`${R}/versions/2`)).body.document;
    const { slots: _a, ...activeDefault } = active.defaultRule;
    const { slots: _b, ...draftDefault } = res.body.document.defaultRule;
    expect(draftDefault).toEqual(activeDefault);
    expectProblem(await api.post(`${R}/deployments`, { message: "nothing" }), 409);

    const events = await t.admin.get(`${P}/events?router=active&action=router.draft.reset`);
    expect(events.body.items).toHaveLength(1);
    const [event] = events.body.items;
    expect(event).toMatchObject({ targetType: "router", targetName: "active", router: "active" });
    expect(event.before.routes.map((r: { name: string }) => r.name)).toContain("next");
    expect(event.after.routes.map((r: { name: string }) => r.name)).not.toContain("next");

    // Again: already equal, so nothing is written and the revision stays.
    const again = await api.post(`${R}/draft/reset`, {});
    expect(again.body.applied).toBe(false);
    expect(etag(again)).toBe(`"${rev + 1}"`);
    expect((await t.admin.get(`${P}/events?router=active&action=router.draft.reset`)).body.items).toHaveLength(1);
  });

  it("resets to any version, refuses a stale If-Match, an unknown version and a router never deployed", async () => {
    const R = await deployedRouter("anyv");
    const rev = Number(etag(await api.get(`${R}/config`))!.replace(/"/g, ""));
    expectProblem(await api.post(`${R}/draft/reset`, { version: 1 }, { ifMatch: rev - 1 }), 412);
    expect((await api.get(`${R}/config`)).body.routes).toHaveLength(3);
    expectProblem(await api.post(`${R}/draft/reset`, { version: 9 }), 404);
    expectProblem(await api.post(`${R}/draft/reset`, { version: 0 }), 422, "version");
    expectProblem(await api.post(`${R}/draft/reset`, { version: 1, extra: true }), 422);

    const res = await api.post(`${R}/draft/reset`, { version: 1 }, { ifMatch: rev });
    expect(res.status, res.text).toBe(200);
    expect(res.body.document.rules.map((r: { name: string }) => r.name)).toEqual(["beta-users"]);
    expect((await api.get(R)).body.undeployedChanges).toBe(true);

    expect((await api.post(`${P}/routers`, sampleRouter("fresh"))).status).toBe(201);
    const never = await api.post(`${P}/routers/fresh/draft/reset`, {});
    expectProblem(never, 409);
    expect(never.body.code).toBe("not_deployed");
  });

  it("keeps the project's current definition of a shared audience", async () => {
    expect((await api.post(`${P}/audiences`, { name: "vip", conditions: [{ source: "header", key: "x-vip", operator: "present", values: [] }] })).status).toBe(201);
    expect((await api.post(`${P}/routers`, { ...sampleRouter("aud"), rules: [{ ...sampleRouter("aud").rules[0]!, audience: "vip" }] })).status).toBe(201);
    expect((await api.post(`${P}/routers/aud/deployments`, { message: "v1" })).status).toBe(201);
    expect((await api.patch(`${P}/audiences/vip`, { conditions: [{ source: "header", key: "x-vip", operator: "in", values: ["yes"] }] })).status).toBe(200);
    expect((await api.post(`${P}/routers/aud/routes`, { name: "extra", url: "http://127.0.0.1:9009" })).status).toBe(201);
    const res = await api.post(`${P}/routers/aud/draft/reset`, {});
    expect(res.status, res.text).toBe(200);
    expect(res.body.document.audiences[0].conditions[0]).toMatchObject({ operator: "in", values: ["yes"] });
  });

  it("viewers may not reset; they may simulate", async () => {
    await t.admin.post("/api/v1/users", { email: "watcher@example.com", password: "password-123" });
    await t.admin.post(`${P}/members`, { email: "watcher@example.com", role: "viewer" });
    const { signIn } = await import("@/lib/testing/api-fixtures");
    const viewer = client(t.server.url, { cookie: await signIn(t.server.url, "watcher@example.com", "password-123"), origin: t.server.url });
    expectProblem(await viewer.post(`${P}/routers/dry/draft/reset`, {}), 403);
    const sim = await viewer.post(`${P}/routers/dry/simulate`, { request: { headers: { "x-beta": "1" } } });
    expect(sim.status, sim.text).toBe(200);
    expect(sim.body.decision.route).toBe("canary");
  });
});

describe("the audit log by router", () => {
  it("filters every rule, route and split event of one router, not a router of a similar name", async () => {
    const R = await deployedRouter("filter");
    await deployedRouter("filter-two");
    expect((await api.del(`${R}/rules/gold`)).status).toBe(204);
    const res = await t.admin.get(`${P}/events?router=filter&limit=200`);
    expect(res.status, res.text).toBe(200);
    const items = res.body.items as { router: string; targetType: string; action: string }[];
    expect(new Set(items.map((e) => e.router))).toEqual(new Set(["filter"]));
    expect(new Set(items.map((e) => e.targetType))).toEqual(new Set(["router", "rule", "route"]));
    expect(items.map((e) => e.action)).toEqual(expect.arrayContaining(["rule.create", "rule.delete", "route.create", "rule.update", "router.deploy"]));
  });

  it("the backfill names the router of older rule and route events when one router can be meant", async () => {
    const db = t.db.prisma;
    const project = await db.project.findUniqueOrThrow({ where: { name: "resets" } });
    const old = (targetType: string, targetName: string) =>
      db.auditEvent.create({ data: { projectId: project.id, actor: "past", action: `${targetType}.update`, targetType, targetName } });
    const goldRule = await old("rule", "beta-users"); // in every router of the project: ambiguous
    expect((await api.post(`${P}/routers/filter-two/routes`, { name: "solo", url: "http://127.0.0.1:9004" })).status).toBe(201);
    const soloRoute = await old("route", "solo"); // only router "filter-two" has it
    const goneRule = await old("rule", "no-such-rule");
    const sql = await readFile(path.resolve(import.meta.dirname, "../../prisma/migrations/20261210000000_audit_router_backfill/migration.sql"), "utf8");
    await db.$executeRawUnsafe(sql.slice(0, sql.indexOf("-- The log's router filter.")));
    const after = async (id: bigint) => (await db.auditEvent.findUniqueOrThrow({ where: { id } })).routerName;
    expect(await after(soloRoute.id)).toBe("filter-two");
    expect(await after(goldRule.id)).toBeNull();
    expect(await after(goneRule.id)).toBeNull();
  });
});
