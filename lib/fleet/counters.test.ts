import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  boundCounters,
  CountersBuilder,
  countersSince,
  countsFromCumulative,
  histogramQuantile,
  LATENCY_BUCKETS,
  LATENCY_DELTA_BUCKETS,
  statusKey,
  sumCounters,
  type RouterCounters,
} from "./counters";

const name = fc.constantFrom("default", "beta", "eu");
const route = fc.constantFrom("blue", "green", "");
const counts = fc.array(fc.nat(1000), { minLength: LATENCY_BUCKETS.length + 1, maxLength: LATENCY_BUCKETS.length + 1 });
const deltaCounts = fc.array(fc.nat(1000), { minLength: LATENCY_DELTA_BUCKETS.length + 1, maxLength: LATENCY_DELTA_BUCKETS.length + 1 });
const countersArb: fc.Arbitrary<RouterCounters> = fc
  .record(
    {
      requests: fc.array(fc.tuple(name, route, fc.constantFrom("2xx", "5xx", "400"), fc.nat(10_000)), { maxLength: 12 }),
      latency: fc.array(fc.tuple(name, route, counts, fc.nat(100_000)), { maxLength: 6 }),
      shadows: fc.array(fc.tuple(name, route, fc.constantFrom("sent", "dropped", "agree"), fc.nat(1000)), { maxLength: 6 }),
      comparisons: fc.array(fc.tuple(name, route, fc.constantFrom("agree", "disagree", "shadow_failed", "not_comparable"), fc.nat(1000)), { maxLength: 6 }),
      fields: fc.array(fc.tuple(name, route, fc.constantFrom("status", "body", "predictions.0.label"), fc.nat(1000)), { maxLength: 6 }),
      compared: fc.array(fc.tuple(name, route, fc.constantFrom("primary", "shadow"), counts, fc.nat(100_000)), { maxLength: 4 }),
      delta: fc.array(fc.tuple(name, route, deltaCounts, fc.nat(100_000)), { maxLength: 4 }),
    },
    // Snapshots of gateways without comparisons lack those series.
    { requiredKeys: ["requests", "latency", "shadows"] },
  )
  .map((c) => new CountersBuilder().add(c as RouterCounters).build());

const total = (c: RouterCounters) => c.requests.reduce((sum, r) => sum + r[3], 0);

describe("heartbeat counters", () => {
  it("counts routed requests by status class and the gateway's own answers by exact status", () => {
    expect(statusKey("blue", "200")).toBe("2xx");
    expect(statusKey("blue", "504")).toBe("5xx");
    expect(statusKey("", "413")).toBe("413");
  });

  it("a window is what was added since the baseline, for any counters and any additions", () => {
    fc.assert(
      fc.property(countersArb, countersArb, (before, added) => {
        const after = sumCounters([before, added]);
        expect(countersSince(after, before)).toEqual(added);
      }),
    );
  });

  it("a series that went down was reset: its latest value counts whole, never a negative", () => {
    fc.assert(
      fc.property(countersArb, countersArb, (a, b) => {
        const since = countersSince(a, b);
        for (const [, , , n] of since.requests) expect(n).toBeGreaterThan(0);
        for (const [, , c] of since.latency) for (const n of c) expect(n).toBeGreaterThanOrEqual(0);
        for (const [, , , n] of since.comparisons ?? []) expect(n).toBeGreaterThan(0);
        for (const [, , , c] of since.compared ?? []) for (const n of c) expect(n).toBeGreaterThanOrEqual(0);
        for (const [, , c] of since.delta ?? []) for (const n of c) expect(n).toBeGreaterThanOrEqual(0);
        expect(total(since)).toBeLessThanOrEqual(total(a));
      }),
    );
  });

  it("sums are the same in any order", () => {
    fc.assert(
      fc.property(fc.array(countersArb, { maxLength: 5 }), (all) => {
        expect(sumCounters([...all].reverse())).toEqual(sumCounters(all));
      }),
    );
  });
});

