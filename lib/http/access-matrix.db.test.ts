import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessFixture, sampleRouter, type Caller } from "@/lib/testing/api-fixtures";
import { startApiServer } from "@/lib/testing/api-server";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";
import { createUser } from "@/lib/auth/users";
import { createToken } from "@/lib/auth/tokens";
import { createRollout } from "@/lib/rollouts/repo";
import { rolloutCreateSchema } from "@/lib/rollouts/schema";
import { createRouter } from "@/lib/routers/document-repo";
import { deployRouter } from "@/lib/versions/repo";

/**
 * Every API route × every kind of caller → the expected status. A route handler that is
 * not in MATRIX fails the "covers every route" test: new routes must say who may call them.
 */
type Level = "authenticated" | "viewer" | "editor" | "owner" | "admin";
type Case = {
  level: Level;
  /** Status when allowed. */
  ok: number;
  /** Builds the request for one caller (fresh targets for destructive calls). */
  request: (caller: string) => Promise<{ path: string; body?: unknown; headers?: Record<string, string> }> | { path: string; body?: unknown; headers?: Record<string, string> };
};

let db: TestDatabase;
let server: Awaited<ReturnType<typeof startApiServer>>;
let fx: Awaited<ReturnType<typeof accessFixture>>;
let n = 0;
const R = "/api/v1/projects/alpha/routers";
const R1 = `${R}/r1`;
const STALE = { "if-match": '"999"' };
const fresh = (prefix: string) => `${prefix}-${++n}`;

/** A deployed router of its own, for calls that start or change a rollout (one per router at a time). */
async function freshRouter(): Promise<string> {
  const name = fresh("ro");
  await createRouter(db.prisma, fx.alpha.id, sampleRouter(name), "test");
  await deployRouter(db.prisma, fx.alpha.id, name, { message: "first", author: "test" });
  return name;
}

async function freshRollout(action = ""): Promise<{ path: string }> {
  const name = await freshRouter();
  const body = rolloutCreateSchema.parse({ rule: "default", baseline: "stable", canary: "canary", steps: [{ weight: 20 }] });
  const created = await createRollout(db.prisma, fx.alpha.id, name, body, "test");
  return { path: `${R}/${name}/rollouts/${created.id}${action}` };
}

const ROLLOUT_BODY = { rule: "default", baseline: "stable", canary: "canary", steps: [{ weight: 20 }] };

