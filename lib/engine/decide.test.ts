import { describe, expect, it } from "vitest";
import { routerDocumentSchema, type RouterDocumentInput } from "../router/document";
import { compile } from "./compile";
import { bucketOf } from "./murmur3";
import { canonicalTable, encodeSlots, rebalance } from "./slots";

const routes = ["stable", "canary", "eu", "beta"].map((name, i) => ({ name, url: `http://127.0.0.1:${9001 + i}` }));

function router(input: Partial<RouterDocumentInput>, options?: Parameters<typeof compile>[1]) {
  return compile(routerDocumentSchema.parse({ name: "fraud-scorer", routes, ...input }), options);
}

/** An rng that replays `values` in order (then repeats the last one). */
function replay(...values: number[]) {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
}

const stableOnly = { strategy: "random" as const, split: [{ route: "stable", weight: 100 }] };

describe("rules", () => {
  const doc = {
    rules: [
      { name: "region-a", conditions: [{ source: "header" as const, key: "X-Region", operator: "in" as const, values: ["region-A"] }], ...stableOnly, split: [{ route: "eu", weight: 100 }] },
      { name: "acme", conditions: [{ source: "header" as const, key: "x-tenant", operator: "in" as const, values: ["acme"] }], ...stableOnly, split: [{ route: "beta", weight: 100 }] },
    ],
    defaultRule: stableOnly,
  };

  it("takes the first rule whose conditions all hold, in order", () => {
    const r = router(doc);
    expect(r.decide({ headers: { "x-region": "region-A", "x-tenant": "acme" } })).toEqual({ rule: "region-a", route: "eu", shadows: [], sticky: false });
    expect(r.decide({ headers: { "x-tenant": "acme" } })).toEqual({ rule: "acme", route: "beta", shadows: [], sticky: false });
  });

  it("keeps first-match order across gated rules: a request lacking the gate's field skips them, one having it tests them", () => {
    const prefixOn = (key: string, value: string) => ({ source: "header" as const, key, operator: "prefix" as const, values: [value] });
    const r = router({
      rules: [
        ...Array.from({ length: 5 }, (_, i) => ({ name: `ua-${i}`, conditions: [prefixOn("user-agent", `bot-${i}/`)], ...stableOnly, split: [{ route: "beta", weight: 100 }] })),
        { name: "any-region", conditions: [prefixOn("x-region", "")], ...stableOnly, split: [{ route: "eu", weight: 100 }] },
        { name: "late-bot", conditions: [prefixOn("user-agent", "bot-")], ...stableOnly, split: [{ route: "canary", weight: 100 }] },
      ],
      defaultRule: stableOnly,
    });
    expect(r.gatedFields).toEqual([{ source: "header", key: "user-agent" }]);
    expect(r.decide({ headers: { "x-region": "eu" } })).toMatchObject({ rule: "any-region" });
    expect(r.decide({ headers: { "user-agent": "bot-3/1.0", "x-region": "eu" } })).toMatchObject({ rule: "ua-3" });
    expect(r.decide({ headers: { "user-agent": "bot-9/1.0", "x-region": "eu" } })).toMatchObject({ rule: "any-region" });
    expect(r.decide({ headers: { "user-agent": "bot-9/1.0" } })).toMatchObject({ rule: "late-bot" });
    expect(r.decide({ headers: {} })).toMatchObject({ rule: "default" });
  });

  it("falls back to the default rule", () => {
    expect(router(doc).decide({ headers: { "x-tenant": "other" } })).toEqual({ rule: "default", route: "stable", shadows: [], sticky: false });
    expect(router(doc).decide({})).toMatchObject({ rule: "default" });
  });

  it("answers 404 no_matching_rule without a default rule", () => {
    const r = router({ rules: doc.rules });
    expect(r.decide({})).toEqual({ error: { status: 404, code: "no_matching_rule", message: expect.stringContaining("no default rule") } });
    expect(r.decide({ headers: { "x-tenant": "acme" } })).toMatchObject({ rule: "acme" });
    expect(r.warnings.map((w) => w.path)).toContain("defaultRule");
  });

  it("a rule without conditions matches everything", () => {
    const r = router({ rules: [{ name: "all", ...stableOnly, split: [{ route: "canary", weight: 100 }] }], defaultRule: stableOnly });
    expect(r.decide({})).toMatchObject({ rule: "all", route: "canary" });
  });

  it("ANDs an audience's conditions with the rule's own", () => {
    const r = router({
      audiences: [
        {
          name: "new-york",
          conditions: [
            { source: "payload", key: "metadata.location", operator: "in", values: ["new-york"] },
            { source: "payload", key: "metadata.age", operator: "range", values: [10, 30] },
          ],
        },
      ],
      rules: [
        {
          name: "ny-mobile",
          audience: "new-york",
          conditions: [{ source: "header", key: "x-client", operator: "in", values: ["mobile"] }],
          ...stableOnly,
          split: [{ route: "canary", weight: 100 }],
        },
      ],
      defaultRule: stableOnly,
    });
    const ny = { metadata: { location: "new-york", age: 20 } };
    expect(r.decide({ headers: { "x-client": "mobile" }, body: ny })).toMatchObject({ rule: "ny-mobile" });
    expect(r.decide({ headers: { "x-client": "web" }, body: ny })).toMatchObject({ rule: "default" });
    expect(r.decide({ headers: { "x-client": "mobile" }, body: { metadata: { location: "new-york", age: 31 } } })).toMatchObject({ rule: "default" });
    expect(r.decide({ headers: { "x-client": "mobile" }, body: { metadata: { location: "boston", age: 20 } } })).toMatchObject({ rule: "default" });
  });

  it("a rule naming an unknown audience never matches, and says so", () => {
    const r = router({ rules: [{ name: "ghost", audience: "nobody", ...stableOnly, split: [{ route: "canary", weight: 100 }] }], defaultRule: stableOnly });
    expect(r.decide({})).toMatchObject({ rule: "default" });
    expect(r.warnings).toContainEqual({ path: "rules.0.audience", message: expect.stringContaining('"nobody"') });
    expect(r.trace({}).rules[0]).toMatchObject({ rule: "ghost", audienceMissing: true, matched: false });
  });

  it("reports invalid regexes and never matches them", () => {
    const r = router({
      rules: [{ name: "bad", conditions: [{ source: "header", key: "x", operator: "regex", values: ["(unclosed"] }], ...stableOnly }],
      defaultRule: { ...stableOnly, split: [{ route: "canary", weight: 100 }] },
    });
    expect(r.decide({ headers: { x: "(unclosed" } })).toMatchObject({ rule: "default" });
    expect(r.warnings).toContainEqual({ path: "rules.0.conditions.0.values", message: expect.stringContaining("invalid regex") });
  });
});

