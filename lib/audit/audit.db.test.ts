import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { PASSWORD, signIn } from "@/lib/testing/api-fixtures";
import { startApiServer } from "@/lib/testing/api-server";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";

let db: TestDatabase;
let server: Awaited<ReturnType<typeof startApiServer>>;
let headers: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  server = await startApiServer();
  await createUser(db.prisma, { email: "root@example.com", password: PASSWORD, role: "admin", actor: "test" });
  headers = { cookie: await signIn(server.url, "root@example.com"), origin: server.url, "content-type": "application/json" };
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const call = (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method, headers: { ...headers, ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("audit log", () => {
  it("writes exactly one row per mutation, none for failed writes, and never a secret", async () => {
    const before = await db.prisma.auditEvent.count();
    const mutations: [string, string, unknown?][] = [
      ["POST", "/api/v1/projects", { name: "audited" }],
      ["PATCH", "/api/v1/projects/audited", { description: "one" }],
      ["PATCH", "/api/v1/projects/audited", { displayName: "Audited" }],
      ["POST", "/api/v1/users", { email: "ann@example.com", password: "password-1" }],
      ["POST", "/api/v1/projects/audited/members", { email: "ann@example.com", role: "viewer" }],
      ["PATCH", "/api/v1/projects/audited/members/ann%40example.com", { role: "editor" }],
      ["POST", "/api/v1/projects/audited/tokens", { name: "ci", scope: "write" }],
    ];
    let secret = "";
    for (const [method, path, body] of mutations) {
      const res = await call(method, path, body);
      expect(res.status, `${method} ${path}`).toBeLessThan(300);
      if (path.endsWith("/tokens")) secret = ((await res.json()) as { token: string }).token;
    }
    const failures: [string, string, unknown, Record<string, string>?][] = [
      ["POST", "/api/v1/projects", { name: "audited" }], // duplicate
      ["PATCH", "/api/v1/projects/audited", { description: "stale" }, { "if-match": '"1"' }],
      ["POST", "/api/v1/projects/audited/members", { email: "nobody@example.com", role: "viewer" }],
      ["POST", "/api/v1/projects/audited/tokens", { name: "ci", scope: "read" }], // duplicate name
      ["POST", "/api/v1/projects", { name: "Not A Slug" }],
    ];
    for (const [method, path, body, extra] of failures) {
      const res = await call(method, path, body, extra);
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
    }
    const rows = await db.prisma.auditEvent.findMany({ where: { id: { gt: 0 } }, orderBy: { id: "asc" } });
    expect(rows.length - before).toBe(mutations.length);
    expect(rows.slice(before).map((r) => r.action)).toEqual([
      "project.create",
      "project.update",
      "project.update",
      "user.create",
      "member.add",
      "member.update",
      "token.create",
    ]);
    const dump = JSON.stringify(rows.map((r) => [r.before, r.after]));
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(10));
    expect(dump).not.toContain("password-1");
  });

  it("filters events by actor, target and time over the API", async () => {
    const all = (await (await call("GET", "/api/v1/projects/audited/events")).json()) as { items: { action: string; targetName: string }[] };
    expect(all.items[0]!.action).toBe("token.create");
    const byTarget = (await (await call("GET", "/api/v1/projects/audited/events?target=ann")).json()) as { items: { targetName: string }[] };
    expect(byTarget.items.map((e) => e.targetName)).toEqual(["ann@example.com", "ann@example.com"]);
    const future = (await (await call("GET", `/api/v1/projects/audited/events?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json()) as { items: unknown[] };
    expect(future.items).toEqual([]);
    const page = (await (await call("GET", "/api/v1/projects/audited/events?limit=2")).json()) as { items: unknown[]; nextCursor: string };
    expect(page.items).toHaveLength(2);
    const next = (await (await call("GET", `/api/v1/projects/audited/events?limit=2&cursor=${page.nextCursor}`)).json()) as { items: unknown[] };
    expect(next.items).toHaveLength(2);
  });
});
