import { describe, expect, it } from "vitest";
import { bucketOf } from "../engine";
import { routerDocumentSchema, type RouterDocument, type RouterDocumentInput, type RoutingRequest } from "../router/document";
import { freezeDocument } from "../versions/freeze";
import { recordingPlan } from "./features";
import { replay } from "./replay";
import { recordingOf, seedOf, type Sample } from "./sample";

const routes = [
  { name: "stable", url: "http://127.0.0.1:9001" },
  { name: "canary", url: "http://127.0.0.1:9002" },
];

function doc(extra: Partial<RouterDocumentInput>): RouterDocument {
  return routerDocumentSchema.parse({ name: "scorer", settings: { seed: "scorer" }, routes, defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }] }, ...extra });
}

const split = (stable: number) => [
  { route: "stable", weight: stable },
  { route: "canary", weight: 100 - stable },
];

/** What the gateway would have stored of `requests` served by `served`, as samples. */
function recorded(served: RouterDocument, requests: RoutingRequest[], start = Date.parse("2026-01-01T00:00:00Z"), everyMs = 100): Sample[] {
  const plan = recordingPlan(served)!;
  const recording = recordingOf(served);
  return requests.map((request, i) => {
    const { omitted, ...kept } = plan.features(request);
    const slot = plan.slotOf(request);
    return {
      seed: seedOf(String(i + 1), i),
      id: String(i + 1),
      time: start + i * everyMs,
      request: kept,
      ...(slot !== undefined ? { slot } : {}),
      rate: plan.rate,
      recording: omitted ? { ...recording, fields: new Set([...recording.fields].filter((f) => !omitted.includes(f))) } : recording,
    };
  });
}

const keys = (n: number) => Array.from({ length: n }, (_, i) => `user-${i}`);

describe("what the gateway records", () => {
  it("keeps only the fields the version reads and recordFields, never the rest of the body or other headers", () => {
    const served = doc({
      settings: { seed: "scorer", recordFields: [{ source: "query", key: "debug" }] },
      audiences: [{ name: "ny", conditions: [{ source: "payload", key: "meta.location", operator: "in", values: ["ny"] }] }],
      rules: [
        { name: "beta", conditions: [{ source: "header", key: "X-Beta", operator: "present", values: [] }], strategy: "random", split: split(0) },
        { name: "ny", audience: "ny", conditions: [{ source: "payload", key: "user", operator: "present", values: [] }], strategy: "sticky", split: split(50) },
      ],
    });
    const plan = recordingPlan(served)!;
    expect(plan.fields.map((f) => `${f.source}:${f.key}`)).toEqual(["header:x-beta", "payload:user", "payload:meta.location", "query:debug", "header:x-shard-key", "payload:dispatch.dispatchKey"]);
    const features = plan.features({
      headers: { "x-beta": "1", authorization: "Bearer secret", "x-shard-key": "u-1" },
      query: { debug: ["on", "off"], token: "t" },
      body: { user: { id: 7, email: "a@b.c" }, meta: { location: "ny", age: 30 }, prompt: "private", dispatch: { dispatchKey: "u-1" } },
    });
    expect(JSON.parse(JSON.stringify(features))).toEqual({
      headers: { "x-beta": "1", "x-shard-key": "u-1" },
      query: { debug: "on" },
      body: { user: {}, meta: { location: "ny" }, dispatch: { dispatchKey: "u-1" } },
    });
  });

  it("keeps array kinds, leaves out a value too long to keep, and records nothing at 0 %", () => {
    const served = doc({ rules: [{ name: "items", conditions: [{ source: "payload", key: "items.[1].sku", operator: "present", values: [] }, { source: "header", key: "x-note", operator: "present", values: [] }], strategy: "random", split: split(100) }] });
    const plan = recordingPlan(served)!;
    const features = plan.features({ headers: { "x-note": "n".repeat(5000) }, body: { items: [{ sku: "a" }, { sku: "b", price: 3 }] } });
    expect(JSON.parse(JSON.stringify(features))).toEqual({ body: { items: [null, { sku: "b" }] }, omitted: ["header:x-note"] });
    expect(recordingPlan(doc({ settings: { recordPercent: 0 } }))).toBeNull();
  });

  it("keeps only the slot of the sticky key with recordKeys: slot", () => {
    const served = doc({ settings: { seed: "scorer", recordKeys: "slot" }, defaultRule: { strategy: "sticky", split: split(90) } });
    const plan = recordingPlan(served)!;
    expect(plan.fields).toEqual([]);
    expect(plan.features({ headers: { "x-shard-key": "u-9" } })).toEqual({});
    expect(plan.slotOf({ headers: { "x-shard-key": "u-9" } })).toBe(bucketOf("scorer", "u-9"));
    expect(plan.slotOf({ body: { dispatch: { dispatchKey: "u-9" } } })).toBe(bucketOf("scorer", "u-9"));
    expect(plan.slotOf({})).toBeUndefined();
  });
});

