import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayMetrics } from "@/lib/gateway/metrics";
import { closedPort } from "@/lib/gateway/test-support/backends";
import { PASSWORD, sampleRouter } from "@/lib/testing/api-fixtures";
import { client, expectProblem, startApiTest, type ApiTest, type Client } from "./test-client";

/**
 * Each resource over HTTP: create → read → update (the ETag moves) → delete → 404, with
 * the real handlers and PostgreSQL. The test client checks every successful answer against
 * its operation's declared response schema (app/api/v1/routes-index.ts).
 */

let t: ApiTest;
let P: string;
let api: Client;

beforeAll(async () => {
  t = await startApiTest();
  const project = await t.project("life");
  P = project.path;
  api = project.writer;
}, 60_000);
afterAll(async () => t?.close());

const etag = (res: { headers: Headers }) => res.headers.get("etag");

describe("projects", () => {
  it("create → read → update → delete → 404", async () => {
    const created = await t.admin.post("/api/v1/projects", { name: "p-one", displayName: "P one" });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("location")).toBe("/api/v1/projects/p-one");
    expect(etag(created)).toBe('"1"');
    expect(created.body).toMatchObject({ name: "p-one", displayName: "P one", revision: 1, role: "owner" });

    const read = await t.admin.get("/api/v1/projects/p-one");
    expect(read.status).toBe(200);
    expect(etag(read)).toBe('"1"');
    expect((await t.admin.get("/api/v1/projects")).body.items.map((p: { name: string }) => p.name)).toContain("p-one");

    const updated = await t.admin.patch("/api/v1/projects/p-one", { description: "changed" }, { ifMatch: 1 });
    expect(updated.status, updated.text).toBe(200);
    expect(etag(updated)).toBe('"2"');
    expect(updated.body.description).toBe("changed");
    expectProblem(await t.admin.patch("/api/v1/projects/p-one", { description: "lost" }, { ifMatch: 1 }), 412);
    expect((await t.admin.get("/api/v1/projects/p-one")).body.description).toBe("changed");

    expectProblem(await t.admin.del("/api/v1/projects/p-one", { ifMatch: 1 }), 412);
    expect((await t.admin.del("/api/v1/projects/p-one", { ifMatch: 2 })).status).toBe(204);
    expectProblem(await t.admin.get("/api/v1/projects/p-one"), 404);
    expectProblem(await t.admin.patch("/api/v1/projects/p-one", { description: "x" }), 404);
    expectProblem(await t.admin.del("/api/v1/projects/p-one"), 404);
  });

  it("a duplicate name is 409", async () => {
    expect((await t.admin.post("/api/v1/projects", { name: "p-dup" })).status).toBe(201);
    expectProblem(await t.admin.post("/api/v1/projects", { name: "p-dup" }), 409);
  });
});

describe("routers", () => {
  it("create → read → update → delete → 404", async () => {
    const created = await api.post(`${P}/routers`, sampleRouter("r-life"));
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("location")).toBe(`${P}/routers/r-life`);
    expect(etag(created)).toBe('"1"');
    expect(created.body).toMatchObject({ name: "r-life", revision: 1, activeVersion: null, undeployedChanges: true, routes: 2, rules: 1 });

    const read = await api.get(`${P}/routers/r-life`);
    expect(read.status).toBe(200);
    expect(etag(read)).toBe('"1"');

    const updated = await api.patch(`${P}/routers/r-life`, { description: "fraud model", settings: { strict: true } }, { ifMatch: 1 });
    expect(updated.status, updated.text).toBe(200);
    expect(etag(updated)).toBe('"2"');
    expect(updated.body).toMatchObject({ description: "fraud model", settings: { strict: true, missingKey: "reject" } });
    expectProblem(await api.patch(`${P}/routers/r-life`, { description: "lost" }, { ifMatch: 1 }), 412);
    expect((await api.get(`${P}/routers/r-life/config`)).body.description).toBe("fraud model");

    expectProblem(await api.del(`${P}/routers/r-life`, { ifMatch: 1 }), 412);
    expect((await api.del(`${P}/routers/r-life`, { ifMatch: 2 })).status).toBe(204);
    expectProblem(await api.get(`${P}/routers/r-life`), 404);
    expectProblem(await api.get(`${P}/routers/r-life/config`), 404);
    expectProblem(await api.patch(`${P}/routers/r-life`, { description: "x" }), 404);
    expectProblem(await api.del(`${P}/routers/r-life`), 404);
  });

  it("a router without a default rule sends everything to its first route", async () => {
    const created = await api.post(`${P}/routers`, { name: "r-nodefault", routes: [{ name: "only", url: "http://127.0.0.1:9001" }] });
    expect(created.status, created.text).toBe(201);
    expect((await api.get(`${P}/routers/r-nodefault/default-rule`)).body).toEqual({ strategy: "random", split: [{ route: "only", weight: 100 }], shadows: [] });
    expectProblem(await api.post(`${P}/routers`, { name: "r-empty" }), 422, "routes");
  });
});

