/**
 * A gateway's cumulative counters for one router, as a heartbeat stores them and as the
 * console sums them over the fleet: requests by rule, route and status class, latency
 * histograms by rule and route, shadow outcomes by rule and shadow route, and how each
 * shadow's answers compared with the primary's. Pure data and arithmetic, shared by the
 * gateway (which writes them) and the console (which reads them).
 */
import type { CompareOutcome } from "../shadows/compare";

/** Upper bounds (seconds) of the latency histograms' buckets; one more bucket counts the rest (+Inf). */
export const LATENCY_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Upper bounds (seconds) of the shadow-minus-primary latency histogram: symmetric around 0, the first bucket open below. */
export const LATENCY_DELTA_BUCKETS: readonly number[] = [
  -10, -2.5, -1, -0.5, -0.25, -0.1, -0.05, -0.025, -0.01, -0.005, -0.001, 0, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10,
];

/** What a shadow drawn for a rule became: sent or dropped, then how its answer compared. */
export const SHADOW_OUTCOMES = ["sent", "dropped", "agree", "disagree", "failed", "incomparable"] as const;
export type ShadowOutcome = (typeof SHADOW_OUTCOMES)[number];

/** Which side of a compared request a latency is of. */
export type ComparedSide = "primary" | "shadow";

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
  // The comparison series below are absent from snapshots without any (and from gateways that predate them).
  /** `[rule, shadowRoute, outcome, count]`: comparison outcomes as the shadow entry's `compare` says. */
  readonly comparisons?: readonly (readonly [string, string, CompareOutcome, number])[];
  /** `[rule, shadowRoute, field, count]`: disagreements by their first differing field. */
  readonly fields?: readonly (readonly [string, string, string, number])[];
  /** `[rule, shadowRoute, side, counts, sumSeconds]`: both latencies of the compared requests (LATENCY_BUCKETS, then +Inf). */
  readonly compared?: readonly (readonly [string, string, ComparedSide, readonly number[], number])[];
  /** `[rule, shadowRoute, counts, sumSeconds]`: shadow minus primary latency on the same request (LATENCY_DELTA_BUCKETS, then +Inf). */
  readonly delta?: readonly (readonly [string, string, readonly number[], number])[];
}

export const EMPTY_COUNTERS: RouterCounters = { requests: [], latency: [], shadows: [] };

/** The status as heartbeats count it: its class for a routed request, exact when the gateway answered. */
export function statusKey(route: string, status: string): string {
  return route === "" || !/^[1-5]\d\d$/.test(status) ? status : `${status[0]}xx`;
}

const SEP = "\u0000";
const key = (...parts: string[]) => parts.join(SEP);
const unkey = (k: string) => k.split(SEP);

type Histogram = { counts: number[]; sum: number };

function addHistogram(map: Map<string, Histogram>, k: string, size: number, counts: readonly number[], sum: number): void {
  if (counts.every((c) => c === 0)) return;
  let h = map.get(k);
  if (h === undefined) map.set(k, (h = { counts: new Array<number>(size).fill(0), sum: 0 }));
  for (let i = 0; i < size; i++) h.counts[i]! += counts[i] ?? 0;
  h.sum += sum;
}

function addCount(map: Map<string, number>, k: string, count: number): void {
  if (count !== 0) map.set(k, (map.get(k) ?? 0) + count);
}

const byName = <T extends readonly unknown[]>(a: T, b: T) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])) || String(a[2]).localeCompare(String(b[2]));

/** Mutable sums keyed by series, turned back into RouterCounters by `build()`. */
export class CountersBuilder {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly shadows = new Map<string, number>();
  private readonly comparisons = new Map<string, number>();
  private readonly fields = new Map<string, number>();
  private readonly compared = new Map<string, Histogram>();
  private readonly delta = new Map<string, Histogram>();

  request(rule: string, route: string, status: string, count: number): this {
    addCount(this.requests, key(rule, route, status), count);
    return this;
  }

  histogram(rule: string, route: string, counts: readonly number[], sum: number): this {
    addHistogram(this.latency, key(rule, route), LATENCY_BUCKETS.length + 1, counts, sum);
    return this;
  }

