/**
 * A gateway's cumulative counters for one router, as a heartbeat stores them and as the
 * console sums them over the fleet: requests by rule, route and status class, latency
 * histograms by rule and route, and shadow outcomes by rule and shadow route. Pure data and
 * arithmetic, shared by the gateway (which writes them) and the console (which reads them).
 */

/** Upper bounds (seconds) of the latency histograms' buckets; one more bucket counts the rest (+Inf). */
export const LATENCY_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What a shadow drawn for a rule became: sent or dropped, then how its answer compared. */
export const SHADOW_OUTCOMES = ["sent", "dropped", "agree", "disagree", "failed", "incomparable"] as const;
export type ShadowOutcome = (typeof SHADOW_OUTCOMES)[number];

export interface RouterCounters {
  /**
   * `[rule, route, status, count]`. Routed requests count by status class (`2xx` … `5xx`);
   * requests the gateway answered itself (route `""`) by their exact status (`400`, `413`).
   */
  readonly requests: readonly (readonly [string, string, string, number])[];
  /** `[rule, route, counts, sumSeconds]`: counts per bucket of LATENCY_BUCKETS, then the +Inf bucket (not cumulative). */
  readonly latency: readonly (readonly [string, string, readonly number[], number])[];
  /** `[rule, shadowRoute, outcome, count]`. */
  readonly shadows: readonly (readonly [string, string, ShadowOutcome, number])[];
}

export const EMPTY_COUNTERS: RouterCounters = { requests: [], latency: [], shadows: [] };

/** The status as heartbeats count it: its class for a routed request, exact when the gateway answered. */
export function statusKey(route: string, status: string): string {
  return route === "" || !/^[1-5]\d\d$/.test(status) ? status : `${status[0]}xx`;
}

const SEP = "\u0000";
const key = (...parts: string[]) => parts.join(SEP);
const unkey = (k: string) => k.split(SEP);

/** Mutable sums keyed by series, turned back into RouterCounters by `build()`. */
export class CountersBuilder {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, { counts: number[]; sum: number }>();
  private readonly shadows = new Map<string, number>();

  request(rule: string, route: string, status: string, count: number): this {
    if (count !== 0) this.requests.set(key(rule, route, status), (this.requests.get(key(rule, route, status)) ?? 0) + count);
    return this;
  }

  histogram(rule: string, route: string, counts: readonly number[], sum: number): this {
    if (counts.every((c) => c === 0)) return this;
    const k = key(rule, route);
    let h = this.latency.get(k);
    if (h === undefined) this.latency.set(k, (h = { counts: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), sum: 0 }));
    for (let i = 0; i < h.counts.length; i++) h.counts[i]! += counts[i] ?? 0;
    h.sum += sum;
    return this;
  }

  shadow(rule: string, route: string, outcome: ShadowOutcome, count: number): this {
    if (count !== 0) this.shadows.set(key(rule, route, outcome), (this.shadows.get(key(rule, route, outcome)) ?? 0) + count);
    return this;
  }

  add(counters: RouterCounters): this {
    for (const [rule, route, status, n] of counters.requests) this.request(rule, route, status, n);
    for (const [rule, route, counts, sum] of counters.latency) this.histogram(rule, route, counts, sum);
    for (const [rule, route, outcome, n] of counters.shadows) this.shadow(rule, route, outcome, n);
    return this;
  }

  build(): RouterCounters {
    const byName = <T extends readonly unknown[]>(a: T, b: T) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])) || String(a[2]).localeCompare(String(b[2]));
    return {
      requests: [...this.requests].map(([k, n]) => { const [rule, route, status] = unkey(k); return [rule!, route!, status!, n] as const; }).sort(byName),
      latency: [...this.latency].map(([k, h]) => { const [rule, route] = unkey(k); return [rule!, route!, h.counts, h.sum] as const; }).sort(byName),
      shadows: [...this.shadows].map(([k, n]) => { const [rule, route, outcome] = unkey(k); return [rule!, route!, outcome as ShadowOutcome, n] as const; }).sort(byName),
    };
  }
}

export function sumCounters(all: Iterable<RouterCounters>): RouterCounters {
  const builder = new CountersBuilder();
  for (const counters of all) builder.add(counters);
  return builder.build();
}

/**
 * What happened between `baseline` and `latest` (two snapshots of one gateway). A series
 * that went down was reset (a worker restarted): its latest value counts whole, as
 * Prometheus' increase() does.
 */
export function countersSince(latest: RouterCounters, baseline: RouterCounters | null): RouterCounters {
  if (baseline === null) return latest;
  const base = {
    requests: new Map(baseline.requests.map(([rule, route, status, n]) => [key(rule, route, status), n])),
    latency: new Map(baseline.latency.map(([rule, route, counts, sum]) => [key(rule, route), { counts, sum }])),
    shadows: new Map(baseline.shadows.map(([rule, route, outcome, n]) => [key(rule, route, outcome), n])),
  };
  const delta = (now: number, then: number | undefined) => (then === undefined || now < then ? now : now - then);
  const builder = new CountersBuilder();
  for (const [rule, route, status, n] of latest.requests) builder.request(rule, route, status, delta(n, base.requests.get(key(rule, route, status))));
  for (const [rule, route, counts, sum] of latest.latency) {
    const then = base.latency.get(key(rule, route));
    const total = counts.reduce((a, b) => a + b, 0);
    const thenTotal = then?.counts.reduce((a, b) => a + b, 0) ?? 0;
    const reset = then === undefined || total < thenTotal || counts.some((c, i) => c < (then.counts[i] ?? 0));
    builder.histogram(rule, route, reset ? counts : counts.map((c, i) => c - (then.counts[i] ?? 0)), reset ? sum : Math.max(0, sum - then.sum));
  }
  for (const [rule, route, outcome, n] of latest.shadows) builder.shadow(rule, route, outcome, delta(n, base.shadows.get(key(rule, route, outcome))));
  return builder.build();
}

/**
 * The q-quantile of a histogram, interpolated linearly inside the bucket it falls in, as
 * Prometheus' histogram_quantile() does: `bounds` are the buckets' upper bounds and `counts`
 * the per-bucket counts with the +Inf bucket last. Null when the histogram is empty; the
 * highest finite bound when the quantile falls in the +Inf bucket.
 */
export function histogramQuantile(q: number, bounds: readonly number[], counts: readonly number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return null;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    const inBucket = counts[i] ?? 0;
    if (cumulative + inBucket >= rank && inBucket > 0) {
      if (i >= bounds.length) return bounds[bounds.length - 1] ?? null;
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      return lower + (bounds[i]! - lower) * ((rank - cumulative) / inBucket);
    }
    cumulative += inBucket;
  }
  return bounds[bounds.length - 1] ?? null;
}

/** Per-bucket counts from Prometheus' cumulative `le` buckets (any order; `+Inf` as Infinity), regridded onto LATENCY_BUCKETS. */
export function countsFromCumulative(buckets: readonly { le: number; count: number }[]): number[] {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const at = (bound: number) => sorted.filter((b) => b.le <= bound + 1e-12).reduce((max, b) => Math.max(max, b.count), 0);
  const counts: number[] = [];
  let previous = 0;
  for (const bound of LATENCY_BUCKETS) {
    const c = at(bound);
    counts.push(Math.max(0, c - previous));
    previous = Math.max(previous, c);
  }
  const total = sorted.length > 0 ? Math.max(...sorted.map((b) => b.count)) : 0;
  counts.push(Math.max(0, total - previous));
  return counts;
}
