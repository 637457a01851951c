import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRouter } from "@/lib/testing/api-fixtures";
import { expectProblem, startApiTest, type ApiTest, type Client } from "./test-client";

/**
 * The analysis on the server, through the real route handlers over HTTP: it runs in worker
 * threads, so a pathological router never holds up other requests; deploys analyse before
 * taking the router's lock and check the revision under it; and what cannot be analysed in
 * bounds cannot be stored.
 */

let t: ApiTest;
let api: Client;
let P: string;

beforeAll(async () => {
  t = await startApiTest();
  const project = await t.project("bounds");
  P = project.path;
  api = project.writer;
}, 60_000);
afterAll(async () => t?.close());

const etag = (res: { headers: Headers }) => Number(JSON.parse(res.headers.get("etag")!));
const rule = (name: string, pattern: string) => ({ name, conditions: [{ source: "header", key: "user-agent", operator: "regex", values: [pattern] }], strategy: "random", split: [{ route: "stable", weight: 100 }] });

/**
 * Rules whose analysis takes the whole budget: each pattern's automaton grows to the node
 * limit (seconds of work) before the question is given up as "may overlap". Added after the
 * router is created, so that no earlier answer is remembered.
 */
async function makeHard(router: string, [a, b, c]: string): Promise<void> {
  // Letters of their own per router: a worker remembers what it learnt about a pattern.
  const patterns = [`(${a}|${b})*${a}(${a}|${b}){14}`, `(${a}|${b})*${b}(${a}|${b}){14}`, `(${a}|${c})*${a}(${a}|${c}){14}`, `(${b}|${c})*${c}(${b}|${c}){14}`, `.*<img src=${a} onerror=alert\\(1\\)>.*`];
  for (const [i, pattern] of patterns.entries()) {
    const res = await api.post(`${P}/routers/${router}/rules`, rule(`hard-${i}`, pattern));
    expect(res.status, res.text).toBe(201);
  }
}

/** Starts `request`, waits until it has been running for `ms`, and says whether it is still running. */
async function running<T>(request: Promise<T>, ms: number): Promise<{ settled: () => boolean; result: Promise<T> }> {
  let done = false;
  const result = request.finally(() => {
    done = true;
  });
  await new Promise((r) => setTimeout(r, ms));
  return { settled: () => done, result };
}

async function timed<T>(request: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await request;
  return { value, ms: performance.now() - started };
}

/**
 * "Answers in under a second": a second more than the same kind of request took just before
 * (on a machine shared with other work a plain request can take a few hundred ms). Held up
 * behind an analysis, it would take the analysis' seconds.
 */
async function baseline(requests: () => Promise<unknown>[]): Promise<number> {
  let slowest = 0;
  for (const request of requests()) slowest = Math.max(slowest, (await timed(request)).ms);
  return slowest + 1000;
}

describe("a pathological analysis runs in a worker", () => {
  it("other requests answer in under a second while it runs; it ends with 'may overlap', not a hang", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("hard"))).status).toBe(201);
    expect((await api.post(`${P}/routers`, sampleRouter("calm"))).status).toBe(201);
    await makeHard("hard", "abc");
    const others = () => [api.get(P), api.get(`${P}/routers/calm/config`), api.patch(`${P}/routers/calm/routes/stable`, { timeoutMs: 1500 })];
    const limit = await baseline(others);
    const analysis = await running(api.get(`${P}/routers/hard/analysis`), 700);
    const answers = [];
    for (const request of others()) answers.push(await timed(request));
    expect(analysis.settled(), "the analysis was still running while the other requests were served").toBe(false);
    for (const { value, ms } of answers) {
      expect(value.status, value.text).toBe(200);
      expect(ms).toBeLessThan(limit);
    }
    const done = await analysis.result;
    expect(done.status, done.text).toBe(200);
    const uncertain = done.body.findings.filter((f: { uncertain?: boolean }) => f.uncertain);
    expect(uncertain.length).toBeGreaterThan(0);
    expect(done.body.errors).toBe(0);
  }, 120_000);
});

