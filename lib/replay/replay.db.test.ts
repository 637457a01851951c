/**
 * Replay end to end: requests through a real gateway recorded in a real PostgreSQL, then
 * replayed by the API and, on the exported samples, by the CLI — which must agree.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketOf } from "@/lib/engine";
import { startGateway, type Gateway } from "@/lib/gateway/gateway";
import { SAMPLE_METRIC } from "@/lib/gateway/sample-metrics";
import { answerWith, startBackend, type Backend } from "@/lib/gateway/test-support/backends";
import { eventually, TestClient } from "@/lib/gateway/test-support/client";
import { metricValue } from "@/lib/gateway/test-support/static-gateway";
import { expectProblem, startApiTest, type ApiTest, type Client } from "@/lib/http/test-client";
import { turnoutInProcess } from "@/lib/testing/cli";
import { MAX_REPLAY_SAMPLES, replayResponseSchema } from "./schema";

let t: ApiTest;
let api: Client;
let P: string;
let gateway: Gateway;
let gatewayUrl: string;
let stable: Backend;
let canary: Backend;
let dir: string;
const http = new TestClient();
const KEYS = Array.from({ length: 400 }, (_, i) => `customer-${i}`);

const routerDocument = (name: string, defaultRule: Record<string, unknown>, settings: Record<string, unknown> = {}) => ({
  name,
  settings: { seed: name, recordPercent: 100, recordMaxPerSecond: 100_000, ...settings },
  routes: [
    { name: "stable", url: stable.url },
    { name: "canary", url: canary.url },
  ],
  rules: [{ name: "gold", conditions: [{ source: "payload", key: "tier", operator: "in", values: ["gold"] }], strategy: "random", split: [{ route: "canary", weight: 100 }], shadows: [] }],
  defaultRule,
});

/** Sends `count` requests through the gateway and waits until each is stored or counted as dropped. */
async function traffic(router: string, count: number, request: (i: number) => { headers?: Record<string, string>; body?: unknown }): Promise<void> {
  const labels = { project: "shop", router };
  const accounted = async () => (await metricValue(gateway, SAMPLE_METRIC.recorded, labels)) + (await metricValue(gateway, SAMPLE_METRIC.dropped, labels));
  const before = await accounted();
  const send = async (i: number) => {
    const r = request(i);
    const reply = await http.send(`${gatewayUrl}/shop/${router}/predict`, {
      headers: { "content-type": "application/json", ...(r.headers ?? {}) },
      body: JSON.stringify(r.body ?? {}),
    });
    expect(reply.status).toBe(200);
  };
  // Projected load needs a window of at least a second: a fast machine sends everything in less.
  await send(0);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await http.many(count - 1, 8, (i) => send(i + 1));
  expect(await eventually(async () => (await gateway.samples!.flush(), (await accounted()) === before + count), 10_000, 50)).toBe(true);
}

