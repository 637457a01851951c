/**
 * The rollout API and its invariants on a real PostgreSQL, without gateways: validation
 * (problem+json with field paths), one rollout per router under a race, manual deploys
 * refused while a rollout runs, pause/resume/promote/abort, one leading controller among
 * several, and a decision applied twice that deploys once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, startApiTest, type ApiTest, type Client } from "@/lib/http/test-client";
import { routerDocumentSchema, type RouterDocumentInput } from "@/lib/router/document";
import { RolloutController } from "./controller";
import { decide } from "./decide";
import { stagesOf } from "./plan";
import { gatesSchema } from "./schema";
import { stateOf, type RolloutRecord, type StoredSpec } from "./stored";
import { applyDecision } from "./transitions";

let api: ApiTest;
let writer: Client;
let P: string;
let projectId: string;

const doc = (name: string): RouterDocumentInput => ({
  name,
  settings: { missingKey: "reject", seed: name },
  routes: [
    { name: "stable", url: "http://127.0.0.1:9", timeoutMs: 1000 },
    { name: "canary", url: "http://127.0.0.1:9", timeoutMs: 1000 },
    { name: "other", url: "http://127.0.0.1:9", timeoutMs: 1000 },
  ],
  rules: [{ name: "beta", conditions: [{ source: "header", key: "x-beta", operator: "present", values: [] }], strategy: "sticky", split: [{ route: "stable", weight: 80 }, { route: "other", weight: 20 }], shadows: [] }],
  defaultRule: { strategy: "sticky", split: [{ route: "stable", weight: 100 }], shadows: [] },
});

async function router(name: string): Promise<number> {
  expect((await writer.post(`${P}/routers`, doc(name))).status).toBe(201);
  const deployed = await writer.post(`${P}/routers/${name}/deployments`, { message: "first" });
  expect(deployed.status).toBe(201);
  return deployed.body.version;
}

const slow = { intervalSeconds: 3600 };
const body = (extra: Record<string, unknown> = {}) => ({ rule: "default", baseline: "stable", canary: "canary", steps: [{ weight: 10 }, { weight: 50 }], gates: slow, ...extra });

beforeAll(async () => {
  api = await startApiTest();
  const project = await api.project("acme");
  writer = project.writer;
  P = project.path;
  projectId = (await api.db.prisma.project.findUniqueOrThrow({ where: { name: "acme" } })).id;
});

afterAll(async () => {
  await api?.close();
});

describe("starting a rollout", () => {
  beforeAll(async () => {
    await router("v");
  });

  it.each([
    { why: "unknown field", body: body({ extra: 1 }), status: 422, path: "" },
    { why: "canary = baseline", body: body({ canary: "stable" }), status: 422, path: "canary" },
    { why: "no steps", body: body({ steps: [] }), status: 422, path: "steps" },
    { why: "decreasing steps", body: body({ steps: [{ weight: 50 }, { weight: 10 }] }), status: 422, path: "steps.1.weight" },
    { why: "a step at 0", body: body({ steps: [{ weight: 0 }] }), status: 422, path: "steps.0.weight" },
    { why: "three decimals", body: body({ steps: [{ weight: 1.005 }] }), status: 422, path: "steps.0.weight" },
    { why: "interval of 0", body: body({ gates: { intervalSeconds: 0 } }), status: 422, path: "gates.intervalSeconds" },
    { why: "unknown gate", body: body({ gates: { maxErrors: 1 } }), status: 422, path: "gates.maxErrors" },
    { why: "p95 ratio below 1", body: body({ gates: { maxP95Ratio: 0.5 } }), status: 422, path: "gates.maxP95Ratio" },
    { why: "unknown rule", body: body({ rule: "nope" }), status: 422, path: "rule" },
    { why: "canary not a route", body: body({ canary: "ghost" }), status: 422, path: "canary" },
    { why: "baseline outside the rule", body: body({ baseline: "other" }), status: 422, path: "baseline" },
    { why: "a step above what baseline and canary hold", body: body({ rule: "beta", steps: [{ weight: 90 }] }), status: 422, path: "steps.0.weight" },
  ])("refuses $why with a problem naming the field", async ({ body: b, status, path }) => {
    const res = await writer.post(`${P}/routers/v/rollouts`, b);
    expectProblem(res, status);
    if (path) expect(res.body.errors.map((e: { path: string }) => e.path), res.text).toContain(path);
  });

  it("fills in the defaults, deploys the first step at once and shows the rollout in progress", async () => {
    const start = await router("defaults");
    const res = await writer.post(`${P}/routers/defaults/rollouts`, { rule: "default", baseline: "stable", canary: "canary" });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("location")).toBe(`${P}/routers/defaults/rollouts/1`);
    expect(res.body).toMatchObject({ id: 1, status: "running", stage: 0, stageLabel: "step 1 of 5", weight: 1, startVersion: start, currentVersion: start + 1 });
    expect(res.body.spec.steps.map((s: { weight: number }) => s.weight)).toEqual([1, 5, 25, 50, 100]);
    expect(res.body.spec.gates).toMatchObject({ intervalSeconds: 60, minRequests: 100, maxErrorRate: 1, failureLimit: 3 });
    const active = await writer.get(`${P}/routers/defaults/rollouts?status=active`);
    expect(active.body.items.map((r: { id: number }) => r.id)).toEqual([1]);
    const project = await writer.get(`${P}/rollouts?status=active`);
    expect(project.body.items.some((r: { router: string }) => r.router === "defaults")).toBe(true);
    const version = await writer.get(`${P}/routers/defaults/versions/${start + 1}`);
    expect(version.body.message).toBe("rollout 1: step 1 of 5, canary 1 %");
  });

  it("lets exactly one of two rollouts started at once through; the other gets 409", async () => {
    await router("race");
    const results = await Promise.all([writer.post(`${P}/routers/race/rollouts`, body()), writer.post(`${P}/routers/race/rollouts`, body())]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expectProblem(results.find((r) => r.status === 409)!, 409);
    const versions = await writer.get(`${P}/routers/race/versions`);
    expect(versions.body.items).toHaveLength(2);
  });
});

describe("while a rollout runs", () => {
  it("refuses a manual deploy or rollback with 409, unless it aborts the rollout explicitly", async () => {
    const start = await router("guarded");
    expect((await writer.post(`${P}/routers/guarded/rollouts`, body())).status).toBe(201);
    const refused = await writer.post(`${P}/routers/guarded/deployments`, { message: "sneaky" });
    expectProblem(refused, 409);
    expect(refused.body).toMatchObject({ code: "rollout_in_progress", rollout: 1 });
    expectProblem(await writer.post(`${P}/routers/guarded/versions/${start}/rollback`, {}), 409);
    const forced = await writer.post(`${P}/routers/guarded/deployments`, { message: "hotfix", abortRollout: true });
    expect(forced.status, forced.text).toBe(201);
    const r = (await writer.get(`${P}/routers/guarded/rollouts/1`)).body;
    expect(r).toMatchObject({ status: "aborted", reason: expect.stringMatching(/manual deploy/) });
    expect((await writer.get(`${P}/routers/guarded`)).body.activeVersion).toBe(forced.body.version);
  });

  it("pauses, resumes, promotes to the last step, and refuses actions that do not fit the state", async () => {
    const start = await router("manual");
    const R = `${P}/routers/manual/rollouts/1`;
    expect((await writer.post(`${P}/routers/manual/rollouts`, body({ steps: [{ weight: 10 }, { weight: 50 }, { weight: 90 }] }))).status).toBe(201);
    const refused = await writer.post(`${R}/resume`);
    expectProblem(refused, 409);
    expect(refused.body).toMatchObject({ code: "rollout_state", rolloutStatus: "running" });
    expect((await writer.post(`${R}/pause`)).body).toMatchObject({ status: "paused", pause: "manual" });
    expectProblem(await writer.post(`${R}/pause`), 409);
    expect((await writer.post(`${R}/resume`)).body).toMatchObject({ status: "running", pause: null });
    const promoted = await writer.post(`${R}/promote`);
    expect(promoted.body).toMatchObject({ status: "completed", stage: 2, weight: 90, currentVersion: start + 2, reason: expect.stringMatching(/^promoted by /) });
    const active = await writer.get(`${P}/routers/manual/versions/${start + 2}`);
    expect(routerDocumentSchema.parse(active.body.document).defaultRule!.split).toEqual([
      { route: "stable", weight: 10 },
      { route: "canary", weight: 90 },
    ]);
    expectProblem(await writer.post(`${R}/abort`), 409);
    expectProblem(await writer.post(`${P}/routers/manual/rollouts/99/abort`), 404);
    // Completed: the router deploys normally again.
    expect((await writer.post(`${P}/routers/manual/deployments`, { message: "after" })).status).toBe(201);
  });

  it("abort deploys the start version again, slot tables included", async () => {
    const start = await router("aborted");
    expect((await writer.post(`${P}/routers/aborted/rollouts`, body({ rule: "beta", baseline: "stable", steps: [{ weight: 30 }] }))).status).toBe(201);
    const aborted = await writer.post(`${P}/routers/aborted/rollouts/1/abort`);
    expect(aborted.body).toMatchObject({ status: "aborted", currentVersion: start + 2 });
    const [first, last] = await Promise.all([writer.get(`${P}/routers/aborted/versions/${start}`), writer.get(`${P}/routers/aborted/versions/${start + 2}`)]);
    expect(last.body.document).toEqual(first.body.document);
    expect(last.body.message).toBe(`rollout 1 aborted (aborted by admin@example.com): back to version ${start}`.replace("admin@example.com", last.body.author));
  });

  it("viewers read rollouts but cannot act on them", async () => {
    const res = await api.admin.post("/api/v1/projects/acme/tokens", { name: "reader", scope: "read" });
    const reader = writer.withHeaders({ authorization: `Bearer ${res.body.token}` });
    expect((await reader.get(`${P}/routers/aborted/rollouts/1`)).status).toBe(200);
    expectProblem(await reader.post(`${P}/routers/aborted/rollouts/1/pause`), 403);
    expectProblem(await reader.post(`${P}/routers/aborted/rollouts`, body()), 403);
  });
});

describe("the controller", () => {
  it("leads in one instance only; when the leader stops, another takes over", async () => {
    const make = () => new RolloutController({ db: api.db.prisma, databaseUrl: api.db.url, tickMs: 60_000 });
    const controllers = [make(), make(), make()];
    try {
      await Promise.all(controllers.map((c) => c.tick()));
      expect(controllers.filter((c) => c.isLeader)).toHaveLength(1);
      const leader = controllers.find((c) => c.isLeader)!;
      await leader.stop();
      const rest = controllers.filter((c) => c !== leader);
      await Promise.all(rest.map((c) => c.tick()));
      expect(rest.filter((c) => c.isLeader)).toHaveLength(1);
    } finally {
      await Promise.all(controllers.map((c) => c.stop()));
    }
  });

  it("applies a decision taken twice on the same state once: one new version, the other attempt stale", async () => {
    const start = await router("twice");
    expect((await writer.post(`${P}/routers/twice/rollouts`, body({ gates: { intervalSeconds: 1, passesToAdvance: 1 }, steps: [{ weight: 10, bakeSeconds: 0 }, { weight: 50 }] }))).status).toBe(201);
    const row = await api.db.prisma.rollout.findFirstOrThrow({ where: { router: { name: "twice" } } });
    const r = { ...row, spec: row.spec as unknown as StoredSpec, status: row.status as RolloutRecord["status"], pause: row.pause as RolloutRecord["pause"] };
    const now = row.stageStartedAt.getTime() + 2000;
    const gates = gatesSchema.parse(r.spec.gates);
    const evaluation = { verdict: "pass" as const, reason: "every gate passed", gates: [], sample: { ok: true as const, baseline: { requests: 100, errors: 0, p95Seconds: 0.01 }, canary: { requests: 100, errors: 0, p95Seconds: 0.01 }, shadow: { compared: 0, agreeing: 0 } } };
    const decision = decide(gates, stagesOf(r.spec), stateOf(r), now, evaluation);
    expect(decision.action).toEqual({ kind: "advance", to: 1 });
    const ref = { projectId, routerName: "twice", number: 1, seq: row.seq };
    const results = await Promise.all([0, 1, 2].map(() => applyDecision(api.db.prisma, ref, decision, { at: now, stage: 0, result: evaluation }, now).catch((e: Error) => e.message)));
    expect(results.filter((x) => x === "applied")).toHaveLength(1);
    const versions = await writer.get(`${P}/routers/twice/versions`);
    expect(versions.body.items.map((v: { number: number }) => v.number).sort()).toEqual([start, start + 1, start + 2]);
    const after = (await writer.get(`${P}/routers/twice/rollouts/1`)).body;
    expect(after).toMatchObject({ stage: 1, currentVersion: start + 2 });
    expect(after.evaluations).toHaveLength(1);
  });
});
