import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { PASSWORD, sampleRouter, signIn } from "@/lib/testing/api-fixtures";
import { client, startApiTest, type ApiResponse, type ApiTest, type Client } from "./test-client";

/**
 * Invariants that a check-then-act could break when two requests race: a project keeps an
 * owner, Turnout keeps an administrator, an ETag names one state of a resource. Every race
 * goes through the real route handlers over HTTP against a real PostgreSQL, many rounds each.
 */

let t: ApiTest;
beforeAll(async () => {
  t = await startApiTest();
}, 60_000);
afterAll(async () => t?.close());

const ROUNDS = 12;
const ok = (r: ApiResponse) => r.status >= 200 && r.status < 300;
const etag = (res: { headers: Headers }) => Number(JSON.parse(res.headers.get("etag")!));
const at = (email: string) => encodeURIComponent(email);

/** A user signed in over HTTP, with a cookie client. */
async function signedIn(email: string, role: "admin" | "user" = "user"): Promise<{ id: string; email: string; api: Client }> {
  const user = await createUser(t.db.prisma, { email, password: PASSWORD, role, actor: "test" });
  return { id: user.id, email, api: client(t.server.url, { cookie: await signIn(t.server.url, email), origin: t.server.url }) };
}

const account = (email: string) => t.db.prisma.user.create({ data: { id: randomUUID(), email, name: email.split("@")[0]!, emailVerified: true } });
const owners = async (projectId: string) => t.db.prisma.membership.count({ where: { projectId, role: "owner" } });
const admins = async () => t.db.prisma.user.count({ where: { role: "admin" } });

describe("a project keeps an owner", () => {
  let P: string;
  let projectId: string;
  let a: Awaited<ReturnType<typeof signedIn>>;
  let b: Awaited<ReturnType<typeof signedIn>>;

  beforeAll(async () => {
    await t.project("owned");
    P = "/api/v1/projects/owned";
    projectId = (await t.db.prisma.project.findUniqueOrThrow({ where: { name: "owned" } })).id;
    a = await signedIn("owner-a@example.com");
    b = await signedIn("owner-b@example.com");
    // The administrator created the project and owns it; here only a and b own it.
    const creator = await t.db.prisma.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    await t.db.prisma.membership.delete({ where: { userId_projectId: { userId: creator.id, projectId } } });
  });

  async function bothOwners() {
    for (const u of [a, b]) {
      await t.db.prisma.membership.upsert({
        where: { userId_projectId: { userId: u.id, projectId } },
        create: { userId: u.id, projectId, role: "owner" },
        update: { role: "owner" },
      });
    }
    expect(await owners(projectId)).toBe(2);
  }

  /** One of the two racing changes goes through; the other is refused (409, or 403 once its caller is no longer an owner). */
  function expectOneWinner(results: ApiResponse[]) {
    expect(results.filter(ok).length, results.map((r) => `${r.status} ${r.text}`).join("\n")).toBe(1);
    for (const r of results.filter((x) => !ok(x))) {
      expect([403, 409], r.text).toContain(r.status);
      if (r.status === 409) expect(r.body.code).toBe("last_owner");
    }
  }

  it("two owners demoting each other at the same moment: one wins, one owner remains", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await bothOwners();
      const results = await Promise.all([
        a.api.patch(`${P}/members/${at(b.email)}`, { role: "editor" }),
        b.api.patch(`${P}/members/${at(a.email)}`, { role: "editor" }),
      ]);
      expectOneWinner(results);
      expect(await owners(projectId), `round ${round}`).toBe(1);
    }
  });

  it("two owners removing each other, or one removing while the other demotes: one owner remains", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await bothOwners();
      const results = await Promise.all([
        a.api.del(`${P}/members/${at(b.email)}`),
        round % 2 === 0 ? b.api.del(`${P}/members/${at(a.email)}`) : b.api.patch(`${P}/members/${at(a.email)}`, { role: "viewer" }),
      ]);
      expectOneWinner(results);
      expect(await owners(projectId), `round ${round}`).toBe(1);
    }
  });

  it("deleting both owners' accounts at once (or one account while the other owner steps down): one owner remains", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Accounts that never sign in: rows are enough (no password to hash).
      const [x, y] = [await account(`gone-x-${round}@example.com`), await account(`gone-y-${round}@example.com`)];
      const project = `doomed-${round}`;
      const { id } = await t.db.prisma.project.create({ data: { name: project } });
      await t.db.prisma.membership.createMany({ data: [x, y].map((u) => ({ userId: u.id, projectId: id, role: "owner" as const })) });
      const results = await Promise.all([
        t.admin.del(`/api/v1/users/${at(x.email)}`),
        round % 2 === 0 ? t.admin.del(`/api/v1/users/${at(y.email)}`) : t.admin.patch(`/api/v1/projects/${project}/members/${at(y.email)}`, { role: "editor" }),
      ]);
      expect(results.filter(ok).length, results.map((r) => `${r.status} ${r.text}`).join("\n")).toBe(1);
      expect(results.find((r) => !ok(r))!.body.code).toBe("last_owner");
      expect(await owners(id), `round ${round}`).toBe(1);
    }
  });

  it("deleting the last owner's account is refused, naming the project", async () => {
    const lone = await account("lone-owner@example.com");
    const { id } = await t.db.prisma.project.create({ data: { name: "lonely" } });
    await t.db.prisma.membership.create({ data: { userId: lone.id, projectId: id, role: "owner" } });
    const res = await t.admin.del(`/api/v1/users/${at(lone.email)}`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: "last_owner", detail: expect.stringContaining("'lonely'") });
    expect(await t.db.prisma.user.count({ where: { email: lone.email } })).toBe(1);
  });
});