describe("random strategy", () => {
  const r = router({
    defaultRule: { strategy: "random", split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }] },
  });

  it("draws a slot from the rng: 90/10 puts draws below 0.9 on the first route", () => {
    expect(r.decide({}, () => 0)).toMatchObject({ route: "stable", sticky: false });
    expect(r.decide({}, () => 0.8999)).toMatchObject({ route: "stable" });
    expect(r.decide({}, () => 0.9)).toMatchObject({ route: "canary" });
    expect(r.decide({}, () => 0.99999)).toMatchObject({ route: "canary" });
  });

  it("survives an rng out of [0, 1)", () => {
    expect(r.decide({}, () => 1)).toMatchObject({ route: "canary" });
    expect(r.decide({}, () => -1)).toMatchObject({ route: "stable" });
    expect(r.decide({}, () => Number.NaN)).toMatchObject({ route: "stable" });
  });

  it("answers 503 no_route for a split with no positive weight", () => {
    const empty = router({ defaultRule: { strategy: "random", split: [{ route: "stable", weight: 0 }] } });
    expect(empty.decide({})).toEqual({ error: { status: 503, code: "no_route", message: expect.any(String) } });
  });
});

describe("sticky strategy", () => {
  const sticky = { strategy: "sticky" as const, split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }] };

  it("routes a key by its bucket in the slot table, seeded by settings.seed or the router name", () => {
    const r = router({ defaultRule: sticky });
    const table = canonicalTable(sticky.split);
    for (const key of ["u-1", "u-2", "u-3", "ü-4", "a-much-longer-key-than-usual-0123456789"]) {
      const decision = r.decide({ headers: { "x-shard-key": key } });
      expect(decision).toEqual({ rule: "default", route: table[bucketOf("fraud-scorer", key)], shadows: [], sticky: true, key });
    }
    const seeded = router({ settings: { seed: "other-seed" }, defaultRule: sticky });
    expect(seeded.seed).toBe("other-seed");
    const key = Array.from({ length: 200 }, (_, i) => `k-${i}`).find((k) => table[bucketOf("other-seed", k)] !== table[bucketOf("fraud-scorer", k)])!;
    expect(seeded.decide({ headers: { "x-shard-key": key } })).toMatchObject({ route: table[bucketOf("other-seed", key)] });
  });

  it("tries the key sources in order: header x-shard-key, then payload dispatch.dispatchKey", () => {
    const r = router({ defaultRule: sticky });
    expect(r.decide({ headers: { "X-Shard-Key": "h" }, body: { dispatch: { dispatchKey: "p" } } })).toMatchObject({ key: "h" });
    expect(r.decide({ body: { dispatch: { dispatchKey: "p" } } })).toMatchObject({ key: "p", sticky: true });
    expect(r.decide({ headers: { "x-shard-key": "" }, body: { dispatch: { dispatchKey: 42 } } })).toMatchObject({ key: "42" });
  });

  it("reads query key sources too", () => {
    const r = router({ settings: { keySources: [{ source: "query", key: "user" }] }, defaultRule: sticky });
    expect(r.decide({ query: { user: ["u-9", "u-10"] } })).toMatchObject({ key: "u-9", sticky: true });
  });

  it("uses a stored slot table", () => {
    const moved = rebalance(canonicalTable(sticky.split), [
      { route: "stable", weight: 80 },
      { route: "canary", weight: 20 },
    ]);
    const split = [
      { route: "stable", weight: 80 },
      { route: "canary", weight: 20 },
    ];
    const r = router({ defaultRule: { strategy: "sticky", split, slots: encodeSlots(moved) } });
    expect(r.warnings).toEqual([]);
    for (let i = 0; i < 50; i++) {
      const key = `user-${i}`;
      expect(r.decide({ headers: { "x-shard-key": key } })).toMatchObject({ route: moved[bucketOf("fraud-scorer", key)] });
    }
  });

  it("falls back to the canonical table when the stored one disagrees with the weights, and says so", () => {
    const r = router({ defaultRule: { ...sticky, slots: "stable:5000,canary:5000" } });
    expect(r.warnings).toContainEqual({ path: "defaultRule.slots", message: expect.stringContaining("canonical") });
    const table = canonicalTable(sticky.split);
    expect(r.decide({ headers: { "x-shard-key": "k" } })).toMatchObject({ route: table[bucketOf("fraud-scorer", "k")] });
  });

  it("without a key and missingKey reject: 400 missing_key naming the sources tried", () => {
    const r = router({ defaultRule: sticky });
    const decision = r.decide({ headers: { "x-other": "1" } });
    expect(decision).toEqual({ error: { status: 400, code: "missing_key", message: expect.stringContaining('header "x-shard-key", payload "dispatch.dispatchKey"') } });
  });

  it("without a key and missingKey random: a random draw, not sticky", () => {
    const r = router({ settings: { missingKey: "random" }, defaultRule: sticky });
    expect(r.decide({}, () => 0.95)).toEqual({ rule: "default", route: "canary", shadows: [], sticky: false });
    expect(r.decide({ body: { dispatch: { dispatchKey: { nested: 1 } } } }, () => 0.1)).toEqual({ rule: "default", route: "stable", shadows: [], sticky: false });
  });
});

