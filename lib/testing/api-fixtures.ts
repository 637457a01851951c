import type { Db } from "@/lib/db/client";
import { createToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { createProjectAs } from "@/lib/projects/repo";
import { createRouter } from "@/lib/routers/document-repo";
import { deployRouter } from "@/lib/versions/repo";

/** A small router: two routes, one rule on a header, a 90/10 default. */
export const sampleRouter = (name: string) => ({
  name,
  routes: [
    { name: "stable", url: "http://127.0.0.1:9001" },
    { name: "canary", url: "http://127.0.0.1:9002" },
  ],
  rules: [
    { name: "beta-users", conditions: [{ source: "header" as const, key: "x-beta", operator: "in" as const, values: ["1"] }], strategy: "random" as const, split: [{ route: "canary", weight: 100 }], shadows: [] },
  ],
  defaultRule: { strategy: "sticky" as const, split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [] },
});

export const PASSWORD = "correct horse battery";

/** Signs in over HTTP and returns the Cookie header value for the session. */
export async function signIn(baseUrl: string, email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

export type Caller = { label: string; headers: Record<string, string> };

/**
 * Two projects and one caller of every kind the access rules distinguish: anonymous,
 * bad/expired/revoked tokens, viewer/editor/owner of `alpha`, an editor of `beta` only,
 * an administrator, and read/write tokens of `alpha`.
 */
export async function accessFixture(db: Db, baseUrl: string) {
  const admin = await createUser(db, { email: "admin@example.com", password: PASSWORD, role: "admin", actor: "test" });
  const alpha = await createProjectAs(db, { name: "alpha" }, { name: "test", userId: admin.id });
  const beta = await createProjectAs(db, { name: "beta" }, { name: "test", userId: admin.id });
  await createRouter(db, alpha.id, sampleRouter("r1"), "test");
  await deployRouter(db, alpha.id, "r1", { message: "first", author: "test" });
  await db.audience.create({ data: { projectId: alpha.id, name: "vip", conditions: { create: [{ position: 0, source: "header", key: "x-vip", operator: "present", values: [] }] } } });
  const users: Record<string, { id: string; email: string }> = {};
  for (const [label, project, role] of [
    ["viewer", alpha, "viewer"],
    ["editor", alpha, "editor"],
    ["owner", alpha, "owner"],
    ["other-editor", beta, "editor"],
  ] as const) {
    const u = await createUser(db, { email: `${label}@example.com`, password: PASSWORD, actor: "test" });
    await db.membership.create({ data: { userId: u.id, projectId: project.id, role } });
    users[label] = u;
  }
  const token = async (name: string, scope: "read" | "write", expiresAt?: Date) =>
    (await createToken(db, { projectId: alpha.id, name, scope, expiresAt: expiresAt ?? null, createdById: admin.id, actor: "test" })).token;
  const readToken = await token("reader", "read");
  const writeToken = await token("writer", "write");
  const expired = await token("expired", "read", new Date(Date.now() + 1000));
  const revoked = await token("revoked", "write");
  const revokedRow = await db.apiToken.findFirstOrThrow({ where: { name: "revoked" } });
  await db.apiToken.update({ where: { id: revokedRow.id }, data: { revokedAt: new Date() } });
  await db.apiToken.updateMany({ where: { name: "expired" }, data: { expiresAt: new Date(Date.now() - 1000) } });

  const cookie = async (email: string): Promise<Record<string, string>> => ({ cookie: await signIn(baseUrl, email), origin: baseUrl });
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const callers: Caller[] = [
    { label: "anonymous", headers: {} },
    { label: "invalid-token", headers: bearer("trn_not-a-real-token") },
    { label: "expired-token", headers: bearer(expired) },
    { label: "revoked-token", headers: bearer(revoked) },
    { label: "viewer", headers: await cookie(users.viewer!.email) },
    { label: "editor", headers: await cookie(users.editor!.email) },
    { label: "owner", headers: await cookie(users.owner!.email) },
    { label: "other-editor", headers: await cookie(users["other-editor"]!.email) },
    { label: "admin", headers: await cookie(admin.email) },
    { label: "read-token", headers: bearer(readToken) },
    { label: "write-token", headers: bearer(writeToken) },
  ];
  return { admin, alpha, beta, users, callers };
}