  shadow(rule: string, route: string, outcome: ShadowOutcome, count: number): this {
    addCount(this.shadows, key(rule, route, outcome), count);
    return this;
  }

  comparison(rule: string, route: string, outcome: CompareOutcome, count: number): this {
    addCount(this.comparisons, key(rule, route, outcome), count);
    return this;
  }

  field(rule: string, route: string, field: string, count: number): this {
    addCount(this.fields, key(rule, route, field), count);
    return this;
  }

  comparedHistogram(rule: string, route: string, side: ComparedSide, counts: readonly number[], sum: number): this {
    addHistogram(this.compared, key(rule, route, side), LATENCY_BUCKETS.length + 1, counts, sum);
    return this;
  }

  deltaHistogram(rule: string, route: string, counts: readonly number[], sum: number): this {
    addHistogram(this.delta, key(rule, route), LATENCY_DELTA_BUCKETS.length + 1, counts, sum);
    return this;
  }

  add(counters: RouterCounters): this {
    for (const [rule, route, status, n] of counters.requests) this.request(rule, route, status, n);
    for (const [rule, route, counts, sum] of counters.latency) this.histogram(rule, route, counts, sum);
    for (const [rule, route, outcome, n] of counters.shadows) this.shadow(rule, route, outcome, n);
    for (const [rule, route, outcome, n] of counters.comparisons ?? []) this.comparison(rule, route, outcome, n);
    for (const [rule, route, field, n] of counters.fields ?? []) this.field(rule, route, field, n);
    for (const [rule, route, side, counts, sum] of counters.compared ?? []) this.comparedHistogram(rule, route, side, counts, sum);
    for (const [rule, route, counts, sum] of counters.delta ?? []) this.deltaHistogram(rule, route, counts, sum);
    return this;
  }

  build(): RouterCounters {
    const triples = <T extends string>(map: Map<string, number>) =>
      [...map].map(([k, n]) => { const [rule, route, third] = unkey(k); return [rule!, route!, third as T, n] as const; }).sort(byName);
    const comparisons = triples<CompareOutcome>(this.comparisons);
    const fields = triples<string>(this.fields);
    const compared = [...this.compared].map(([k, h]) => { const [rule, route, side] = unkey(k); return [rule!, route!, side as ComparedSide, h.counts, h.sum] as const; }).sort(byName);
    const delta = [...this.delta].map(([k, h]) => { const [rule, route] = unkey(k); return [rule!, route!, h.counts, h.sum] as const; }).sort(byName);
    return {
      requests: triples<string>(this.requests),
      latency: [...this.latency].map(([k, h]) => { const [rule, route] = unkey(k); return [rule!, route!, h.counts, h.sum] as const; }).sort(byName),
      shadows: triples<ShadowOutcome>(this.shadows),
      ...(comparisons.length > 0 ? { comparisons } : {}),
      ...(fields.length > 0 ? { fields } : {}),
      ...(compared.length > 0 ? { compared } : {}),
      ...(delta.length > 0 ? { delta } : {}),
    };
  }
}