describe("pinning", () => {
  const doc = {
    rules: [{ name: "acme", conditions: [{ source: "header" as const, key: "x-tenant", operator: "in" as const, values: ["acme"] }], strategy: "sticky" as const, split: [{ route: "eu", weight: 100 }], shadows: [{ route: "beta", percent: 100 }, { route: "canary", percent: 100 }] }],
    defaultRule: stableOnly,
  };

  it("x-turnout-route picks an existing route when the router allows it, reporting the rule that matched", () => {
    const r = router({ settings: { allowPin: true }, ...doc });
    expect(r.decide({ headers: { "X-Turnout-Route": "canary", "x-tenant": "acme" } })).toEqual({
      rule: "acme",
      route: "canary",
      shadows: ["beta"],
      sticky: false,
      pinned: true,
    });
    expect(r.decide({ headers: { "x-turnout-route": "beta" } })).toEqual({ rule: "default", route: "beta", shadows: [], sticky: false, pinned: true });
    expect(r.trace({ headers: { "x-turnout-route": "beta" } }).pinned).toBe("beta");
  });

  it("ignores a pin naming an unknown route (never a URL)", () => {
    const r = router({ settings: { allowPin: true }, ...doc });
    expect(r.decide({ headers: { "x-turnout-route": "http://evil.example" } })).toEqual({ rule: "default", route: "stable", shadows: [], sticky: false });
    expect(r.decide({ headers: { "x-turnout-route": "Canary" } })).toMatchObject({ route: "stable" });
  });

  it("ignores pins unless the router allows them", () => {
    const r = router(doc);
    expect(r.decide({ headers: { "x-turnout-route": "canary" } })).toEqual({ rule: "default", route: "stable", shadows: [], sticky: false });
  });
});