describe("deploy", () => {
  it("with a stale If-Match: 412 naming both revisions, nothing deployed", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("stale"))).status).toBe(201);
    const reviewed = etag(await api.get(`${P}/routers/stale/config`));
    expect((await api.patch(`${P}/routers/stale`, { description: "edited after the review" })).status).toBe(200);
    const res = await api.post(`${P}/routers/stale/deployments`, { message: "what I reviewed" }, { ifMatch: reviewed });
    expectProblem(res, 412);
    expect(res.body).toMatchObject({ code: "stale_revision", expected: reviewed, current: reviewed + 1 });
    expect(res.body.detail).toContain(`you had revision ${reviewed}, it is now ${reviewed + 1}`);
    expect((await api.get(`${P}/routers/stale/versions`)).body.items).toEqual([]);
    const ok = await api.post(`${P}/routers/stale/deployments`, { message: "what I reviewed now" }, { ifMatch: reviewed + 1 });
    expect(ok.status, ok.text).toBe(201);
  });

  it("a draft identical to the active version: 409 nothing_to_deploy, no version created", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("same"))).status).toBe(201);
    expect((await api.post(`${P}/routers/same/deployments`, { message: "v1" })).status).toBe(201);
    const again = await api.post(`${P}/routers/same/deployments`, { message: "v2?" });
    expectProblem(again, 409);
    expect(again.body).toMatchObject({ code: "nothing_to_deploy", activeVersion: 1 });
    const withRevision = await api.post(`${P}/routers/same/deployments`, { message: "v2?" }, { ifMatch: etag(await api.get(`${P}/routers/same/config`)) });
    expect(withRevision.body.code).toBe("nothing_to_deploy");
    expect((await api.get(`${P}/routers/same/versions`)).body.items.map((v: { number: number }) => v.number)).toEqual([1]);
    // A description alone is not something a request could notice: still nothing to deploy.
    expect((await api.patch(`${P}/routers/same`, { description: "v2" })).status).toBe(200);
    expect((await api.post(`${P}/routers/same/deployments`, { message: "v2?" })).body.code).toBe("nothing_to_deploy");
    expect((await api.patch(`${P}/routers/same/routes/stable`, { timeoutMs: 1500 })).status).toBe(200);
    const v2 = await api.post(`${P}/routers/same/deployments`, { message: "v2" });
    expect(v2.body, v2.text).toEqual({ version: 2 });
    // After a rollback the draft differs from what runs again.
    expect((await api.post(`${P}/routers/same/versions/1/rollback`, {})).status).toBe(201);
    expect((await api.post(`${P}/routers/same/deployments`, { message: "v2 again" })).body).toEqual({ version: 4 });
  });

  it("deploys with If-Match racing an edit of the draft: a version is only ever the revision that was reviewed", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("raced"))).status).toBe(201);
    for (let round = 1; round <= 6; round++) {
      const reviewed = await api.get(`${P}/routers/raced/config`);
      const revision = etag(reviewed);
      const seen = reviewed.body.routes.find((r: { name: string }) => r.name === "stable").timeoutMs;
      const [a, b, edit] = await Promise.all([
        api.post(`${P}/routers/raced/deployments`, { message: `round ${round} a` }, { ifMatch: revision }),
        api.post(`${P}/routers/raced/deployments`, { message: `round ${round} b` }, { ifMatch: revision }),
        api.patch(`${P}/routers/raced/routes/stable`, { timeoutMs: 1000 + round }, { ifMatch: revision }),
      ]);
      expect(edit.status, edit.text).toBe(200);
      for (const res of [a, b]) {
        if (res.status === 201) {
          const version = await api.get(`${P}/routers/raced/versions/${res.body.version}`);
          expect(version.body.document.routes.find((r: { name: string }) => r.name === "stable").timeoutMs, `round ${round}`).toBe(seen);
        } else {
          expectProblem(res, res.status);
          expect([
            [412, "stale_revision"],
            [409, "deploy_in_progress"],
            [409, "nothing_to_deploy"],
          ]).toContainEqual([res.status, res.body.code]);
        }
      }
      expect([a, b].filter((r) => r.status === 201).length, `round ${round}: one deploy of one reviewed draft`).toBeLessThanOrEqual(1);
    }
    const versions = (await api.get(`${P}/routers/raced/versions`)).body.items.map((v: { number: number }) => v.number);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => versions.length - i));
  }, 60_000);

  it("holds no lock while it analyses: the router can be read and edited meanwhile, and the deploy then refuses the moved draft", async () => {
    expect((await api.post(`${P}/routers`, sampleRouter("slow"))).status).toBe(201);
    expect((await api.post(`${P}/routers`, sampleRouter("neighbour"))).status).toBe(201);
    await makeHard("slow", "xyz");
    const limit = await baseline(() => [api.get(`${P}/routers/slow/config`), api.patch(`${P}/routers/neighbour/routes/canary`, { timeoutMs: 800 }), api.patch(`${P}/routers/neighbour/routes/stable`, { timeoutMs: 800 })]);
    const reviewed = etag(await api.get(`${P}/routers/slow/config`));
    const deploy = await running(api.post(`${P}/routers/slow/deployments`, { message: "slow" }, { ifMatch: reviewed }), 700);
    const read = await timed(api.get(`${P}/routers/slow/config`));
    const other = await timed(api.patch(`${P}/routers/neighbour/routes/canary`, { timeoutMs: 900 }));
    const edit = await timed(api.patch(`${P}/routers/slow/routes/stable`, { timeoutMs: 4321 }, { ifMatch: reviewed }));
    expect(deploy.settled(), "the deploy was still analysing").toBe(false);
    for (const { value, ms } of [read, other, edit]) {
      expect(value.status, value.text).toBe(200);
      expect(ms).toBeLessThan(limit);
    }
    const refused = await deploy.result;
    expectProblem(refused, 412);
    expect(refused.body).toMatchObject({ expected: reviewed, current: reviewed + 1 });
    expect((await api.get(`${P}/routers/slow/versions`)).body.items).toEqual([]);
    // Without If-Match the deploy takes the draft as it is when it commits: analysed, then deployed.
    const deployed = await api.post(`${P}/routers/slow/deployments`, { message: "as it is now" });
    expect(deployed.status, deployed.text).toBe(201);
    const version = await api.get(`${P}/routers/slow/versions/${deployed.body.version}`);
    expect(version.body.document.routes.find((r: { name: string }) => r.name === "stable").timeoutMs).toBe(4321);
  }, 120_000);
});

