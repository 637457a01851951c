import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { PASSWORD, sampleRouter, signIn } from "@/lib/testing/api-fixtures";
import { client, expectProblem, startApiTest, type ApiTest, type Json } from "@/lib/http/test-client";

/**
 * The whole installation's audit log, GET /api/v1/events: administrators read every
 * project's events (a deleted project's included, by its name) and those about users.
 */

let t: ApiTest;
const E = "/api/v1/events";

type Event = { id: string; actor: string; action: string; targetType: string; targetName: string; router: string | null; project: string | null; projectDeleted: boolean };
const items = (res: { body: Json }) => res.body.items as Event[];
const actions = (res: { body: Json }) => items(res).map((e) => e.action);

beforeAll(async () => {
  t = await startApiTest();
  // A project with a router, a rule edit and an audience; then it is deleted.
  const P = "/api/v1/projects/gone";
  await t.project("gone");
  expect((await t.admin.post(`${P}/routers`, sampleRouter("edge"))).status).toBe(201);
  expect((await t.admin.put(`${P}/routers/edge/rules/beta-users`, { ...sampleRouter("x").rules[0], split: [{ route: "stable", weight: 100 }] })).status).toBe(200);
  expect((await t.admin.post(`${P}/routers/edge/routes`, { name: "extra", url: "http://127.0.0.1:9003" })).status).toBe(201);
  expect((await t.admin.del(P)).status).toBe(204);
  // Changes to accounts.
  expect((await t.admin.post("/api/v1/users", { email: "carol@example.com", password: PASSWORD })).status).toBe(201);
  expect((await t.admin.patch("/api/v1/users/carol%40example.com", { role: "admin" })).status).toBe(200);
  expect((await t.admin.patch("/api/v1/users/carol%40example.com", { role: "user" })).status).toBe(200);
  expect((await t.admin.del("/api/v1/users/carol%40example.com")).status).toBe(204);
  // A live project of the same name as another deleted one, and one unrelated project.
  await t.project("kept");
}, 120_000);
afterAll(async () => t?.close());

describe("GET /api/v1/events", () => {
  it("keeps a deleted project's events, readable by an administrator under the project's name", async () => {
    expect((await t.admin.get("/api/v1/projects/gone/events")).status).toBe(404);
    const res = await t.admin.get(`${E}?project=gone`);
    expect(res.status).toBe(200);
    expect(actions(res)).toEqual(["project.delete", "route.create", "rule.update", "router.create", "token.create", "project.create"]);
    expect(items(res).every((e) => e.project === "gone" && e.projectDeleted)).toBe(true);
    expect(items(res)[0]).toMatchObject({ actor: "admin@example.com", targetType: "project", targetName: "gone", router: null });
    // Changes inside a router name it.
    expect(items(res).filter((e) => ["router.create", "rule.update", "route.create"].includes(e.action)).map((e) => e.router)).toEqual(["edge", "edge", "edge"]);
    expect(await t.db.prisma.auditEvent.count({ where: { projectName: "gone", projectId: { not: null } } })).toBe(0);
  });

  it("lists user creation, role changes and deletion, outside any project", async () => {
    const res = await t.admin.get(`${E}?target=carol`);
    expect(actions(res)).toEqual(["user.delete", "user.update", "user.update", "user.create"]);
    expect(items(res).every((e) => e.project === null && !e.projectDeleted && e.targetType === "user")).toBe(true);
  });

  it("filters by actor, target (a router's name finds the changes inside it), action, time and project", async () => {
    expect(actions(await t.admin.get(`${E}?target=edge`))).toEqual(["route.create", "rule.update", "router.create"]);
    expect(actions(await t.admin.get(`${E}?target=EDG&project=gone`))).toEqual(["route.create", "rule.update", "router.create"]);
    expect(actions(await t.admin.get(`${E}?target=edge&project=kept`))).toEqual([]);
    expect(actions(await t.admin.get(`${E}?action=project.delete`))).toEqual(["project.delete"]);
    expect(actions(await t.admin.get(`${E}?actor=nobody`))).toEqual([]);
    expect(items(await t.admin.get(`${E}?actor=ADMIN@`)).length).toBeGreaterThan(10);
    expect(actions(await t.admin.get(`${E}?project=kept`))).toEqual(["token.create", "project.create"]);
    expect(items(await t.admin.get(`${E}?project=kept`)).every((e) => e.project === "kept" && !e.projectDeleted)).toBe(true);
    const future = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect(items(await t.admin.get(`${E}?from=${future}`))).toEqual([]);
    const past = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    expect(items(await t.admin.get(`${E}?to=${past}`))).toEqual([]);
    expect(items(await t.admin.get(`${E}?from=${past}&to=${future}&project=gone`))).toHaveLength(6);
  });

  it("a project deleted and created again: both histories under its name, told apart", async () => {
    await t.project("gone");
    const res = await t.admin.get(`${E}?project=gone`);
    const [fresh, old] = [items(res).filter((e) => !e.projectDeleted), items(res).filter((e) => e.projectDeleted)];
    expect(fresh.map((e) => e.action)).toEqual(["token.create", "project.create"]);
    expect(old).toHaveLength(6);
    // The project's own log shows only the live project's events.
    expect(actions(await t.admin.get("/api/v1/projects/gone/events"))).toEqual(["token.create", "project.create"]);
    expect((await t.admin.del("/api/v1/projects/gone")).status).toBe(204);
    expect(items(await t.admin.get(`${E}?project=gone`)).every((e) => e.projectDeleted)).toBe(true);
  });

  it("pages newest first with a cursor, each event once", async () => {
    const all = items(await t.admin.get(`${E}?limit=200`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.admin.get(`${E}?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(items(res).length).toBeLessThanOrEqual(3);
      seen.push(...items(res).map((e) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("is for administrators only: users and tokens get 403, anonymous callers 401", async () => {
    await createUser(t.db.prisma, { email: "dave@example.com", password: PASSWORD, actor: "test" });
    const dave = client(t.server.url, { cookie: await signIn(t.server.url, "dave@example.com"), origin: t.server.url });
    expectProblem(await dave.get(E), 403);
    const { writer } = await t.project("tokened");
    expectProblem(await writer.get(E), 403);
    expectProblem(await client(t.server.url).get(E), 401);
  });

  it.each([
    ["cursor=abc", "cursor"],
    ["limit=0", "limit"],
    ["from=yesterday", "from"],
    ["unknown=1", "unknown"],
  ])("refuses a bad query (%s) with 400 naming the parameter", async (query, path) => {
    expectProblem(await t.admin.get(`${E}?${query}`), 400, path);
  });
});