describe("shadows", () => {
  const rule = (shadows: { route: string; percent: number }[]) =>
    router({ defaultRule: { strategy: "random", split: [{ route: "stable", weight: 50 }, { route: "canary", weight: 50 }], shadows } });

  it("draws each shadow independently of the primary and of each other", () => {
    const r = rule([
      { route: "eu", percent: 10 },
      { route: "beta", percent: 50 },
    ]);
    // primary draw, then eu, then beta
    expect(r.decide({}, replay(0.1, 0.05, 0.6))).toMatchObject({ route: "stable", shadows: ["eu"] });
    expect(r.decide({}, replay(0.1, 0.5, 0.4))).toMatchObject({ route: "stable", shadows: ["beta"] });
    expect(r.decide({}, replay(0.1, 0.0, 0.0))).toMatchObject({ shadows: ["eu", "beta"] });
    expect(r.decide({}, replay(0.1, 0.99, 0.99))).toMatchObject({ shadows: [] });
  });

  it("never shadows the route that serves the request", () => {
    const r = rule([
      { route: "canary", percent: 100 },
      { route: "eu", percent: 100 },
    ]);
    expect(r.decide({}, () => 0.9)).toMatchObject({ route: "canary", shadows: ["eu"] });
    expect(r.decide({}, () => 0.1)).toMatchObject({ route: "stable", shadows: ["canary", "eu"] });
  });

  it("deduplicates a route listed twice (first entry counts) and skips 0 %", () => {
    const r = rule([
      { route: "eu", percent: 100 },
      { route: "eu", percent: 100 },
      { route: "beta", percent: 0 },
    ]);
    expect(r.decide({}, () => 0)).toMatchObject({ shadows: ["eu"] });
    expect(r.warnings).toContainEqual({ path: "defaultRule.shadows.1", message: expect.stringContaining("already a shadow") });
  });
});

describe("trace", () => {
  it("evaluates every rule and condition, flags audience conditions, and agrees with decide", () => {
    const r = router({
      audiences: [{ name: "adults", conditions: [{ source: "payload", key: "user.age", operator: "range", values: [18, 200] }] }],
      rules: [
        { name: "tenant", conditions: [{ source: "header", key: "x-tenant", operator: "in", values: ["acme"] }], ...stableOnly },
        { name: "grown", audience: "adults", conditions: [{ source: "payload", key: "user.tags", operator: "present", values: [] }], ...stableOnly },
        { name: "later", conditions: [{ source: "query", key: "debug", operator: "present", values: [] }], ...stableOnly },
      ],
      defaultRule: { strategy: "sticky", split: [{ route: "canary", weight: 100 }] },
    });
    const request = { headers: { "x-tenant": "other" }, body: { user: { age: 30, tags: ["a", "b"] } } };
    const trace = r.trace(request);
    expect(trace.rules.map((t) => [t.rule, t.matched, t.chosen])).toEqual([
      ["tenant", false, false],
      ["grown", true, true],
      ["later", false, false],
      ["default", true, false],
    ]);
    expect(trace.rules[0]!.conditions[0]).toMatchObject({ value: "other", present: true, passed: false, path: "rules.0.conditions.0" });
    expect(trace.rules[1]!.conditions).toEqual([
      expect.objectContaining({ audience: "adults", key: "user.age", value: "30", passed: true, path: "audiences.0.conditions.0" }),
      expect.objectContaining({ key: "user.tags", value: '["a","b"]', present: true, passed: true }),
    ]);
    expect(trace.rules[1]!.conditions[1]).not.toHaveProperty("audience");
    expect(trace.decision).toEqual(r.decide(request));

    const sticky = r.trace({ headers: { "x-shard-key": "k-1" } });
    expect(sticky.rules.at(-1)).toMatchObject({ rule: "default", chosen: true });
    expect(sticky.sticky).toEqual({ source: "header", key: "x-shard-key", value: "k-1", slot: bucketOf("fraud-scorer", "k-1") });
    expect(r.trace({}).decision).toMatchObject({ error: { code: "missing_key" } });
  });
});
