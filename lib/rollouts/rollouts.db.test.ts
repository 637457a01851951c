/**
 * Rollouts end to end on real parts: a real gateway process serving real HTTP backends,
 * its heartbeats as the metrics, PostgreSQL, and the controller ticking every 100 ms with
 * gates evaluated every second. A healthy canary completes every step (each one a version,
 * sticky keys only ever moving to the canary); one answering 5 % 5xx, or twice as slow, is
 * aborted and every sticky key is back on its route; no traffic holds the first step; a
 * disagreeing shadow aborts before any live traffic; a new controller resumes mid-rollout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerWith, startBackend, type Backend, type BackendHandler } from "@/lib/gateway/test-support/backends";
import { eventually, TestClient } from "@/lib/gateway/test-support/client";
import { startGatewayProcess, type GatewayProcess } from "@/lib/fleet/test-support/gateway-process";
import { startApiTest, type ApiTest, type Client } from "@/lib/http/test-client";
import type { RouterDocumentInput } from "@/lib/router/document";
import { storedRouterDocumentSchema } from "@/lib/router/document";
import { saveRouterDocument } from "@/lib/routers/document-repo";
import { deployRouter } from "@/lib/versions/repo";
import { RolloutController } from "./controller";
import type { RolloutDetail } from "./schema";

const PROJECT = "acme";
const client = new TestClient();
let api: ApiTest;
let writer: Client;
let projectId: string;
let gateway: GatewayProcess;
let controller: RolloutController;
const logs: string[] = [];
const backends: Backend[] = [];

/** Answers like `answerWith(name)`, after `delayMs`, and with a 500 for every `errorEvery`-th request. */
function backend(name: string, o: { delayMs?: number; errorEvery?: number } = {}): BackendHandler {
  let n = 0;
  return (request, res) => {
    n++;
    const status = o.errorEvery && n % o.errorEvery === 0 ? 500 : 200;
    setTimeout(() => answerWith(name, status)(request, res), o.delayMs ?? 0);
  };
}

async function serve(handler: BackendHandler): Promise<Backend> {
  const b = await startBackend(handler);
  backends.push(b);
  return b;
}

/** A router whose default rule sends every sticky key to `stable`; `canary` is a route without weight. */
async function router(name: string, stable: Backend, canary: Backend): Promise<number> {
  const doc: RouterDocumentInput = {
    name,
    settings: { missingKey: "reject", seed: name },
    routes: [
      { name: "stable", url: stable.url, timeoutMs: 2000 },
      { name: "canary", url: canary.url, timeoutMs: 2000 },
    ],
    rules: [],
    defaultRule: { strategy: "sticky", split: [{ route: "stable", weight: 100 }], shadows: [] },
  };
  await saveRouterDocument(api.db.prisma, projectId, doc);
  const { number } = await deployRouter(api.db.prisma, projectId, name, { message: "first", author: "test" });
  expect(await eventually(async () => (await client.send(`${gateway.url}/${PROJECT}/${name}/`, { headers: { "x-shard-key": "probe" } })).headers["x-turnout-version"] === String(number), 10_000, 50)).toBe(true);
  return number;
}