beforeAll(async () => {
  t = await startApiTest();
  api = (await t.project("shop")).writer;
  P = "/api/v1/projects/shop/routers";
  [stable, canary] = await Promise.all([startBackend(answerWith("stable")), startBackend(answerWith("canary"))]);
  dir = await mkdtemp(path.join(os.tmpdir(), "turnout-replay-"));
  gateway = await startGateway({ databaseUrl: t.db.url, cacheFile: path.join(dir, "cache.json"), pollIntervalMs: 200 });
  gatewayUrl = `http://127.0.0.1:${await gateway.listen(0)}`;

  expect((await api.post(P, routerDocument("sticky", { strategy: "sticky", split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [] }))).status).toBe(201);
  expect((await api.post(`${P}/sticky/deployments`, { message: "90/10" })).status).toBe(201);
  expect((await api.post(P, routerDocument("coin", { strategy: "random", split: [{ route: "stable", weight: 70 }, { route: "canary", weight: 30 }], shadows: [{ route: "canary", percent: 50 }] }))).status).toBe(201);
  expect((await api.post(`${P}/coin/deployments`, { message: "70/30" })).status).toBe(201);
  expect(await eventually(async () => gateway.store.get("shop", "sticky") !== undefined && gateway.store.get("shop", "coin") !== undefined, 5_000)).toBe(true);

  await traffic("sticky", KEYS.length, (i) => ({ headers: { "x-shard-key": KEYS[i]!, "x-beta": "1" }, body: { tier: i % 10 === 0 ? "gold" : "basic", note: "not recorded" } }));
  await traffic("coin", 300, (i) => ({ body: { tier: i % 5 === 0 ? "gold" : "basic" } }));
  expect(await metricValue(gateway, SAMPLE_METRIC.dropped, { project: "shop" })).toBe(0);
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([stable?.close(), canary?.close(), http.close()]);
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("replay through the API", () => {
  it("reports no change for a version against itself, random splits and shadows included", async () => {
    for (const [router, total] of [["sticky", KEYS.length], ["coin", 300]] as const) {
      for (const to of [1, "active", "draft"]) {
        const res = await api.post(`${P}/${router}/replay`, { from: "active", to });
        expect(res.status, res.text).toBe(200);
        expect(res.body).toMatchObject({ total, changed: 0, complete: true, newErrors: [], uncertain: [], from: { version: 1 } });
        expect(res.body.matrix.reduce((n: number, m: { count: number }) => n + m.count, 0)).toBe(total);
      }
    }
  });

  it("moves exactly the sticky keys whose slot changed route when 90/10 becomes 80/20, all to the grown route", async () => {
    const draft = await api.get(`${P}/sticky/config`);
    const next = { ...draft.body, defaultRule: { ...draft.body.defaultRule, split: [{ route: "stable", weight: 80 }, { route: "canary", weight: 20 }] } };
    expect((await api.put(`${P}/sticky/config`, next, { ifMatch: draft.headers.get("etag")! })).status).toBe(200);
    const res = await api.post(`${P}/sticky/replay`, {});
    expect(res.status, res.text).toBe(200);
    const moved = KEYS.filter((k, i) => i % 10 !== 0 && bucketOf("sticky", k) >= 8000 && bucketOf("sticky", k) < 9000);
    expect(moved.length).toBeGreaterThan(10);
    expect(res.body.changed).toBe(moved.length);
    expect(res.body.matrix.filter((m: { from: string; to: string }) => m.from !== m.to)).toEqual([{ from: "stable", to: "canary", count: moved.length }]);
    expect(res.body.stickyKeys).toEqual({ by: "key", distinct: KEYS.length - KEYS.length / 10, changed: moved.length });
    expect(res.body.to).toEqual({ version: null, draft: true, revision: expect.any(Number) });
    expect(res.body.timing).toEqual({ loadMs: expect.any(Number), decideMs: expect.any(Number) });
    const canaryLoad = res.body.projected.find((p: { route: string }) => p.route === "canary");
    expect(canaryLoad.after).toBeGreaterThan(canaryLoad.before);
  });

  it("reports the share of samples a new rule on an unrecorded field may decide differently", async () => {
    const draft = await api.get(`${P}/sticky/config`);
    const beta = { name: "beta", conditions: [{ source: "header", key: "x-beta", operator: "present", values: [] }], strategy: "random", split: [{ route: "canary", weight: 100 }], shadows: [] };
    const tiered = { ...beta, name: "beta-gold", conditions: [...beta.conditions, { source: "payload", key: "tier", operator: "in", values: ["gold"] }] };
    expect((await api.put(`${P}/sticky/config`, { ...draft.body, rules: [tiered, ...draft.body.rules] }, { ifMatch: draft.headers.get("etag")! })).status).toBe(200);
    const gold = await api.post(`${P}/sticky/replay`, {});
    expect(gold.body.uncertain).toEqual([{ source: "header", key: "x-beta", samples: KEYS.length / 10, share: 0.1 }]);

    const again = await api.get(`${P}/sticky/config`);
    expect((await api.put(`${P}/sticky/config`, { ...again.body, rules: [beta, ...again.body.rules] }, { ifMatch: again.headers.get("etag")! })).status).toBe(200);
    const all = await api.post(`${P}/sticky/replay`, {});
    expect(all.body.uncertain).toEqual([{ source: "header", key: "x-beta", samples: KEYS.length, share: 1 }]);
    expect(all.body.rules.find((r: { rule: string }) => r.rule === "beta")).toEqual({ rule: "beta", before: 0, after: 0 });
  });

  it("counts what is stored, and deletes it", async () => {
    const summary = await api.get(`${P}/coin/samples/summary`);
    expect(summary.body).toMatchObject({ stored: 300, recorded: 300, dropped: {} });
    expect((await api.del(`${P}/coin/samples`)).status).toBe(204);
    expect((await api.get(`${P}/coin/samples/summary`)).body).toMatchObject({ stored: 0, recorded: 0 });
    expect((await api.post(`${P}/coin/replay`, {})).body).toMatchObject({ total: 0, changed: 0 });
    const events = await t.admin.get(`/api/v1/projects/shop/events?limit=5`);
    expect(events.body.items.map((e: { action: string }) => e.action)).toContain("router.samples.delete");
  });
});

describe("the CLI on exported samples", () => {
  it("prints the report the API answers", async () => {
    const exported = await api.get(`${P}/sticky/samples`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = exported.text.trim().split("\n");
    expect(lines).toHaveLength(KEYS.length);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ version: 1, rate: 1, headers: { "x-shard-key": expect.any(String) }, body: { tier: expect.any(String) }, served: { status: 200 } });
    expect(first.headers["x-beta"]).toBeUndefined();
    expect(first.body.note).toBeUndefined();

    const old = (await api.get(`${P}/sticky/versions/1`)).body.document;
    const next = (await api.get(`${P}/sticky/config`)).body;
    await writeFile(path.join(dir, "old.json"), JSON.stringify(old));
    await writeFile(path.join(dir, "new.yaml"), `# the draft\n${JSON.stringify(next)}\n`);
    const fromApi = replayResponseSchema.parse((await api.post(`${P}/sticky/replay`, {})).body);
    const cli = await turnoutInProcess(["replay", "old.json", "new.yaml", "--json"], { cwd: dir, stdin: exported.text });
    expect(cli.code, cli.stderr).toBe(0);
    const { from: _f, to: _t, timing: _timing, ...apiReport } = fromApi;
    const { from, to, ...cliReport } = JSON.parse(cli.stdout);
    expect({ from, to }).toEqual({ from: { file: "old.json" }, to: { file: "new.yaml" } });
    expect(cliReport).toEqual(apiReport);

    const text = await turnoutInProcess(["replay", "old.json", "new.yaml"], { cwd: dir, stdin: exported.text });
    expect(text.stdout).toContain(`Route changes: ${apiReport.changed} of ${KEYS.length}`);
    expect(text.stdout).toContain("header x-beta, read by new.yaml: 100.0 %");
  });

  it("fails a pipeline on new errors with --fail-on-new-errors", async () => {
    const exported = (await api.get(`${P}/sticky/samples`)).text;
    const old = (await api.get(`${P}/sticky/versions/1`)).body.document;
    const keyless = { ...old, settings: { ...old.settings, keySources: [{ source: "header", key: "x-user" }] } };
    await writeFile(path.join(dir, "v1.json"), JSON.stringify(old));
    await writeFile(path.join(dir, "keyless.json"), JSON.stringify(keyless));
    const failing = await turnoutInProcess(["replay", "v1.json", "keyless.json", "--fail-on-new-errors"], { cwd: dir, stdin: exported });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/missing_key \(400\): 360 requests/);
    const same = await turnoutInProcess(["replay", "v1.json", "v1.json", "--fail-on-new-errors"], { cwd: dir, stdin: exported });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("Route changes: 0 of 400");
  });
});