describe("caps on what can be stored", () => {
  it.each([
    ["a rule's regex repeated 1000 times", "POST", "/routers/r1/rules", { ...rule("too-many", "a{1000}") }, "conditions.0.values.0", /repetition count may be at most 100/],
    ["a rule's regex of 600 characters", "POST", "/routers/r1/rules", { ...rule("too-long", "a".repeat(600)) }, "conditions.0.values.0", /at most 512 characters/],
    [
      "an audience's 300-character value",
      "POST",
      "/audiences",
      { name: "long", conditions: [{ source: "header", key: "x", operator: "in", values: ["ok", "x".repeat(300)] }] },
      "conditions.0.values.1",
      /at most 256 characters/,
    ],
    [
      "a prefix in the whole document",
      "PUT",
      "/routers/r1/config",
      { ...sampleRouter("r1"), rules: [{ ...sampleRouter("r1").rules[0], conditions: [{ source: "query", key: "q", operator: "prefix", values: ["p".repeat(257)] }] }] },
      "rules.0.conditions.0.values.0",
      /at most 256 characters/,
    ],
  ] as const)("%s → 422 naming the value", async (_what, method, path, body, field, message) => {
    if ((await api.get(`${P}/routers/r1`)).status === 404) expect((await api.post(`${P}/routers`, sampleRouter("r1"))).status).toBe(201);
    const ifMatch = method === "PUT" ? etag(await api.get(`${P}/routers/r1/config`)) : undefined;
    const res = await api.request(method, `${P}${path}`, { body, ...(ifMatch !== undefined ? { ifMatch } : {}) });
    expectProblem(res, 422, field);
    expect(res.body.errors.find((e: { path: string }) => e.path === field).message).toMatch(message);
  });
});