describe("boundCounters", () => {
  it("keeps at most `max` series of every kind", () => {
    fc.assert(
      fc.property(countersArb, fc.integer({ min: 0, max: 5 }), (c, max) => {
        const bounded = boundCounters(c, max);
        for (const series of Object.values(bounded) as unknown[][]) expect(series.length).toBeLessThanOrEqual(max);
        expect(Object.keys(bounded).sort()).toEqual(Object.keys(c).sort());
      }),
    );
  });
});

describe("histogramQuantile", () => {
  it("reads a signed histogram (shadow minus primary): negative when the shadow was faster, the first bound below it", () => {
    const c = new Array<number>(LATENCY_DELTA_BUCKETS.length + 1).fill(0);
    c[LATENCY_DELTA_BUCKETS.indexOf(-0.05)] = 10; // (−0.1, −0.05]
    expect(histogramQuantile(0.5, LATENCY_DELTA_BUCKETS, c, -Infinity)).toBeCloseTo(-0.075, 10);
    const below = new Array<number>(c.length).fill(0);
    below[0] = 3; // ≤ −10 s
    expect(histogramQuantile(0.5, LATENCY_DELTA_BUCKETS, below, -Infinity)).toBe(-10);
  });

  it("reads Prometheus' cumulative buckets of a signed histogram back into the same per-bucket counts", () => {
    fc.assert(
      fc.property(deltaCounts, (c) => {
        let cumulative = 0;
        const buckets = c.map((n, i) => ({ le: i < LATENCY_DELTA_BUCKETS.length ? LATENCY_DELTA_BUCKETS[i]! : Infinity, count: (cumulative += n) }));
        expect(countsFromCumulative(buckets, LATENCY_DELTA_BUCKETS)).toEqual(c);
      }),
    );
  });

  it("interpolates inside the bucket the quantile falls in, as Prometheus does", () => {
    const c = new Array<number>(LATENCY_BUCKETS.length + 1).fill(0);
    c[LATENCY_BUCKETS.indexOf(0.01)] = 100; // all in (0.005, 0.01]
    expect(histogramQuantile(0.5, LATENCY_BUCKETS, c)).toBeCloseTo(0.0075, 10);
    expect(histogramQuantile(0.95, LATENCY_BUCKETS, c)).toBeCloseTo(0.00975, 10);
    expect(histogramQuantile(0.95, LATENCY_BUCKETS, new Array<number>(c.length).fill(0))).toBeNull();
    const inf = new Array<number>(c.length).fill(0);
    inf[c.length - 1] = 5;
    expect(histogramQuantile(0.95, LATENCY_BUCKETS, inf)).toBe(30);
  });

  it("stays within the bucket bounds and grows with q, for any histogram", () => {
    fc.assert(
      fc.property(counts, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (c, q1, q2) => {
        const a = histogramQuantile(Math.min(q1, q2), LATENCY_BUCKETS, c);
        const b = histogramQuantile(Math.max(q1, q2), LATENCY_BUCKETS, c);
        if (c.every((n) => n === 0)) {
          expect(a).toBeNull();
          return;
        }
        expect(a!).toBeGreaterThanOrEqual(0);
        expect(b!).toBeLessThanOrEqual(30);
        expect(a!).toBeLessThanOrEqual(b! + 1e-12);
      }),
    );
  });

  it("reads Prometheus' cumulative buckets back into the same per-bucket counts", () => {
    fc.assert(
      fc.property(counts, (c) => {
        let cumulative = 0;
        const buckets = c.map((n, i) => ({ le: i < LATENCY_BUCKETS.length ? LATENCY_BUCKETS[i]! : Infinity, count: (cumulative += n) }));
        expect(countsFromCumulative(fc.sample(fc.shuffledSubarray(buckets, { minLength: buckets.length }), 1)[0]!)).toEqual(c);
      }),
    );
  });
});