/** At most `max` series of each kind (a heartbeat's bound on what one router writes). */
export function boundCounters(counters: RouterCounters, max: number): RouterCounters {
  const over = Object.values(counters).some((series: readonly unknown[] | undefined) => (series?.length ?? 0) > max);
  if (!over) return counters;
  return Object.fromEntries(Object.entries(counters).map(([name, series]: [string, readonly unknown[]]) => [name, series.slice(0, max)])) as unknown as RouterCounters;
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
  const counts = <T extends readonly [string, string, string, number]>(series: readonly T[] | undefined) => new Map((series ?? []).map(([a, b, c, n]) => [key(a, b, c), n]));
  const base = {
    requests: counts(baseline.requests),
    latency: new Map(baseline.latency.map(([rule, route, c, sum]) => [key(rule, route), { counts: c, sum }])),
    shadows: counts(baseline.shadows),
    comparisons: counts(baseline.comparisons),
    fields: counts(baseline.fields),
    compared: new Map((baseline.compared ?? []).map(([rule, route, side, c, sum]) => [key(rule, route, side), { counts: c, sum }])),
    delta: new Map((baseline.delta ?? []).map(([rule, route, c, sum]) => [key(rule, route), { counts: c, sum }])),
  };
  const delta = (now: number, then: number | undefined) => (then === undefined || now < then ? now : now - then);
  // A histogram with any bucket gone down was reset: it counts whole.
  const histogramSince = (now: readonly number[], sum: number, then: { counts: readonly number[]; sum: number } | undefined): [readonly number[], number] => {
    const total = now.reduce((a, b) => a + b, 0);
    const thenTotal = then?.counts.reduce((a, b) => a + b, 0) ?? 0;
    const reset = then === undefined || total < thenTotal || now.some((c, i) => c < (then.counts[i] ?? 0));
    return reset ? [now, sum] : [now.map((c, i) => c - (then.counts[i] ?? 0)), Math.max(0, sum - then.sum)];
  };
  const builder = new CountersBuilder();
  for (const [rule, route, status, n] of latest.requests) builder.request(rule, route, status, delta(n, base.requests.get(key(rule, route, status))));
  for (const [rule, route, c, sum] of latest.latency) builder.histogram(rule, route, ...histogramSince(c, sum, base.latency.get(key(rule, route))));
  for (const [rule, route, outcome, n] of latest.shadows) builder.shadow(rule, route, outcome, delta(n, base.shadows.get(key(rule, route, outcome))));
  for (const [rule, route, outcome, n] of latest.comparisons ?? []) builder.comparison(rule, route, outcome, delta(n, base.comparisons.get(key(rule, route, outcome))));
  for (const [rule, route, field, n] of latest.fields ?? []) builder.field(rule, route, field, delta(n, base.fields.get(key(rule, route, field))));
  for (const [rule, route, side, c, sum] of latest.compared ?? []) builder.comparedHistogram(rule, route, side, ...histogramSince(c, sum, base.compared.get(key(rule, route, side))));
  for (const [rule, route, c, sum] of latest.delta ?? []) builder.deltaHistogram(rule, route, ...histogramSince(c, sum, base.delta.get(key(rule, route))));
  return builder.build();
}

/**
 * The q-quantile of a histogram, interpolated linearly inside the bucket it falls in, as
 * Prometheus' histogram_quantile() does: `bounds` are the buckets' upper bounds and `counts`
 * the per-bucket counts with the +Inf bucket last. Null when the histogram is empty; the
 * highest finite bound when the quantile falls in the +Inf bucket. The first bucket starts
 * at `lowest` (0 for latencies; -Infinity for a signed histogram, whose quantile is then the
 * first bound when it falls there).
 */
export function histogramQuantile(q: number, bounds: readonly number[], counts: readonly number[], lowest = 0): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return null;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    const inBucket = counts[i] ?? 0;
    if (cumulative + inBucket >= rank && inBucket > 0) {
      if (i >= bounds.length) return bounds[bounds.length - 1] ?? null;
      const lower = i === 0 ? lowest : bounds[i - 1]!;
      if (!Number.isFinite(lower)) return bounds[i]!;
      return lower + (bounds[i]! - lower) * ((rank - cumulative) / inBucket);
    }
    cumulative += inBucket;
  }
  return bounds[bounds.length - 1] ?? null;
}

/** Per-bucket counts from Prometheus' cumulative `le` buckets (any order; `+Inf` as Infinity), regridded onto `bounds`. */
export function countsFromCumulative(buckets: readonly { le: number; count: number }[], bounds: readonly number[] = LATENCY_BUCKETS): number[] {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const at = (bound: number) => sorted.filter((b) => b.le <= bound + 1e-12).reduce((max, b) => Math.max(max, b.count), 0);
  const counts: number[] = [];
  let previous = 0;
  for (const bound of bounds) {
    const c = at(bound);
    counts.push(Math.max(0, c - previous));
    previous = Math.max(previous, c);
  }
  const total = sorted.length > 0 ? Math.max(...sorted.map((b) => b.count)) : 0;
  counts.push(Math.max(0, total - previous));
  return counts;
}