describe("bad input", () => {
  it.each([
    ["an unknown version", { to: 99 }, 404, undefined],
    ["since after until", { since: "2026-02-01T00:00:00Z", until: "2026-01-01T00:00:00Z" }, 422, "until"],
    ["a limit over the maximum", { limit: MAX_REPLAY_SAMPLES + 1 }, 422, "limit"],
    ["a version that is not a number", { from: "draft" }, 422, "from"],
    ["an unknown field", { window: 3 }, 422, undefined],
  ])("refuses %s", async (_what, body, status, field) => {
    expectProblem(await api.post(`${P}/sticky/replay`, body), status, field);
  });

  it("answers 409 for a router that never served", async () => {
    expect((await api.post(P, routerDocument("fresh", { strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [] }))).status).toBe(201);
    expectProblem(await api.post(`${P}/fresh/replay`, {}), 409);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=2000000", "limit"],
    ["since=yesterday", "since"],
    ["since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", "until"],
  ])("refuses an export with %s", async (query, field) => {
    expectProblem(await api.get(`${P}/sticky/samples?${query}`), 400, field);
  });

  it.each([
    ['{"headers":{"x-shard-key":"a"}}\n{"headers":\n', "line 2: invalid JSON"],
    ['{"headers":{"x-shard-key":"a"}}\n\n{"headers":{"x":1}}\n', "line 3: not a sample: headers.x"],
    ['{"time":"yesterday"}\n', "line 1: not a sample: time"],
    ['{"slot":10000}\n', "line 1: not a sample: slot"],
  ])("exits 2 on a malformed sample line, naming it (%#)", async (stdin, message) => {
    await writeFile(path.join(dir, "doc.json"), JSON.stringify(routerDocument("doc", { strategy: "random", split: [{ route: "stable", weight: 100 }] })));
    const result = await turnoutInProcess(["replay", "doc.json", "doc.json"], { cwd: dir, stdin });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
