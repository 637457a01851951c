/**
 * A router's traffic over the whole fleet, per rule and route: requests by status class,
 * errors (5xx, which includes the gateway's 504 timeouts and 502s), latency quantiles from the
 * histograms, and shadow outcomes — since the gateways started, or over a recent window. The
 * same figures come from the gateways' heartbeats (the default) or from Prometheus
 * (TURNOUT_PROMETHEUS_URL), so the Traffic tab and anything gating on metrics read one shape.
 */
import type { Db } from "@/lib/db/client";
import { COMPARE_OUTCOMES, type CompareOutcome } from "@/lib/shadows/compare";
import { countersSince, histogramQuantile, LATENCY_BUCKETS, LATENCY_DELTA_BUCKETS, sumCounters, type RouterCounters, type ShadowOutcome } from "./counters";
import { prometheusCounters } from "./prometheus";
import { routerCounterSnapshots } from "./repo";

export const TRAFFIC_WINDOWS = { "1m": 60, "5m": 300, "15m": 900, "1h": 3600 } as const;
export type TrafficWindow = keyof typeof TRAFFIC_WINDOWS;

export type StatusClassCounts = { "1xx": number; "2xx": number; "3xx": number; "4xx": number; "5xx": number };

export type RouteMetrics = {
  route: string;
  requests: number;
  byStatus: StatusClassCounts;
  /** 5xx answers: the backend's own, and the gateway's 502 (unreachable) and 504 (timeout). */
  errors: number;
  /** Latency quantiles in seconds (null without requests), interpolated in the histogram's buckets. */
  latency: { p50: number | null; p95: number | null; p99: number | null };
};

export type RuleMetrics = { rule: string; requests: number; routes: RouteMetrics[] };

export type ShadowMetrics = { rule: string; route: string } & Record<ShadowOutcome, number>;

/** Seconds. */
export type Quantiles = { p50: number; p95: number };

/** How one shadow route of one rule compared with the primary (its entry's `compare`). */
export type ComparisonMetrics = {
  rule: string;
  route: string;
  outcomes: Record<CompareOutcome, number>;
  /** Every outcome together. */
  compared: number;
  /** agree / (agree + disagree); null before any. */
  agreement: number | null;
  /** Disagreements by their first differing field, most frequent first. */
  byField: { field: string; count: number }[];
  /** Over the requests compared (both sides answered); null before any. */
  latency: { primary: Quantiles | null; shadow: Quantiles | null; delta: Quantiles | null };
};

export type RouterMetrics = {
  source: "heartbeats" | "prometheus";
  /** null: since the gateways started. */
  windowSeconds: number | null;
  /** Gateways the figures come from (live ones; for Prometheus, the scraped targets serving the router). */
  gateways: number;
  rules: RuleMetrics[];
  /** Requests the gateway answered itself (missing sticky key, body too large, …), by exact status. */
  refused: Record<string, number>;
  shadows: ShadowMetrics[];
  comparisons: ComparisonMetrics[];
};