/** Sends requests with sticky keys from a pool of 400 until stopped; records each key's route per version. */
function traffic(name: string, concurrency = 6) {
  const seen = new Map<string, Map<number, Set<string>>>();
  let stopped = false;
  let sent = 0;
  const worker = async (w: number) => {
    for (let i = w; !stopped; i += concurrency) {
      const key = `k-${i % 400}`;
      const reply = await client.send(`${gateway.url}/${PROJECT}/${name}/predict`, { headers: { "x-shard-key": key } }).catch(() => null);
      sent++;
      if (!reply) continue;
      const version = Number(reply.headers["x-turnout-version"]);
      const route = String(reply.headers["x-turnout-route"]);
      let byVersion = seen.get(key);
      if (!byVersion) seen.set(key, (byVersion = new Map()));
      let routes = byVersion.get(version);
      if (!routes) byVersion.set(version, (routes = new Set()));
      routes.add(route);
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return {
    seen,
    sent: () => sent,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

const gates = { intervalSeconds: 1, minRequests: 20, failureLimit: 2, passesToAdvance: 1, maxErrorRate: 1, maxErrorRateIncrease: 0.5, maxP95Ratio: 1.5, p95ToleranceMs: 10 };
const steps = [25, 50, 100].map((weight) => ({ weight, bakeSeconds: 1 }));

async function start(name: string, body: Record<string, unknown> = {}): Promise<RolloutDetail> {
  const res = await writer.post(`/api/v1/projects/${PROJECT}/routers/${name}/rollouts`, { rule: "default", baseline: "stable", canary: "canary", steps, gates, ...body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const read = async (name: string, id: number): Promise<RolloutDetail> => (await writer.get(`/api/v1/projects/${PROJECT}/routers/${name}/rollouts/${id}`)).body;

async function until(name: string, id: number, done: (r: RolloutDetail) => boolean, timeoutMs = 40_000): Promise<RolloutDetail> {
  let last: RolloutDetail | null = null;
  const ok = await eventually(
    async () => {
      last = await read(name, id);
      return done(last);
    },
    timeoutMs,
    100,
  );
  if (!ok) throw new Error(`rollout ${name}/${id} did not get there in ${timeoutMs} ms: ${JSON.stringify(last, null, 1).slice(0, 3000)}\n${logs.slice(-20).join("\n")}`);
  return last!;
}

async function versions(name: string) {
  const router = await api.db.prisma.router.findUniqueOrThrow({ where: { projectId_name: { projectId, name } }, select: { id: true, activeVersion: { select: { number: true } } } });
  const all = await api.db.prisma.version.findMany({ where: { routerId: router.id }, orderBy: { number: "asc" } });
  return { active: router.activeVersion?.number ?? null, all };
}

function startController(): RolloutController {
  return new RolloutController({ db: api.db.prisma, databaseUrl: api.db.url, tickMs: 100, log: (l) => logs.push(l) }).start();
}

beforeAll(async () => {
  api = await startApiTest();
  writer = (await api.project(PROJECT)).writer;
  projectId = (await api.db.prisma.project.findUniqueOrThrow({ where: { name: PROJECT } })).id;
  gateway = await startGatewayProcess(api.db.url, ["--heartbeat-ms", "200", "--poll-ms", "60000"]);
  controller = startController();
}, 180_000);

afterAll(async () => {
  await controller?.stop();
  await gateway?.kill();
  await Promise.all(backends.map((b) => b.close()));
  await client.close();
  await api?.close();
});

describe("a healthy canary", () => {
  it("goes through the shadow phase and every step, each an ordinary version, and no sticky key ever leaves the canary; a new controller resumes mid-rollout without a second deploy", async () => {
    const [stable, canary] = await Promise.all([serve(backend("same")), serve(backend("same"))]);
    const startVersion = await router("healthy", stable, canary);
    const load = traffic("healthy");
    try {
      // Identical backends: on a busy machine their p95s differ by scheduling noise alone, which the tolerance absorbs.
      const created = await start("healthy", { shadow: { percent: 50, durationSeconds: 1, minAgreement: 99 }, gates: { ...gates, p95ToleranceMs: 1000 } });
      expect(created).toMatchObject({ status: "running", stage: 0, stageLabel: "shadow phase", startVersion, currentVersion: startVersion + 1, stages: 4 });

      // Restart the controller once the rollout is past its first step.
      await until("healthy", created.id, (r) => r.stage >= 2);
      await controller.stop();
      controller = startController();

      const done = await until("healthy", created.id, (r) => r.status === "completed");
      expect(done.weight).toBe(100);
      expect(done.timeline.map((s) => [s.label, s.state])).toEqual([
        ["shadow phase", "done"],
        ["step 1 of 3", "done"],
        ["step 2 of 3", "done"],
        ["step 3 of 3", "done"],
      ]);
      expect(done.evaluations.length).toBeGreaterThanOrEqual(4);
      expect(done.evaluations.filter((e) => e.verdict === "fail")).toEqual([]);
    } finally {
      await load.stop();
    }

    // One version per stage, none twice (the restart deployed nothing again), the last one active.
    const { active, all } = await versions("healthy");
    expect(all.map((v) => [v.number, v.message, v.author])).toEqual([
      [startVersion, "first", "test"],
      [startVersion + 1, "rollout 1: shadow phase, 50 % mirrored to canary", "rollout controller"],
      [startVersion + 2, "rollout 1: step 1 of 3, canary 25 %", "rollout controller"],
      [startVersion + 3, "rollout 1: step 2 of 3, canary 50 %", "rollout controller"],
      [startVersion + 4, "rollout 1: step 3 of 3, canary 100 %", "rollout controller"],
    ]);
    expect(active).toBe(startVersion + 4);
    expect(storedRouterDocumentSchema.parse(all[4]!.document).defaultRule!.split).toEqual([
      { route: "stable", weight: 0 },
      { route: "canary", weight: 100 },
    ]);

    // A key served by the canary in one version is served by it in every later one.
    let keysOnCanary = 0;
    for (const [key, byVersion] of load.seen) {
      const routes = [...byVersion].sort((a, b) => a[0] - b[0]);
      for (const [, r] of routes) expect(r.size, key).toBe(1);
      const first = routes.findIndex(([, r]) => r.has("canary"));
      if (first === -1) continue;
      keysOnCanary++;
      expect(routes.slice(first).every(([, r]) => r.has("canary")), `${key}: ${JSON.stringify(routes.map(([v, r]) => [v, [...r]]))}`).toBe(true);
    }
    expect(keysOnCanary).toBeGreaterThan(50);
    // Completed: the last step's weights stay active, every key on the canary.
    for (let i = 0; i < 400; i += 7) {
      expect((await client.send(`${gateway.url}/${PROJECT}/healthy/`, { headers: { "x-shard-key": `k-${i}` } })).headers["x-turnout-route"]).toBe("canary");
    }
    // Every step and the completion are in the audit log.
    const events = await writer.get(`/api/v1/projects/${PROJECT}/events?limit=50`);
    const actions = events.body.items.filter((e: { targetName: string }) => e.targetName.startsWith("healthy")).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["rollout.create", "rollout.step", "rollout.complete", "router.deploy"]));
    expect(actions.filter((a: string) => a === "rollout.step")).toHaveLength(3);
  }, 120_000);
});

/** Aborts: the start version's document is active again, slot tables and all, and every sampled key is on its original route. */
async function expectBackWhereItWas(name: string, startVersion: number, before: Map<string, string>) {
  const { active, all } = await versions(name);
  const start = all.find((v) => v.number === startVersion)!;
  const last = all[all.length - 1]!;
  expect(active).toBe(last.number);
  expect(last.message).toMatch(new RegExp(`^rollout 1 aborted \\(.*\\): back to version ${startVersion}$`));
  expect(last.document).toEqual(start.document);
  expect(await eventually(async () => (await client.send(`${gateway.url}/${PROJECT}/${name}/`, { headers: { "x-shard-key": "probe" } })).headers["x-turnout-version"] === String(last.number), 10_000, 50)).toBe(true);
  for (const [key, route] of before) {
    const reply = await client.send(`${gateway.url}/${PROJECT}/${name}/`, { headers: { "x-shard-key": key } });
    expect(reply.headers["x-turnout-route"], key).toBe(route);
  }
}

async function routesOf(name: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < 100; i++) {
    const reply = await client.send(`${gateway.url}/${PROJECT}/${name}/`, { headers: { "x-shard-key": `sample-${i}` } });
    out.set(`sample-${i}`, String(reply.headers["x-turnout-route"]));
  }
  return out;
}

describe("a bad canary", () => {
  it.each([
    { name: "erroring", canary: { errorEvery: 20 }, stable: {}, gate: "errorRate" },
    // Far slower than twice the baseline, so that a busy machine's scheduling noise cannot hide it.
    { name: "slow", canary: { delayMs: 250 }, stable: { delayMs: 20 }, gate: "p95Ratio" },
  ])("$name: fails its $gate gate twice in a row and is aborted, every sticky key back on its original route", async ({ name, canary: c, stable: s, gate }) => {
    const [stable, canary] = await Promise.all([serve(backend("stable", s)), serve(backend("canary", c))]);
    const startVersion = await router(name, stable, canary);
    const before = await routesOf(name);
    const load = traffic(name, 16);
    let done: RolloutDetail;
    try {
      const created = await start(name);
      done = await until(name, created.id, (r) => r.status === "aborted");
    } finally {
      await load.stop();
    }
    // Aborted at the first step, after exactly failureLimit failed evaluations in a row.
    expect(done.stage).toBe(0);
    expect(done.reason).toMatch(/^2 failed evaluations in a row: /);
    // An inconclusive evaluation in between is evidence of nothing: it neither resets nor adds to the failures.
    expect(done.evaluations[done.evaluations.length - 1]!.verdict).toBe("fail");
    const failed = done.evaluations[done.evaluations.length - 1]!.gates.find((g) => g.gate === gate)!;
    expect(failed).toMatchObject({ verdict: "fail", threshold: gate === "errorRate" ? 1 : 1.5 });
    expect(failed.value!).toBeGreaterThan(gate === "errorRate" ? 1 : 1.5);
    // Within failureLimit intervals of the first conclusive evaluation: it failed, and so did each one after it up to the abort
    // (the time bound is only a generous "no hang": the intervals are measured by the evaluations themselves).
    const conclusive = done.evaluations.filter((e) => e.verdict !== "inconclusive");
    expect(conclusive.map((e) => e.verdict)).toEqual(Array(gates.failureLimit).fill("fail"));
    expect(Date.parse(done.endedAt!) - Date.parse(conclusive[0]!.at)).toBeLessThanOrEqual(gates.failureLimit * gates.intervalSeconds * 1000 + 10_000);
    expect(done.timeline[0]!.state).toBe("aborted");
    await expectBackWhereItWas(name, startVersion, before);
  }, 90_000);

  it("a disagreeing shadow aborts in the shadow phase, before the canary answers a single caller", async () => {
    const [stable, canary] = await Promise.all([serve(backend("stable")), serve(backend("other"))]);
    const startVersion = await router("disagreeing", stable, canary);
    const before = await routesOf("disagreeing");
    const load = traffic("disagreeing");
    let done: RolloutDetail;
    try {
      const created = await start("disagreeing", { shadow: { percent: 50, durationSeconds: 1, minAgreement: 99 } });
      done = await until("disagreeing", created.id, (r) => r.status === "aborted");
    } finally {
      await load.stop();
    }
    expect(done).toMatchObject({ stage: 0, stageLabel: "shadow phase" });
    const last = done.evaluations[done.evaluations.length - 1]!;
    expect(last.gates.find((g) => g.gate === "shadowAgreement")).toMatchObject({ verdict: "fail", value: 0, threshold: 99 });
    // Callers only ever got the stable route; the canary only saw mirrored requests.
    for (const byVersion of load.seen.values()) for (const routes of byVersion.values()) expect([...routes]).toEqual(["stable"]);
    expect(canary.received.length).toBeGreaterThan(0);
    expect(canary.received.every((r) => r.headers["x-turnout-shadow"] === "1")).toBe(true);
    const { all } = await versions("disagreeing");
    expect(all.map((v) => v.message)).not.toContainEqual(expect.stringMatching(/step/));
    await expectBackWhereItWas("disagreeing", startVersion, before);
  }, 60_000);
});

describe("too little data", () => {
  it("with no traffic, the rollout holds at its first step: every evaluation inconclusive, nothing deployed", async () => {
    const [stable, canary] = await Promise.all([serve(backend("stable")), serve(backend("canary"))]);
    const startVersion = await router("quiet", stable, canary);
    const created = await start("quiet");
    const held = await until("quiet", created.id, (r) => r.evaluations.length >= 4);
    expect(held).toMatchObject({ status: "running", stage: 0, weight: 25, failures: 0, passes: 0 });
    expect(held.evaluations.every((e) => e.verdict === "inconclusive")).toBe(true);
    expect(held.evaluations[0]!.reason).toMatch(/only 0 requests, 20 needed/);
    const { active, all } = await versions("quiet");
    expect(all.map((v) => v.number)).toEqual([startVersion, startVersion + 1]);
    expect(active).toBe(startVersion + 1);
    // Tidy up: an explicit abort restores the start version.
    expect((await writer.post(`/api/v1/projects/${PROJECT}/routers/quiet/rollouts/${created.id}/abort`)).status).toBe(200);
  }, 60_000);
});