describe("routes", () => {
  const R = () => `${P}/routers/r-routes`;
  beforeAll(async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("r-routes"))).status).toBe(201);
  });

  it("create → read → update → delete → 404", async () => {
    const list = await api.get(`${R()}/routes`);
    expect(list.body.items.map((r: { name: string }) => r.name)).toEqual(["stable", "canary"]);
    const rev = Number(JSON.parse(etag(list)!));

    const created = await api.post(`${R()}/routes`, { name: "mirror", url: "http://127.0.0.1:9003" });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({ name: "mirror", url: "http://127.0.0.1:9003", timeoutMs: 2000 });
    expect(etag(created)).toBe(`"${rev + 1}"`);

    const read = await api.get(`${R()}/routes/mirror`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: "mirror", usedBy: [] });
    expect((await api.get(`${R()}/routes/canary`)).body.usedBy).toEqual(["beta-users", "default"]);

    const updated = await api.patch(`${R()}/routes/mirror`, { timeoutMs: 500 }, { ifMatch: rev + 1 });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.timeoutMs).toBe(500);
    expect(etag(updated)).toBe(`"${rev + 2}"`);
    expectProblem(await api.patch(`${R()}/routes/mirror`, { timeoutMs: 700 }, { ifMatch: rev + 1 }), 412);

    expectProblem(await api.post(`${R()}/routes`, { name: "mirror", url: "http://127.0.0.1:9004" }), 409);
    expectProblem(await api.del(`${R()}/routes/canary`), 409);

    const deleted = await api.del(`${R()}/routes/mirror`, { ifMatch: rev + 2 });
    expect(deleted.status).toBe(204);
    expect(etag(deleted)).toBe(`"${rev + 3}"`);
    expectProblem(await api.get(`${R()}/routes/mirror`), 404);
    expectProblem(await api.patch(`${R()}/routes/mirror`, { timeoutMs: 1 }), 404);
    expectProblem(await api.del(`${R()}/routes/mirror`), 404);
  });
});