const EMPTY_CLASSES = (): StatusClassCounts => ({ "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 });

/** Per rule and route figures from (summed) counters. */
export function summarizeCounters(counters: RouterCounters): Pick<RouterMetrics, "rules" | "refused" | "shadows" | "comparisons"> {
  const rules = new Map<string, Map<string, { byStatus: StatusClassCounts; counts: number[] | null }>>();
  const refused: Record<string, number> = {};
  const routeOf = (rule: string, route: string) => {
    let routes = rules.get(rule);
    if (routes === undefined) rules.set(rule, (routes = new Map()));
    let r = routes.get(route);
    if (r === undefined) routes.set(route, (r = { byStatus: EMPTY_CLASSES(), counts: null }));
    return r;
  };
  for (const [rule, route, status, n] of counters.requests) {
    if (route === "") {
      refused[status] = (refused[status] ?? 0) + n;
      continue;
    }
    const cls = `${status[0]}xx` as keyof StatusClassCounts;
    const r = routeOf(rule, route);
    if (cls in r.byStatus) r.byStatus[cls] += n;
  }
  for (const [rule, route, counts] of counters.latency) {
    if (route === "") continue;
    routeOf(rule, route).counts = [...counts];
  }
  const shadows = new Map<string, ShadowMetrics>();
  for (const [rule, route, outcome, n] of counters.shadows) {
    const k = `${rule}\u0000${route}`;
    let s = shadows.get(k);
    if (s === undefined) shadows.set(k, (s = { rule, route, sent: 0, dropped: 0, agree: 0, disagree: 0, failed: 0, incomparable: 0 }));
    s[outcome] += n;
  }
  const q = (quantile: number, counts: number[] | null) => (counts === null ? null : histogramQuantile(quantile, LATENCY_BUCKETS, counts));
  return {
    refused,
    rules: [...rules]
      .map(([rule, routes]) => {
        const list = [...routes]
          .map(([route, r]): RouteMetrics => {
            const requests = Object.values(r.byStatus).reduce((a, b) => a + b, 0);
            return { route, requests, byStatus: r.byStatus, errors: r.byStatus["5xx"], latency: { p50: q(0.5, r.counts), p95: q(0.95, r.counts), p99: q(0.99, r.counts) } };
          })
          .sort((a, b) => a.route.localeCompare(b.route));
        return { rule, requests: list.reduce((sum, r) => sum + r.requests, 0), routes: list };
      })
      .sort((a, b) => a.rule.localeCompare(b.rule)),
    shadows: [...shadows.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.route.localeCompare(b.route)),
    comparisons: summarizeComparisons(counters),
  };
}

function summarizeComparisons(counters: RouterCounters): ComparisonMetrics[] {
  type Acc = { outcomes: Record<CompareOutcome, number>; fields: Map<string, number>; primary: readonly number[] | null; shadow: readonly number[] | null; delta: readonly number[] | null };
  const pairs = new Map<string, Acc>();
  const pairOf = (rule: string, route: string) => {
    const k = `${rule}\u0000${route}`;
    let p = pairs.get(k);
    if (p === undefined) {
      const outcomes = Object.fromEntries(COMPARE_OUTCOMES.map((o) => [o, 0])) as Record<CompareOutcome, number>;
      pairs.set(k, (p = { outcomes, fields: new Map(), primary: null, shadow: null, delta: null }));
    }
    return p;
  };
  for (const [rule, route, outcome, n] of counters.comparisons ?? []) if (COMPARE_OUTCOMES.includes(outcome)) pairOf(rule, route).outcomes[outcome] += n;
  for (const [rule, route, field, n] of counters.fields ?? []) {
    const fields = pairOf(rule, route).fields;
    fields.set(field, (fields.get(field) ?? 0) + n);
  }
  for (const [rule, route, side, counts] of counters.compared ?? []) pairOf(rule, route)[side] = counts;
  for (const [rule, route, counts] of counters.delta ?? []) pairOf(rule, route).delta = counts;
  const quantiles = (counts: readonly number[] | null, bounds: readonly number[], lowest: number): Quantiles | null => {
    if (counts === null) return null;
    const p50 = histogramQuantile(0.5, bounds, counts, lowest);
    const p95 = histogramQuantile(0.95, bounds, counts, lowest);
    return p50 === null || p95 === null ? null : { p50, p95 };
  };
  return [...pairs]
    .map(([k, p]): ComparisonMetrics => {
      const [rule, route] = k.split("\u0000") as [string, string];
      const { agree, disagree } = p.outcomes;
      return {
        rule,
        route,
        outcomes: p.outcomes,
        compared: COMPARE_OUTCOMES.reduce((sum, o) => sum + p.outcomes[o], 0),
        agreement: agree + disagree > 0 ? agree / (agree + disagree) : null,
        byField: [...p.fields].map(([field, count]) => ({ field, count })).sort((a, b) => b.count - a.count || a.field.localeCompare(b.field)),
        latency: {
          primary: quantiles(p.primary, LATENCY_BUCKETS, 0),
          shadow: quantiles(p.shadow, LATENCY_BUCKETS, 0),
          delta: quantiles(p.delta, LATENCY_DELTA_BUCKETS, -Infinity),
        },
      };
    })
    .sort((a, b) => a.rule.localeCompare(b.rule) || a.route.localeCompare(b.route));
}

export type MetricsSourceOptions = {
  /** null: since the gateways started; otherwise 1 s (10 s with Prometheus) to an hour. */
  windowSeconds: number | null;
  /** Read from this Prometheus instead of the heartbeats; defaults to TURNOUT_PROMETHEUS_URL. */
  prometheusUrl?: string | null;
};

export function prometheusUrl(): string | null {
  const url = process.env.TURNOUT_PROMETHEUS_URL?.trim();
  return url ? url.replace(/\/+$/, "") : null;
}

/**
 * One router's traffic over every gateway: from Prometheus when a URL is configured (PromQL
 * over the series it scrapes from each gateway's /metrics), from the heartbeats otherwise.
 * Throws when Prometheus cannot be queried.
 */
export async function routerMetrics(db: Db, project: string, router: string, options: MetricsSourceOptions): Promise<RouterMetrics> {
  const url = options.prometheusUrl === undefined ? prometheusUrl() : options.prometheusUrl;
  // Prometheus needs two scrapes inside a window for increase(); heartbeats resolve a second
  // (a rollout's short gate interval reads exactly its own interval).
  const shortest = url !== null ? 10 : 1;
  const windowSeconds = options.windowSeconds === null ? null : Math.min(3600, Math.max(shortest, Math.round(options.windowSeconds)));
  if (url !== null) {
    const { gateways, counters } = await prometheusCounters(url, project, router, windowSeconds);
    return { source: "prometheus", windowSeconds, gateways, ...summarizeCounters(counters) };
  }
  const { gateways, snapshots } = await routerCounterSnapshots(db, project, router, windowSeconds);
  const counters = sumCounters(snapshots.map((s) => countersSince(s.latest, s.baseline)));
  return { source: "heartbeats", windowSeconds, gateways, ...summarizeCounters(counters) };
}