describe("replay", () => {
  it("changes nothing when a version is replayed against itself", () => {
    const served = doc({ defaultRule: { strategy: "random", split: split(90), shadows: [{ route: "canary", percent: 10 }] } });
    const report = replay(served, served, recorded(served, keys(500).map((k) => ({ headers: { "x-shard-key": k } }))));
    expect(report).toMatchObject({ total: 500, changed: 0, complete: true, newErrors: [], uncertain: [] });
    expect(report.matrix.every((m) => m.from === m.to)).toBe(true);
  });

  it("moves exactly the random draws between the old and the new weight, all toward the grown route", () => {
    const from = doc({ defaultRule: { strategy: "random", split: split(90) } });
    const to = doc({ defaultRule: { strategy: "random", split: split(80) } });
    const report = replay(from, to, recorded(from, keys(20_000).map(() => ({}))));
    const moved = report.matrix.filter((m) => m.from !== m.to);
    expect(moved.map((m) => [m.from, m.to])).toEqual([["stable", "canary"]]);
    expect(report.changed).toBe(moved[0]!.count);
    // 10 % of uniform draws, within 5 sigma.
    expect(Math.abs(report.changed - 2000)).toBeLessThan(5 * Math.sqrt(20_000 * 0.1 * 0.9));
  });

  it("moves exactly the sticky keys whose slot changed route when 90/10 becomes 80/20", () => {
    const from = freezeDocument(doc({ defaultRule: { strategy: "sticky", split: split(90) } }), undefined);
    const to = freezeDocument(doc({ defaultRule: { strategy: "sticky", split: split(80) } }), from);
    const all = keys(3000);
    const report = replay(from, to, recorded(from, all.map((k) => ({ headers: { "x-shard-key": k } }))));
    const expected = all.filter((k) => {
      const slot = bucketOf("scorer", k);
      return slot >= 8000 && slot < 9000;
    });
    expect(report.changed).toBe(expected.length);
    expect(report.matrix.filter((m) => m.from !== m.to)).toEqual([{ from: "stable", to: "canary", count: expected.length }]);
    expect(report.stickyKeys).toEqual({ by: "key", distinct: 3000, changed: expected.length });
  });

  it("routes by the recorded slot when only slots were kept", () => {
    const settings = { seed: "scorer", recordKeys: "slot" as const };
    const from = freezeDocument(doc({ settings, defaultRule: { strategy: "sticky", split: split(90) } }), undefined);
    const to = freezeDocument(doc({ settings, defaultRule: { strategy: "sticky", split: split(80) } }), from);
    const all = keys(2000);
    const samples = recorded(from, all.map((k) => ({ headers: { "x-shard-key": k } })));
    expect(samples.every((s) => s.request.headers === undefined && s.slot !== undefined)).toBe(true);
    const report = replay(from, to, samples);
    const expected = all.filter((k) => bucketOf("scorer", k) >= 8000 && bucketOf("scorer", k) < 9000).length;
    expect(report.changed).toBe(expected);
    expect(report.stickyKeys.by).toBe("slot");
    expect(report.newErrors).toEqual([]);
    expect(report.uncertain).toEqual([]);
  });

  it("lists new errors by code with at most 20 examples, and rules that stop getting hits", () => {
    const from = doc({ rules: [{ name: "beta", conditions: [{ source: "header", key: "x-beta", operator: "in", values: ["1"] }], strategy: "random", split: split(0) }] });
    const to = doc({ rules: [{ name: "gamma", conditions: [{ source: "header", key: "x-beta", operator: "in", values: ["1"] }], strategy: "sticky", split: split(0) }] });
    const requests = keys(60).map((k, i) => ({ headers: i % 2 === 0 ? { "x-beta": "1" } : { "x-shard-key": k } } as { headers: Record<string, string> }));
    const report = replay(from, to, recorded(from, requests));
    expect(report.newErrors).toHaveLength(1);
    expect(report.newErrors[0]).toMatchObject({ code: "missing_key", status: 400, count: 30 });
    expect(report.newErrors[0]!.examples).toHaveLength(20);
    expect(report.newErrors[0]!.examples[0]).toEqual({ id: "1", time: "2026-01-01T00:00:00.000Z", before: "canary", request: { headers: { "x-beta": "1" } } });
    expect(report.rules).toEqual([
      { rule: "gamma", before: 0, after: 0 },
      { rule: "beta", before: 30, after: 0 },
      { rule: "default", before: 30, after: 30 },
    ]);
    expect(report.matrix).toContainEqual({ from: "canary", to: "error:missing_key", count: 30 });
  });

  it("projects requests per second from the sampling rate", () => {
    const from = doc({ settings: { seed: "scorer", recordPercent: 10 }, defaultRule: { strategy: "random", split: split(100) } });
    const to = doc({ settings: { seed: "scorer", recordPercent: 10 }, defaultRule: { strategy: "random", split: split(0) } });
    // 101 samples 100 ms apart: 10 s, 1 recorded in 10 requests → about 100 requests a second.
    const report = replay(from, to, recorded(from, Array.from({ length: 101 }, () => ({}))));
    expect(report.window.seconds).toBe(10);
    expect(report.projected).toEqual([
      { route: "canary", before: 0, after: 101 },
      { route: "stable", before: 101, after: 0 },
    ]);
  });

  it("reports the share of samples whose result depends on a field that was not recorded", () => {
    const from = doc({ rules: [{ name: "gold", conditions: [{ source: "payload", key: "tier", operator: "in", values: ["gold"] }], strategy: "random", split: split(0) }] });
    const to = doc({
      rules: [
        { name: "beta", conditions: [{ source: "header", key: "x-beta", operator: "present", values: [] }, { source: "payload", key: "tier", operator: "in", values: ["silver"] }], strategy: "random", split: split(0) },
        { name: "gold", conditions: [{ source: "payload", key: "tier", operator: "in", values: ["gold"] }], strategy: "random", split: split(0) },
      ],
    });
    const tiers = ["gold", "silver", "silver", "bronze"];
    const samples = recorded(from, Array.from({ length: 400 }, (_, i) => ({ headers: { "x-beta": "1" }, body: { tier: tiers[i % 4] } })));
    expect(samples[0]!.request).toEqual({ body: { tier: "gold" } });
    const report = replay(from, to, samples);
    expect(report.uncertain).toEqual([{ source: "header", key: "x-beta", samples: 200, share: 0.5 }]);
    expect(report.uncertainFrom).toEqual([]);
    // Replayed without the header, the new rule never matches.
    expect(report.changed).toBe(0);
  });

  it("stops at the time budget and says so", () => {
    const served = doc({});
    let clock = 0;
    const report = replay(served, served, recorded(served, Array.from({ length: 5000 }, () => ({}))), { budgetMs: 10, now: () => (clock += 1) });
    expect(report.complete).toBe(false);
    expect(report.total).toBeLessThan(5000);
  });
});