describe("rules, their order and the default rule", () => {
  const R = () => `${P}/routers/r-rules`;
  beforeAll(async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("r-rules"))).status).toBe(201);
  });

  const rule = (name: string, value: string) => ({
    name,
    conditions: [{ source: "query", key: "team", operator: "in", values: [value] }],
    strategy: "random",
    split: [{ route: "stable", weight: 50 }, { route: "canary", weight: 50 }],
  });

  it("create → read → update → delete → 404", async () => {
    const created = await api.post(`${R()}/rules`, { ...rule("team-a", "a"), position: 0 });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name: "team-a", shadows: [] });
    const rev = Number(JSON.parse(etag(created)!));

    const read = await api.get(`${R()}/rules/team-a`);
    expect(read.status).toBe(200);
    expect(read.body.position).toBe(0);
    expect((await api.get(`${R()}/rules`)).body.items.map((r: { name: string }) => r.name)).toEqual(["team-a", "beta-users"]);

    // Renamed and changed; it keeps its position.
    const updated = await api.put(`${R()}/rules/team-a`, rule("team-b", "b"), { ifMatch: rev });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.conditions[0].values).toEqual(["b"]);
    expect(etag(updated)).toBe(`"${rev + 1}"`);
    expectProblem(await api.get(`${R()}/rules/team-a`), 404);
    expect((await api.get(`${R()}/rules/team-b`)).body.position).toBe(0);
    expectProblem(await api.put(`${R()}/rules/team-b`, rule("team-c", "c"), { ifMatch: rev }), 412);
    expectProblem(await api.post(`${R()}/rules`, rule("team-b", "b")), 409);
    expectProblem(await api.post(`${R()}/rules`, { ...rule("team-z", "z"), position: 9 }), 422, "position");

    const deleted = await api.del(`${R()}/rules/team-b`, { ifMatch: rev + 1 });
    expect(deleted.status).toBe(204);
    expectProblem(await api.get(`${R()}/rules/team-b`), 404);
    expectProblem(await api.put(`${R()}/rules/team-b`, rule("team-b", "b")), 404);
    expectProblem(await api.del(`${R()}/rules/team-b`), 404);
  });

  it("reorders: every rule exactly once, the default rule stays last", async () => {
    for (const n of ["o-1", "o-2", "o-3"]) expect((await api.post(`${R()}/rules`, rule(n, n))).status).toBe(201);
    const before = await api.get(`${R()}/rules`);
    expect(before.body.items.map((r: { name: string }) => r.name)).toEqual(["beta-users", "o-1", "o-2", "o-3"]);
    const rev = Number(JSON.parse(etag(before)!));

    const order = ["o-3", "beta-users", "o-1", "o-2"];
    const res = await api.put(`${R()}/rules/order`, { order }, { ifMatch: rev });
    expect(res.status, res.text).toBe(200);
    expect(res.body.order).toEqual(order);
    expect(etag(res)).toBe(`"${rev + 1}"`);
    const after = await api.get(`${R()}/rules`);
    expect(after.body.items.map((r: { name: string }) => r.name)).toEqual(order);
    expect(after.body.defaultRule.split).toEqual(sampleRouter("x").defaultRule.split);
    expect((await api.get(`${R()}/rules/o-3`)).body.position).toBe(0);

    expectProblem(await api.put(`${R()}/rules/order`, { order }, { ifMatch: rev }), 412);
    expectProblem(await api.put(`${R()}/rules/order`, { order: order.slice(1) }), 422, "order");
    expectProblem(await api.put(`${R()}/rules/order`, { order: [...order, "nope"] }), 422, "order.4");
    expectProblem(await api.put(`${R()}/rules/order`, { order: [...order.slice(1), "o-1"] }), 422, "order.3");
  });

  it("reads and replaces the default rule; it cannot be deleted", async () => {
    const read = await api.get(`${R()}/default-rule`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ strategy: "sticky", split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [] });
    const rev = Number(JSON.parse(etag(read)!));
    const next = { strategy: "random", split: [{ route: "stable", weight: 33.33 }, { route: "canary", weight: 66.67 }], shadows: [{ route: "canary", percent: 5 }] };
    const updated = await api.put(`${R()}/default-rule`, next, { ifMatch: rev });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toEqual(next);
    expect(etag(updated)).toBe(`"${rev + 1}"`);
    expectProblem(await api.put(`${R()}/default-rule`, { ...next, strategy: "sticky" }, { ifMatch: rev }), 412);
    expect((await api.get(`${R()}/default-rule`)).body).toEqual(next);
    expect((await api.del(`${R()}/default-rule`)).status).toBe(405);
  });
});