const MATRIX: Record<string, Case> = {
  "GET /api/v1/projects/{project}/rollouts": { level: "viewer", ok: 200, request: () => ({ path: "/api/v1/projects/alpha/rollouts" }) },
  "GET /api/v1/projects/{project}/routers/{router}/rollouts": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/rollouts` }) },
  "POST /api/v1/projects/{project}/routers/{router}/rollouts": { level: "editor", ok: 201, request: async () => ({ path: `${R}/${await freshRouter()}/rollouts`, body: ROLLOUT_BODY }) },
  "GET /api/v1/projects/{project}/routers/{router}/rollouts/{rollout}": { level: "viewer", ok: 200, request: () => freshRollout() },
  "POST /api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/pause": { level: "editor", ok: 200, request: () => freshRollout("/pause") },
  "POST /api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/resume": {
    level: "editor",
    ok: 200,
    request: async () => {
      const target = await freshRollout();
      await db.prisma.rollout.updateMany({ where: { router: { name: target.path.split("/")[6] } }, data: { status: "paused", pause: "manual" } });
      return { path: `${target.path}/resume` };
    },
  },
  "POST /api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/promote": { level: "editor", ok: 200, request: () => freshRollout("/promote") },
  "POST /api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/abort": { level: "editor", ok: 200, request: () => freshRollout("/abort") },
  "GET /api/v1/session": { level: "authenticated", ok: 200, request: () => ({ path: "/api/v1/session" }) },
  "DELETE /api/v1/session": { level: "authenticated", ok: 204, request: () => ({ path: "/api/v1/session" }) },
  "GET /api/v1/projects": { level: "authenticated", ok: 200, request: () => ({ path: "/api/v1/projects" }) },
  "POST /api/v1/projects": { level: "admin", ok: 201, request: () => ({ path: "/api/v1/projects", body: { name: fresh("p") } }) },
  "GET /api/v1/projects/{project}": { level: "viewer", ok: 200, request: () => ({ path: "/api/v1/projects/alpha" }) },
  // A stale If-Match proves the caller got past authorisation without changing anything.
  "PATCH /api/v1/projects/{project}": { level: "owner", ok: 412, request: () => ({ path: "/api/v1/projects/alpha", body: { description: "x" }, headers: { "if-match": '"999"' } }) },
  "DELETE /api/v1/projects/{project}": { level: "owner", ok: 412, request: () => ({ path: "/api/v1/projects/alpha", headers: { "if-match": '"999"' } }) },
  "GET /api/v1/projects/{project}/members": { level: "viewer", ok: 200, request: () => ({ path: "/api/v1/projects/alpha/members" }) },
  "POST /api/v1/projects/{project}/members": {
    level: "owner",
    ok: 201,
    request: async () => {
      const u = await createUser(db.prisma, { email: `${fresh("m")}@example.com`, password: "password-123", actor: "test" });
      return { path: "/api/v1/projects/alpha/members", body: { email: u.email, role: "viewer" } };
    },
  },
  "PATCH /api/v1/projects/{project}/members/{user}": { level: "owner", ok: 200, request: () => ({ path: "/api/v1/projects/alpha/members/viewer%40example.com", body: { role: "viewer" } }) },
  "DELETE /api/v1/projects/{project}/members/{user}": {
    level: "owner",
    ok: 204,
    request: async () => {
      const u = await createUser(db.prisma, { email: `${fresh("d")}@example.com`, password: "password-123", actor: "test" });
      await db.prisma.membership.create({ data: { userId: u.id, projectId: fx.alpha.id, role: "viewer" } });
      return { path: `/api/v1/projects/alpha/members/${encodeURIComponent(u.email)}` };
    },
  },
  "GET /api/v1/projects/{project}/tokens": { level: "owner", ok: 200, request: () => ({ path: "/api/v1/projects/alpha/tokens" }) },
  "POST /api/v1/projects/{project}/tokens": { level: "owner", ok: 201, request: () => ({ path: "/api/v1/projects/alpha/tokens", body: { name: fresh("t"), scope: "read" } }) },
  "DELETE /api/v1/projects/{project}/tokens/{token}": {
    level: "owner",
    ok: 200,
    request: async () => {
      const { view } = await createToken(db.prisma, { projectId: fx.alpha.id, name: fresh("r"), scope: "read", createdById: null, actor: "test" });
      return { path: `/api/v1/projects/alpha/tokens/${view.id}` };
    },
  },
  "GET /api/v1/events": { level: "admin", ok: 200, request: () => ({ path: "/api/v1/events?limit=5&project=alpha" }) },
  "GET /api/v1/projects/{project}/events": { level: "viewer", ok: 200, request: () => ({ path: "/api/v1/projects/alpha/events?limit=5" }) },
  "GET /api/v1/projects/{project}/routers": { level: "viewer", ok: 200, request: () => ({ path: `${R}?limit=10` }) },
  "POST /api/v1/projects/{project}/routers": { level: "editor", ok: 201, request: () => ({ path: R, body: { ...sampleRouter(fresh("router")) } }) },
  "GET /api/v1/projects/{project}/routers/{router}": { level: "viewer", ok: 200, request: () => ({ path: R1 }) },
  "PATCH /api/v1/projects/{project}/routers/{router}": { level: "editor", ok: 412, request: () => ({ path: R1, body: { description: "x" }, headers: STALE }) },
  "DELETE /api/v1/projects/{project}/routers/{router}": { level: "editor", ok: 412, request: () => ({ path: R1, headers: STALE }) },
  "GET /api/v1/projects/{project}/routers/{router}/config": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/config` }) },
  "PUT /api/v1/projects/{project}/routers/{router}/config": { level: "editor", ok: 412, request: () => ({ path: `${R1}/config`, body: sampleRouter("r1"), headers: STALE }) },
  "GET /api/v1/projects/{project}/routers/{router}/routes": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/routes` }) },
  "POST /api/v1/projects/{project}/routers/{router}/routes": { level: "editor", ok: 412, request: () => ({ path: `${R1}/routes`, body: { name: "extra", url: "http://127.0.0.1:9003" }, headers: STALE }) },
  "GET /api/v1/projects/{project}/routers/{router}/routes/{route}": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/routes/stable` }) },
  "PATCH /api/v1/projects/{project}/routers/{router}/routes/{route}": { level: "editor", ok: 412, request: () => ({ path: `${R1}/routes/stable`, body: { timeoutMs: 100 }, headers: STALE }) },
  "DELETE /api/v1/projects/{project}/routers/{router}/routes/{route}": { level: "editor", ok: 412, request: () => ({ path: `${R1}/routes/stable`, headers: STALE }) },
  "POST /api/v1/projects/{project}/routers/{router}/routes/{route}/undeploy": { level: "editor", ok: 200, request: () => ({ path: `${R1}/routes/canary/undeploy`, body: { mode: "proportional", replacement: "stable", dryRun: true } }) },
  "GET /api/v1/projects/{project}/routers/{router}/rules": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/rules` }) },
  "POST /api/v1/projects/{project}/routers/{router}/rules": { level: "editor", ok: 412, request: () => ({ path: `${R1}/rules`, body: sampleRouter("x").rules[0], headers: STALE }) },
  "GET /api/v1/projects/{project}/routers/{router}/rules/{rule}": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/rules/beta-users` }) },
  "PUT /api/v1/projects/{project}/routers/{router}/rules/{rule}": { level: "editor", ok: 412, request: () => ({ path: `${R1}/rules/beta-users`, body: sampleRouter("x").rules[0], headers: STALE }) },
  "DELETE /api/v1/projects/{project}/routers/{router}/rules/{rule}": { level: "editor", ok: 412, request: () => ({ path: `${R1}/rules/beta-users`, headers: STALE }) },
  "PUT /api/v1/projects/{project}/routers/{router}/rules/order": { level: "editor", ok: 200, request: () => ({ path: `${R1}/rules/order`, body: { order: ["beta-users"] } }) },
  "GET /api/v1/projects/{project}/routers/{router}/default-rule": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/default-rule` }) },
  "PUT /api/v1/projects/{project}/routers/{router}/default-rule": { level: "editor", ok: 412, request: () => ({ path: `${R1}/default-rule`, body: sampleRouter("x").defaultRule, headers: STALE }) },
  "GET /api/v1/projects/{project}/routers/{router}/analysis": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/analysis` }) },
  "POST /api/v1/projects/{project}/routers/{router}/simulate": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/simulate`, body: { request: { headers: { "x-beta": "1" } } } }) },
  "POST /api/v1/projects/{project}/routers/{router}/draft/reset": { level: "editor", ok: 200, request: () => ({ path: `${R1}/draft/reset`, body: { dryRun: true } }) },
  "POST /api/v1/projects/{project}/routers/{router}/deployments": { level: "editor", ok: 412, request: () => ({ path: `${R1}/deployments`, body: { message: "again" }, headers: STALE }) },
  "GET /api/v1/projects/{project}/routers/{router}/versions": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/versions` }) },
  "GET /api/v1/projects/{project}/routers/{router}/versions/{n}": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/versions/1` }) },
  "GET /api/v1/projects/{project}/routers/{router}/versions/{n}/diff": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/versions/1/diff?against=1` }) },
  "GET /api/v1/projects/{project}/routers/{router}/traffic": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/traffic` }) },
  "GET /api/v1/projects/{project}/routers/{router}/shadow-disagreements": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/shadow-disagreements` }) },
  "DELETE /api/v1/projects/{project}/routers/{router}/shadow-disagreements": { level: "editor", ok: 204, request: () => ({ path: `${R1}/shadow-disagreements` }) },
  // No such disagreement: an allowed caller gets as far as the 404.
  "DELETE /api/v1/projects/{project}/routers/{router}/shadow-disagreements/{id}": { level: "editor", ok: 404, request: () => ({ path: `${R1}/shadow-disagreements/999` }) },
  "POST /api/v1/projects/{project}/routers/{router}/replay": { level: "editor", ok: 200, request: () => ({ path: `${R1}/replay`, body: { limit: 10 } }) },
  "GET /api/v1/projects/{project}/routers/{router}/samples": { level: "editor", ok: 200, request: () => ({ path: `${R1}/samples?limit=10` }) },
  "DELETE /api/v1/projects/{project}/routers/{router}/samples": { level: "editor", ok: 204, request: () => ({ path: `${R1}/samples` }) },
  "GET /api/v1/projects/{project}/routers/{router}/samples/summary": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/samples/summary` }) },
  "GET /api/v1/projects/{project}/routers/{router}/gateways": { level: "viewer", ok: 200, request: () => ({ path: `${R1}/gateways` }) },
  "GET /api/v1/gateways": { level: "admin", ok: 200, request: () => ({ path: "/api/v1/gateways" }) },
  "POST /api/v1/projects/{project}/routers/{router}/versions/{n}/rollback": { level: "editor", ok: 201, request: () => ({ path: `${R1}/versions/1/rollback`, body: {} }) },
  "GET /api/v1/projects/{project}/audiences": { level: "viewer", ok: 200, request: () => ({ path: "/api/v1/projects/alpha/audiences" }) },
  "POST /api/v1/projects/{project}/audiences": { level: "editor", ok: 201, request: () => ({ path: "/api/v1/projects/alpha/audiences", body: { name: fresh("aud"), conditions: [{ source: "query", key: "q", operator: "present", values: [] }] } }) },
  "GET /api/v1/projects/{project}/audiences/{audience}": { level: "viewer", ok: 200, request: () => ({ path: "/api/v1/projects/alpha/audiences/vip" }) },
  "PATCH /api/v1/projects/{project}/audiences/{audience}": { level: "editor", ok: 412, request: () => ({ path: "/api/v1/projects/alpha/audiences/vip", body: { description: "x" }, headers: STALE }) },
  "DELETE /api/v1/projects/{project}/audiences/{audience}": { level: "editor", ok: 412, request: () => ({ path: "/api/v1/projects/alpha/audiences/vip", headers: STALE }) },
  "GET /api/v1/users": { level: "admin", ok: 200, request: () => ({ path: "/api/v1/users" }) },
  "POST /api/v1/users": { level: "admin", ok: 201, request: () => ({ path: "/api/v1/users", body: { email: `${fresh("u")}@example.com`, password: "password-123" } }) },
  "PATCH /api/v1/users/{user}": { level: "admin", ok: 200, request: () => ({ path: "/api/v1/users/viewer%40example.com", body: { role: "user" } }) },
  "DELETE /api/v1/users/{user}": {
    level: "admin",
    ok: 204,
    request: async () => {
      const u = await createUser(db.prisma, { email: `${fresh("x")}@example.com`, password: "password-123", actor: "test" });
      return { path: `/api/v1/users/${encodeURIComponent(u.email)}` };
    },
  },
};

/** Routes anyone may call: they are tested on their own. */
const PUBLIC = new Set(["POST /api/v1/session", "GET /api/v1/openapi.json"]);

const ALLOWED: Record<Level, string[]> = {
  authenticated: ["viewer", "editor", "owner", "other-editor", "admin", "read-token", "write-token"],
  viewer: ["viewer", "editor", "owner", "admin", "read-token", "write-token"],
  editor: ["editor", "owner", "admin", "write-token"],
  owner: ["owner", "admin"],
  admin: ["admin"],
};
const UNAUTHENTICATED = ["anonymous", "invalid-token", "expired-token", "revoked-token"];

function expected(level: Level, caller: string, ok: number): number {
  if (UNAUTHENTICATED.includes(caller)) return 401;
  return ALLOWED[level].includes(caller) ? ok : 403;
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  server = await startApiServer();
  fx = await accessFixture(db.prisma, server.url);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe("access matrix", () => {
  it("covers every route handler", () => {
    const discovered = server.routes.flatMap((r) => Object.keys(r.methods).map((m) => `${m} ${r.pattern}`));
    const missing = discovered.filter((k) => !MATRIX[k] && !PUBLIC.has(k));
    expect(missing, "routes missing from the access matrix").toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !discovered.includes(k)), "matrix rows without a route").toEqual([]);
  });

  const callers = ["anonymous", "invalid-token", "expired-token", "revoked-token", "viewer", "editor", "owner", "other-editor", "admin", "read-token", "write-token"];
  // Signing out ends the caller's session, so it runs last.
  const rows = Object.entries(MATRIX).sort(([a], [b]) => Number(a === "DELETE /api/v1/session") - Number(b === "DELETE /api/v1/session"));
  for (const [key, c] of rows) {
    it.each(callers)(`${key} as %s`, async (label) => {
      const caller = fx.callers.find((x: Caller) => x.label === label)!;
      const [method] = key.split(" ");
      const req = await c.request(label);
      const res = await fetch(`${server.url}${req.path}`, {
        method,
        headers: { ...caller.headers, ...(req.body !== undefined ? { "content-type": "application/json" } : {}), ...(req.headers ?? {}) },
        body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
      });
      const want = expected(c.level, label, c.ok);
      expect(res.status, `${key} as ${label}: ${await res.clone().text()}`).toBe(want);
      if (res.status >= 400) expect(res.headers.get("content-type")).toBe("application/problem+json");
    });
  }
});
