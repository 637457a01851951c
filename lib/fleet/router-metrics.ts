/**
 * A router's traffic over the whole fleet, per rule and route: requests by status class,
 * errors (5xx, which includes the gateway's 504 timeouts and 502s), latency quantiles from the
 * histograms, and shadow outcomes — since the gateways started, or over a recent window. The
 * same figures come from the gateways' heartbeats (the default) or from Prometheus
 * (TURNOUT_PROMETHEUS_URL), so the Traffic tab and anything gating on metrics read one shape.
 */
import type { Db } from "@/lib/db/client";
import { countersSince, histogramQuantile, LATENCY_BUCKETS, sumCounters, type RouterCounters, type ShadowOutcome } from "./counters";
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
};

const EMPTY_CLASSES = (): StatusClassCounts => ({ "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 });

/** Per rule and route figures from (summed) counters. */
export function summarizeCounters(counters: RouterCounters): Pick<RouterMetrics, "rules" | "refused" | "shadows"> {
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
  };
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