describe("audiences", () => {
  const A = () => `${P}/audiences`;
  const conditions = [{ source: "header", key: "x-tier", operator: "in", values: ["gold"] }];

  it("create → read → update → delete → 404, refused while a rule uses it", async () => {
    const created = await api.post(A(), { name: "gold", description: "gold tier", conditions });
    expect(created.status, created.text).toBe(201);
    expect(etag(created)).toBe('"1"');
    expect(created.body).toMatchObject({ name: "gold", revision: 1, usedBy: [], conditions });

    const read = await api.get(`${A()}/gold`);
    expect(read.status).toBe(200);
    expect(etag(read)).toBe('"1"');

    // A rule may use a project audience by name, through the rules endpoint.
    expect((await api.post(`${P}/routers`, sampleRouter("r-aud"))).status).toBe(201);
    const ruled = await api.post(`${P}/routers/r-aud/rules`, {
      name: "gold-users",
      audience: "gold",
      conditions: [],
      strategy: "random",
      split: [{ route: "canary", weight: 100 }],
    });
    expect(ruled.status, ruled.text).toBe(201);
    expect((await api.get(`${A()}/gold`)).body.usedBy).toEqual([{ router: "r-aud", rule: "gold-users" }]);

    const moreConditions = [...conditions, { source: "query", key: "beta", operator: "present", values: [] }];
    const updated = await api.patch(`${A()}/gold`, { conditions: moreConditions }, { ifMatch: 1 });
    expect(updated.status, updated.text).toBe(200);
    expect(etag(updated)).toBe('"2"');
    expectProblem(await api.patch(`${A()}/gold`, { description: "lost" }, { ifMatch: 1 }), 412);
    // The router document carries the audience's new conditions.
    const config = await api.get(`${P}/routers/r-aud/config`);
    expect(config.body.audiences).toEqual([{ name: "gold", description: "gold tier", conditions: moreConditions }]);

    expectProblem(await api.del(`${A()}/gold`, { ifMatch: 2 }), 409);
    expect((await api.del(`${P}/routers/r-aud/rules/gold-users`)).status).toBe(204);
    expectProblem(await api.del(`${A()}/gold`, { ifMatch: 1 }), 412);
    expect((await api.del(`${A()}/gold`, { ifMatch: 2 })).status).toBe(204);
    expectProblem(await api.get(`${A()}/gold`), 404);
    expectProblem(await api.patch(`${A()}/gold`, { description: "x" }), 404);
    expectProblem(await api.del(`${A()}/gold`), 404);
  });

  it("a rule naming an audience that does not exist is refused with its path", async () => {
    const res = await api.post(`${P}/routers/r-aud/rules`, { name: "ghost", audience: "no-such", conditions: [], strategy: "random", split: [{ route: "canary", weight: 100 }] });
    expectProblem(res, 422, /audience/);
  });
});

describe("config", () => {
  it("GET → PUT with If-Match (428 without, 412 stale) → GET returns what was PUT", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("r-config"))).status).toBe(201);
    const C = `${P}/routers/r-config/config`;
    const read = await api.get(C);
    expect(read.status).toBe(200);
    expect(etag(read)).toBe('"1"');
    expect(read.body).toMatchObject({ name: "r-config", settings: { missingKey: "reject", strict: false }, routes: [{ name: "stable" }, { name: "canary" }] });

    const next = { ...read.body, description: "edited as a whole", routes: [...read.body.routes, { name: "extra", url: "http://127.0.0.1:9009", timeoutMs: 1000 }] };
    next.defaultRule = { ...next.defaultRule, split: [{ route: "stable", weight: 80 }, { route: "canary", weight: 10 }, { route: "extra", weight: 10 }] };
    expectProblem(await api.put(C, next), 428);
    expectProblem(await api.put(C, next, { ifMatch: "garbage" }), 400);
    expectProblem(await api.put(C, next, { ifMatch: 7 }), 412);
    const saved = await api.put(C, next, { ifMatch: 1 });
    expect(saved.status, saved.text).toBe(200);
    expect(etag(saved)).toBe('"2"');
    expect(saved.body).toEqual(next);
    expect((await api.get(C)).body).toEqual(next);
    // Weak and unquoted forms of the ETag are accepted too.
    expect((await api.put(C, next, { ifMatch: 'W/"2"' })).status).toBe(200);
    expectProblem(await api.put(C, { ...next, name: "other" }, { ifMatch: 3 }), 422, "name");
    expectProblem(await api.get(`${P}/routers/nope/config`), 404);
  });
});

