import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { createProjectAs } from "@/lib/projects/repo";
import { PASSWORD, signIn } from "@/lib/testing/api-fixtures";
import { startApiServer } from "@/lib/testing/api-server";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";

let db: TestDatabase;
let server: Awaited<ReturnType<typeof startApiServer>>;
let cookie: string;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  server = await startApiServer();
  const admin = await createUser(db.prisma, { email: "root@example.com", password: PASSWORD, role: "admin", actor: "test" });
  await createProjectAs(db.prisma, { name: "alpha", description: "original" }, { name: "test", userId: admin.id });
  cookie = await signIn(server.url, "root@example.com");
}, 60_000);
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe("cross-site cookie writes are refused and change nothing", () => {
  const cases: [string, Record<string, string>][] = [
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["Origin: null", { origin: "null" }],
    ["no Origin with Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["a look-alike origin", { origin: "http://127.0.0.1.evil.example" }],
  ];
  it.each(cases)("%s → 403", async (_label, headers) => {
    const res = await fetch(`${server.url}/api/v1/projects/alpha`, {
      method: "PATCH",
      headers: { cookie, "content-type": "application/json", ...headers },
      body: JSON.stringify({ description: "hijacked" }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("cross_site_request");
    const project = await db.prisma.project.findUniqueOrThrow({ where: { name: "alpha" } });
    expect(project.description).toBe("original");
  });

  it("the same write from the console's origin succeeds", async () => {
    const res = await fetch(`${server.url}/api/v1/projects/alpha`, {
      method: "PATCH",
      headers: { cookie, origin: server.url, "content-type": "application/json" },
      body: JSON.stringify({ description: "edited" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
  });

  it("a bearer request ignores cookies entirely", async () => {
    const res = await fetch(`${server.url}/api/v1/projects`, { headers: { cookie, authorization: "Bearer trn_bogus" } });
    expect(res.status).toBe(401);
  });
});

describe("sign-in", () => {
  it("rejects a wrong password with 401 and sets no cookie", async () => {
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": "10.0.0.1" },
      body: JSON.stringify({ email: "root@example.com", password: "wrong password" }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("sets an httpOnly, SameSite=Lax session cookie", async () => {
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": "10.0.0.2" },
      body: JSON.stringify({ email: "root@example.com", password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const session = res.headers.getSetCookie().find((c) => c.startsWith("turnout.session_token="));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
  });

  it("is rate-limited with 429 and Retry-After", async () => {
    const attempt = () =>
      fetch(`${server.url}/api/v1/session`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": "10.0.0.3" },
        body: JSON.stringify({ email: "root@example.com", password: "guess" }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("refuses a login form posted from another site", async () => {
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example", "x-forwarded-for": "10.0.0.4" },
      body: JSON.stringify({ email: "root@example.com", password: PASSWORD }),
    });
    expect(res.status).toBe(403);
  });
});