describe("Turnout keeps an administrator", () => {
  let a: Awaited<ReturnType<typeof signedIn>>;
  let b: Awaited<ReturnType<typeof signedIn>>;

  beforeAll(async () => {
    a = await signedIn("admin-a@example.com", "admin");
    b = await signedIn("admin-b@example.com", "admin");
    // From here on a and b are the only administrators.
    expect((await a.api.patch(`/api/v1/users/${at("admin@example.com")}`, { role: "user" })).status).toBe(200);
    expect(await admins()).toBe(2);
  });

  // Later tests (and the other describe blocks) act as admin@example.com again.
  afterAll(async () => {
    await t.db.prisma.user.updateMany({ where: { email: "admin@example.com" }, data: { role: "admin" } });
  });

  const bothAdmins = async (x: { email: string }, y: { email: string }) => {
    await t.db.prisma.user.updateMany({ where: { email: { in: [x.email, y.email] } }, data: { role: "admin" } });
    expect(await admins()).toBe(2);
  };

  function expectOneWinner(results: ApiResponse[]) {
    expect(results.filter(ok).length, results.map((r) => `${r.status} ${r.text}`).join("\n")).toBe(1);
    for (const r of results.filter((x) => !ok(x))) {
      expect([401, 403, 409], r.text).toContain(r.status);
      if (r.status === 409) expect(r.body.code).toBe("last_admin");
    }
  }

  it("two administrators demoting each other at the same moment: one wins, one administrator remains", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await bothAdmins(a, b);
      const results = await Promise.all([
        a.api.patch(`/api/v1/users/${at(b.email)}`, { role: "user" }),
        b.api.patch(`/api/v1/users/${at(a.email)}`, { role: "user" }),
      ]);
      expectOneWinner(results);
      expect(await admins(), `round ${round}`).toBe(1);
    }
  });

  it("two administrators deleting each other (or one deleting while the other demotes): one administrator remains", async () => {
    // Each round deletes an account, which signs in anew: few rounds keep under the sign-in rate limit.
    let [x, y] = [a, b];
    for (let round = 0; round < 6; round++) {
      await bothAdmins(x, y);
      const results = await Promise.all([
        x.api.del(`/api/v1/users/${at(y.email)}`),
        round % 2 === 0 ? y.api.del(`/api/v1/users/${at(x.email)}`) : y.api.patch(`/api/v1/users/${at(x.email)}`, { role: "user" }),
      ]);
      expectOneWinner(results);
      expect(await admins(), `round ${round}`).toBe(1);
      const survivor = (await t.db.prisma.user.findFirstOrThrow({ where: { role: "admin" } })).email;
      const kept = survivor === x.email ? x : y;
      const gone = kept === x ? y : x;
      // The loser of the round is deleted or demoted; replace it with a fresh administrator.
      await t.db.prisma.user.deleteMany({ where: { email: gone.email } });
      [x, y] = [kept, await signedIn(`admin-${round}@example.com`, "admin")];
    }
  });

  it("the last administrator cannot demote or delete themself", async () => {
    const last = (await t.db.prisma.user.findFirstOrThrow({ where: { role: "admin" } })).email;
    await t.db.prisma.user.updateMany({ where: { role: "admin", email: { not: last } }, data: { role: "user" } });
    const cookie = await signIn(t.server.url, last);
    const self = client(t.server.url, { cookie, origin: t.server.url });
    for (const res of [await self.patch(`/api/v1/users/${at(last)}`, { role: "user" }), await self.del(`/api/v1/users/${at(last)}`)]) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("last_admin");
    }
    expect(await admins()).toBe(1);
  });
});