describe("deployments and versions", () => {
  it("deploy → versions → diff → rollback; versions disappear with their router", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("r-ver"))).status).toBe(201);
    const V = `${P}/routers/r-ver`;
    const first = await api.post(`${V}/deployments`, { message: "first" });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toEqual({ version: 1 });
    expect(first.headers.get("location")).toBe(`${V}/versions/1`);

    const v1 = await api.get(`${V}/versions/1`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ number: 1, message: "first", author: "token:writer", active: true });
    expect(v1.body.document.defaultRule.slots).toBe("stable:9000,canary:1000");
    expect((await api.get(V)).body).toMatchObject({ activeVersion: 1, undeployedChanges: false });

    expect((await api.put(`${V}/default-rule`, { strategy: "sticky", split: [{ route: "stable", weight: 80 }, { route: "canary", weight: 20 }] })).status).toBe(200);
    expect((await api.get(V)).body.undeployedChanges).toBe(true);
    expect((await api.post(`${V}/deployments`, { message: "canary to 20 %" })).body).toEqual({ version: 2 });

    const diff = await api.get(`${V}/versions/2/diff?against=1`);
    expect(diff.status, diff.text).toBe(200);
    expect(diff.body).toMatchObject({ from: 1, to: 2 });
    expect(diff.body.diff.identical).toBe(false);
    expectProblem(await api.get(`${V}/versions/2/diff`), 400, "against");
    expectProblem(await api.get(`${V}/versions/2/diff?against=9`), 404);

    const rollback = await api.post(`${V}/versions/1/rollback`, {});
    expect(rollback.status, rollback.text).toBe(201);
    expect(rollback.body).toEqual({ version: 3, from: 1 });
    const v3 = await api.get(`${V}/versions/3`);
    expect(v3.body).toMatchObject({ active: true, message: "Rollback to version 1" });
    expect(v3.body.document).toEqual(v1.body.document);
    expect((await api.get(`${V}/versions/1`)).body.active).toBe(false);
    expectProblem(await api.post(`${V}/versions/9/rollback`, {}), 404);
    expectProblem(await api.get(`${V}/versions/9`), 404);
    expectProblem(await api.get(`${V}/versions/0`), 404);
    // Versions are immutable: there is nothing to update or delete.
    expect((await api.del(`${V}/versions/1`)).status).toBe(405);

    expect((await api.del(V)).status).toBe(204);
    expectProblem(await api.get(`${V}/versions`), 404);
    expectProblem(await api.get(`${V}/versions/1`), 404);
  });

  it("a draft with analysis errors is not deployed (422 with the findings)", async () => {
    const doc = sampleRouter("r-broken");
    expect((await api.post(`${P}/routers`, { ...doc, rules: [{ ...doc.rules[0]!, conditions: [{ source: "header", key: "x", operator: "regex", values: ["("] }] }] })).status).toBe(201);
    const res = await api.post(`${P}/routers/r-broken/deployments`, { message: "try" });
    expectProblem(res, 422);
    expect(res.body.code).toBe("analysis_errors");
    expect(res.body.findings.map((f: { code: string }) => f.code)).toContain("invalid_regex");
    expect((await api.get(`${P}/routers/r-broken/versions`)).body.items).toEqual([]);
  });
});