describe("an ETag names one state of the resource", () => {
  let P: string;
  let api: Client;

  beforeAll(async () => {
    const p = await t.project("etags");
    P = p.path;
    api = p.writer;
  });

  const vipConditions = (v: string) => [{ source: "header", key: "x-tier", operator: "in", values: [v] }];
  const ruleUsing = (audience: string) => ({ name: "vip-rule", audience, conditions: [], strategy: "random", split: [{ route: "canary", weight: 100 }], shadows: [] });

  it("editing an audience bumps the revision of every router using it: a stale If-Match gets 412, and the draft shows as changed", async () => {
    expect((await api.post(`${P}/audiences`, { name: "vip", conditions: vipConditions("gold") })).status).toBe(201);
    for (const name of ["uses-vip", "also-vip"]) {
      expect((await api.post(`${P}/routers`, { ...sampleRouter(name), rules: [ruleUsing("vip")] })).status).toBe(201);
      expect((await api.post(`${P}/routers/${name}/deployments`, { message: "v1" })).status).toBe(201);
    }
    expect((await api.post(`${P}/routers`, sampleRouter("no-vip"))).status).toBe(201);

    const before = await api.get(`${P}/routers/uses-vip/config`);
    const also = etag(await api.get(`${P}/routers/also-vip/config`));
    const untouched = etag(await api.get(`${P}/routers/no-vip/config`));
    const listed = async () => Object.fromEntries((await api.get(`${P}/routers`)).body.items.map((r: { name: string; undeployedChanges: boolean }) => [r.name, r.undeployedChanges]));
    expect(await listed()).toMatchObject({ "uses-vip": false, "also-vip": false });

    const audience = await api.get(`${P}/audiences/vip`);
    expect((await api.patch(`${P}/audiences/vip`, { conditions: vipConditions("platinum") }, { ifMatch: etag(audience) })).status).toBe(200);

    // The router's rules changed under it: a writer holding the old revision must re-read.
    const stale = await api.put(`${P}/routers/uses-vip/config`, before.body, { ifMatch: etag(before) });
    expect(stale.status, stale.text).toBe(412);
    expect(stale.body.code).toBe("stale_revision");
    const after = await api.get(`${P}/routers/uses-vip/config`);
    expect(etag(after)).toBeGreaterThan(etag(before));
    expect(after.body.audiences).toEqual([{ name: "vip", conditions: vipConditions("platinum") }]);
    expect(etag(await api.get(`${P}/routers/also-vip/config`))).toBeGreaterThan(also);
    expect(etag(await api.get(`${P}/routers/no-vip/config`))).toBe(untouched);

    // What runs still has the old audience: the draft differs from the active version.
    const summary = await api.get(`${P}/routers/uses-vip`);
    expect(summary.body).toMatchObject({ undeployedChanges: true, revision: etag(after) });
    expect(etag(summary)).toBe(etag(after));
    expect(await listed()).toMatchObject({ "uses-vip": true, "also-vip": true });

    // With the current revision the write goes through.
    expect((await api.put(`${P}/routers/uses-vip/config`, after.body, { ifMatch: etag(after) })).status).toBe(200);
  });

  it("an audience edit racing a router edit that starts using it: an ETag a writer got names the document it was given, or has moved on", async () => {
    expect((await api.post(`${P}/audiences`, { name: "racy", conditions: vipConditions("r0") })).status).toBe(201);
    for (let round = 0; round < ROUNDS; round++) {
      const name = `racer-${round}`;
      expect((await api.post(`${P}/routers`, sampleRouter(name))).status).toBe(201);
      const R = `${P}/routers/${name}/config`;
      const current = await api.get(R);
      const audience = await api.get(`${P}/audiences/racy`);
      // The document names the audience without defining it: the server copies the project's.
      const [put, patch] = await Promise.all([
        api.put(R, { ...current.body, audiences: [], rules: [ruleUsing("racy")] }, { ifMatch: etag(current) }),
        api.patch(`${P}/audiences/racy`, { conditions: vipConditions(`r${round + 1}`) }, { ifMatch: etag(audience) }),
      ]);
      expect(put.status, put.text).toBe(200);
      expect(patch.status, patch.text).toBe(200);
      const now = await api.get(R);
      expect(now.body.audiences).toEqual([{ name: "racy", conditions: vipConditions(`r${round + 1}`) }]);
      if (etag(now) === etag(put)) expect(now.body, `round ${round}`).toEqual(put.body);
    }
  });

  it("deleting with If-Match racing an edit with the same revision: never both", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Project: PATCH and DELETE with the same revision.
      const pname = `etag-p-${round}`;
      await t.project(pname);
      const project = await t.admin.get(`/api/v1/projects/${pname}`);
      const p = await Promise.all([
        t.admin.patch(`/api/v1/projects/${pname}`, { description: "edited" }, { ifMatch: etag(project) }),
        t.admin.del(`/api/v1/projects/${pname}`, { ifMatch: etag(project) }),
      ]);
      expect(p.filter(ok).length, p.map((r) => `${r.status} ${r.text}`).join("\n")).toBe(1);

      // Router: an edit and a delete with the same revision.
      const rname = `etag-r-${round}`;
      expect((await api.post(`${P}/routers`, sampleRouter(rname))).status).toBe(201);
      const rev = etag(await api.get(`${P}/routers/${rname}`));
      const r = await Promise.all([
        api.patch(`${P}/routers/${rname}`, { description: "edited" }, { ifMatch: rev }),
        api.del(`${P}/routers/${rname}`, { ifMatch: rev }),
      ]);
      expect(r.filter(ok).length, r.map((x) => `${x.status} ${x.text}`).join("\n")).toBe(1);

      // Audience: the same.
      const aname = `etag-a-${round}`;
      const created = await api.post(`${P}/audiences`, { name: aname, conditions: vipConditions("x") });
      const a = await Promise.all([
        api.patch(`${P}/audiences/${aname}`, { description: "edited" }, { ifMatch: etag(created) }),
        api.del(`${P}/audiences/${aname}`, { ifMatch: etag(created) }),
      ]);
      expect(a.filter(ok).length, a.map((x) => `${x.status} ${x.text}`).join("\n")).toBe(1);
      for (const loser of [...p, ...r, ...a].filter((x) => !ok(x))) expect([404, 412], loser.text).toContain(loser.status);
    }
  });

  it("deleting a project while its routers, audiences and tokens change: it waits for them, and nothing answers 5xx", async () => {
    for (let round = 0; round < 6; round++) {
      const name = `busy-${round}`;
      const { path, writer } = await t.project(name);
      for (const r of ["one", "two"]) expect((await writer.post(`${path}/routers`, sampleRouter(r))).status).toBe(201);
      for (const a of ["edited", "dropped"]) expect((await writer.post(`${path}/audiences`, { name: a, conditions: vipConditions("x") })).status).toBe(201);
      const token = await t.admin.post(`${path}/tokens`, { name: "revoked", scope: "read" });
      const split = (w: number) => ({ strategy: "random", split: [{ route: "stable", weight: 100 - w }, { route: "canary", weight: w }], shadows: [] });
      const results = await Promise.all([
        ...[1, 2, 3].flatMap((w) => [writer.put(`${path}/routers/one/default-rule`, split(w)), writer.put(`${path}/routers/two/default-rule`, split(w))]),
        writer.post(`${path}/routers/one/deployments`, { message: "racing" }),
        writer.post(`${path}/audiences`, { name: "late", conditions: vipConditions("x") }),
        writer.patch(`${path}/audiences/edited`, { conditions: vipConditions("y") }),
        writer.del(`${path}/audiences/dropped`),
        t.admin.del(`${path}/tokens/${token.body.id}`),
        t.admin.del(path),
      ]);
      expect(results.filter((r) => r.status >= 500).map((r) => r.text)).toEqual([]);
      expect(results.at(-1)!.status).toBe(204);
      expect(await t.db.prisma.project.count({ where: { name } })).toBe(0);
      expect(await t.db.prisma.auditEvent.count({ where: { projectName: name, action: "project.delete" } })).toBe(1);
    }
  }, 180_000);

  it("revoking one token twice at once records one revocation", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const token = await t.admin.post(`${P}/tokens`, { name: `twice-${round}`, scope: "read" });
      const results = await Promise.all([t.admin.del(`${P}/tokens/${token.body.id}`), t.admin.del(`${P}/tokens/${token.body.id}`)]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(results[0]!.body.revokedAt).toBe(results[1]!.body.revokedAt);
      expect(await t.db.prisma.auditEvent.count({ where: { action: "token.revoke", targetName: `twice-${round}` } })).toBe(1);
    }
  });
});