describe("tokens", () => {
  it("create → use → list → revoke → refused → name reusable", async () => {
    const created = await t.admin.post(`${P}/tokens`, { name: "ci-read", scope: "read" });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    expect(created.body).toMatchObject({ name: "ci-read", scope: "read", revokedAt: null });
    expect(created.body.token).toMatch(/^trn_/);
    const reader = t.admin.withHeaders({ authorization: `Bearer ${created.body.token}`, cookie: "" });

    expect((await reader.get(P)).status).toBe(200);
    expectProblem(await reader.post(`${P}/routers`, sampleRouter("r-by-reader")), 403);

    const list = await t.admin.get(`${P}/tokens`);
    const row = list.body.items.find((x: { name: string }) => x.name === "ci-read");
    expect(row).toMatchObject({ id: created.body.id, prefix: created.body.token.slice(0, 10), scope: "read" });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    expectProblem(await t.admin.post(`${P}/tokens`, { name: "ci-read", scope: "write" }), 409);
    expectProblem(await t.admin.post(`${P}/tokens`, { name: "ci-past", scope: "write", expiresAt: "2001-01-01T00:00:00Z" }), 422, "expiresAt");

    const revoked = await t.admin.del(`${P}/tokens/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await reader.get(P);
    expectProblem(refused, 401);
    expect(refused.body.detail).toMatch(/revoked/);
    expect((await t.admin.get(`${P}/tokens`)).body.items.find((x: { name: string }) => x.name === "ci-read").revokedAt).not.toBeNull();
    // The revoked token gives its name back; the old one stays listed as revoked and refused.
    const again = await t.admin.post(`${P}/tokens`, { name: "ci-read", scope: "read" });
    expect(again.status, again.text).toBe(201);
    expect((await t.admin.withHeaders({ authorization: `Bearer ${again.body.token}`, cookie: "" }).get(P)).status).toBe(200);
    expectProblem(await reader.get(P), 401);
    const named = (await t.admin.get(`${P}/tokens`)).body.items.filter((x: { name: string }) => x.name === "ci-read");
    expect(named.map((x: { revokedAt: string | null }) => x.revokedAt === null).sort()).toEqual([false, true]);
    expectProblem(await t.admin.post(`${P}/tokens`, { name: "ci-read", scope: "write" }), 409);
    expectProblem(await t.admin.del(`${P}/tokens/00000000-0000-4000-8000-000000000000`), 404);
    expectProblem(await t.admin.del(`${P}/tokens/not-a-uuid`), 404);
  });
});

describe("members", () => {
  it("add → list → change role → remove → 404", async () => {
    const user = await t.admin.post("/api/v1/users", { email: "Member@Example.com", password: "long enough" });
    expect(user.status, user.text).toBe(201);
    expect(user.body).toEqual({ email: "member@example.com", name: "member", role: "user", createdAt: expect.any(String), projects: 0 });

    const added = await t.admin.post(`${P}/members`, { email: "member@example.com", role: "viewer" });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({ email: "member@example.com", role: "viewer" });
    expect((await t.admin.get(`${P}/members`)).body.items.map((m: { email: string }) => m.email)).toContain("member@example.com");
    expectProblem(await t.admin.post(`${P}/members`, { email: "member@example.com", role: "editor" }), 409);
    expectProblem(await t.admin.post(`${P}/members`, { email: "nobody@example.com", role: "editor" }), 404);

    const M = `${P}/members/${encodeURIComponent("member@example.com")}`;
    const changed = await t.admin.patch(M, { role: "editor" });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.role).toBe("editor");

    expect((await t.admin.del(M)).status).toBe(204);
    expect((await t.admin.get(`${P}/members`)).body.items.map((m: { email: string }) => m.email)).not.toContain("member@example.com");
    expectProblem(await t.admin.patch(M, { role: "owner" }), 404);
    expectProblem(await t.admin.del(M), 404);

    expect((await t.admin.del("/api/v1/users/member%40example.com")).status).toBe(204);
    expectProblem(await t.admin.del("/api/v1/users/member%40example.com"), 404);
  });
});

describe("lists paginate with limit and cursor", () => {
  async function pages(path: string, limit: number): Promise<{ all: string[]; sizes: number[] }> {
    const all: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const sep = path.includes("?") ? "&" : "?";
      const res = await api.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status, res.text).toBe(200);
      sizes.push(res.body.items.length);
      all.push(...res.body.items.map((x: { name?: string; number?: number; id?: string }) => String(x.name ?? x.number ?? x.id)));
      cursor = res.body.nextCursor;
      if (cursor === null) return { all, sizes };
    }
    throw new Error("pagination did not end");
  }

  it("routers: by name", async () => {
    for (const n of ["pg-c", "pg-a", "pg-e", "pg-b", "pg-d"]) expect((await api.post(`${P}/routers`, sampleRouter(n))).status).toBe(201);
    const everything = (await api.get(`${P}/routers?limit=200`)).body.items.map((r: { name: string }) => r.name);
    expect(everything).toEqual([...everything].sort());
    const { all, sizes } = await pages(`${P}/routers`, 2);
    expect(all).toEqual(everything);
    expect(sizes.every((s) => s <= 2)).toBe(true);
    expect(all.filter((n) => n.startsWith("pg-"))).toEqual(["pg-a", "pg-b", "pg-c", "pg-d", "pg-e"]);
  });

  it("audiences: by name", async () => {
    for (const n of ["aud-3", "aud-1", "aud-5", "aud-2", "aud-4"]) {
      expect((await api.post(`${P}/audiences`, { name: n, conditions: [{ source: "query", key: n, operator: "present", values: [] }] })).status).toBe(201);
    }
    const { all } = await pages(`${P}/audiences`, 2);
    expect(all.filter((n) => n.startsWith("aud-"))).toEqual(["aud-1", "aud-2", "aud-3", "aud-4", "aud-5"]);
    expect(new Set(all).size).toBe(all.length);
  });

  it("versions: newest first", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("r-pages"))).status).toBe(201);
    for (let i = 1; i <= 5; i++) {
      // Each deploy needs a draft that differs from what runs.
      expect((await api.patch(`${P}/routers/r-pages/routes/stable`, { timeoutMs: 1000 + i })).status).toBe(200);
      expect((await api.post(`${P}/routers/r-pages/deployments`, { message: `deploy ${i}` })).status).toBe(201);
    }
    const { all, sizes } = await pages(`${P}/routers/r-pages/versions`, 2);
    expect(all).toEqual(["5", "4", "3", "2", "1"]);
    expect(sizes).toEqual([2, 2, 1]);
    expectProblem(await api.get(`${P}/routers/r-pages/versions?cursor=abc`), 400, "cursor");
  });

  it("events: newest first, filtered", async () => {
    const everything = (await api.get(`${P}/events?limit=200`)).body.items.map((e: { id: string }) => e.id);
    expect(everything.length).toBeGreaterThan(10);
    const { all } = await pages(`${P}/events`, 7);
    expect(all).toEqual(everything);
    expect(all.map(Number)).toEqual([...all.map(Number)].sort((a, b) => b - a));
    const deploys = await api.get(`${P}/events?action=router.deploy&limit=3`);
    expect(deploys.body.items).toHaveLength(3);
    expect(deploys.body.items.every((e: { action: string }) => e.action === "router.deploy")).toBe(true);
    expect(deploys.body.nextCursor).not.toBeNull();
  });

  it("refuses bad limits and cursors with 400 naming the parameter", async () => {
    expectProblem(await api.get(`${P}/routers?limit=0`), 400, "limit");
    expectProblem(await api.get(`${P}/routers?limit=201`), 400, "limit");
    expectProblem(await api.get(`${P}/audiences?limit=abc`), 400, "limit");
    expectProblem(await api.get(`${P}/events?cursor=xyz`), 400, "cursor");
    expectProblem(await api.get(`${P}/routers?unknown=1`), 400, "unknown");
  });
});

describe("session, user roles, live traffic and the OpenAPI document", () => {
  it("sign in → who am I → sign out; a token is a principal too", async () => {
    const anonymous = client(t.server.url, { origin: t.server.url });
    const signedIn = await anonymous.post("/api/v1/session", { email: "admin@example.com", password: PASSWORD });
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(signedIn.body).toEqual({ ok: true });
    const cookie = signedIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const session = anonymous.withHeaders({ cookie });

    expect((await session.get("/api/v1/session")).body).toMatchObject({ kind: "user", email: "admin@example.com", isAdmin: true });
    expect((await api.get("/api/v1/session")).body).toMatchObject({ kind: "token", name: "writer", projectName: "life", scope: "write" });
    expect((await session.del("/api/v1/session")).status).toBe(204);
    expectProblem(await session.get("/api/v1/session"), 401);
  });

  it("changes a user's global role", async () => {
    expect((await t.admin.post("/api/v1/users", { email: "ops@example.com", password: "long enough" })).status).toBe(201);
    const U = `/api/v1/users/${encodeURIComponent("ops@example.com")}`;
    const promoted = await t.admin.patch(U, { role: "admin" });
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.body).toMatchObject({ email: "ops@example.com", role: "admin", projects: 0 });
    expect((await t.admin.patch(U, { role: "user" })).body.role).toBe("user");
    expect((await t.admin.get("/api/v1/users")).body.items.map((u: { email: string }) => u.email)).toContain("ops@example.com");
    expect((await t.admin.del(U)).status).toBe(204);
  });

  it("reports the traffic the live gateways' heartbeats carry, or that Prometheus is unreachable", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("r-traffic"))).status).toBe(201);
    expect((await api.post(`${P}/routers/r-traffic/deployments`, { message: "live" })).status).toBe(201);
    const metrics = new GatewayMetrics();
    for (let i = 0; i < 9; i++) metrics.route("life", "r-traffic", "stable").request("default", 200, 0.01);
    metrics.route("life", "r-traffic", "canary").request("beta-users", 200, 0.01);
    // A live gateway's registration and one heartbeat's counters, as lib/gateway/registration.ts writes them.
    const gatewayId = randomUUID();
    await t.db.prisma.gateway.create({
      data: { id: gatewayId, host: "gw", address: "127.0.0.1", port: 8080, metricsUrl: "http://127.0.0.1:8080/metrics", pid: 1, turnoutVersion: "test", startedAt: new Date(), heartbeatIntervalMs: 60_000, served: { "life/r-traffic": 1 } },
    });
    await t.db.prisma.gatewayCounters.create({
      data: { gatewayId, project: "life", router: "r-traffic", at: new Date(), counters: metrics.countersByRouter().get("life/r-traffic")! as object },
    });
    const live = await api.get(`${P}/routers/r-traffic/traffic`);
    expect(live.status, live.text).toBe(200);
    expect(live.body).toMatchObject({ reachable: true, source: "heartbeats", gateways: 1, routed: 10 });
    expect(live.body.rules.find((r: { rule: string }) => r.rule === "default").routes).toEqual(
      expect.arrayContaining([expect.objectContaining({ route: "stable", configured: 90, requests: 9, actual: 100, errors: 0 })]),
    );
    expect((await api.get(`${P}/routers/r-traffic/gateways`)).body).toMatchObject({ activeVersion: 1, live: 1, serving: 1 });
    const previous = process.env.TURNOUT_PROMETHEUS_URL;
    try {
      process.env.TURNOUT_PROMETHEUS_URL = `http://127.0.0.1:${await closedPort()}`;
      const down = await api.get(`${P}/routers/r-traffic/traffic?window=5m`);
      expect(down.status, down.text).toBe(200);
      expect(down.body).toMatchObject({ reachable: false, source: "prometheus", window: "5m", error: expect.stringContaining("Prometheus") });
    } finally {
      if (previous === undefined) delete process.env.TURNOUT_PROMETHEUS_URL;
      else process.env.TURNOUT_PROMETHEUS_URL = previous;
      await t.db.prisma.gateway.delete({ where: { id: gatewayId } });
    }
  });

  it("serves the OpenAPI document to anyone", async () => {
    const res = await client(t.server.url).get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
  });
});
