/**
 * A router's counters from Prometheus, which scrapes every gateway's /metrics: instant
 * PromQL queries through its HTTP API (/api/v1/query), summed over the gateways by rule and
 * route. Since start reads the counters as they are (series of gateways no longer scraped go
 * stale and drop out, as stopped gateways drop out of the heartbeat totals); a window uses
 * increase() over it, which Prometheus extrapolates to the window's edges.
 */
import { CountersBuilder, countsFromCumulative, statusKey, SHADOW_OUTCOMES, type RouterCounters, type ShadowOutcome } from "./counters";
import { METRIC } from "@/lib/gateway/metric-names";

const QUERY_TIMEOUT_MS = 5_000;

type Sample = { metric: Record<string, string>; value: [number, string] };

function labelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

async function instantQuery(base: string, query: string): Promise<Sample[]> {
  const res = await fetch(`${base}/api/v1/query`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ query }),
    signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => null)) as { status?: string; error?: string; data?: { resultType?: string; result?: Sample[] } } | null;
  if (!res.ok || body?.status !== "success") throw new Error(`Prometheus answered ${res.status}${body?.error ? `: ${body.error}` : ""}`);
  if (body.data?.resultType !== "vector") throw new Error(`Prometheus answered a ${body.data?.resultType ?? "missing"} result for an instant vector query`);
  return body.data.result ?? [];
}

const number = (s: Sample) => {
  const n = Number(s.value[1]);
  return Number.isFinite(n) ? n : 0;
};

/** The router's counters summed over every scraped gateway, and how many gateways serve it. */
export async function prometheusCounters(base: string, project: string, router: string, windowSeconds: number | null): Promise<{ gateways: number; counters: RouterCounters }> {
  const selector = `{project="${labelValue(project)}",router="${labelValue(router)}"}`;
  const over = (metric: string) => (windowSeconds === null ? `${metric}${selector}` : `increase(${metric}${selector}[${windowSeconds}s])`);
  const [requests, buckets, shadowRequests, shadowResponses, gateways] = await Promise.all([
    instantQuery(base, `sum by (rule, route, status) (${over(METRIC.requests)})`),
    instantQuery(base, `sum by (rule, route, le) (${over(`${METRIC.duration}_bucket`)})`),
    instantQuery(base, `sum by (rule, route, outcome) (${over(METRIC.shadowRequests)})`),
    instantQuery(base, `sum by (rule, route, result) (${over(METRIC.shadowResponses)})`),
    instantQuery(base, `count(${METRIC.routerVersion}${selector})`),
  ]);
  const builder = new CountersBuilder();
  for (const s of requests) {
    const route = s.metric.route ?? "";
    builder.request(s.metric.rule ?? "", route, statusKey(route, s.metric.status ?? ""), number(s));
  }
  const histograms = new Map<string, { rule: string; route: string; buckets: { le: number; count: number }[] }>();
  for (const s of buckets) {
    const rule = s.metric.rule ?? "";
    const route = s.metric.route ?? "";
    const k = `${rule}\u0000${route}`;
    let h = histograms.get(k);
    if (h === undefined) histograms.set(k, (h = { rule, route, buckets: [] }));
    const le = s.metric.le === "+Inf" ? Infinity : Number(s.metric.le);
    if (!Number.isNaN(le)) h.buckets.push({ le, count: number(s) });
  }
  for (const h of histograms.values()) builder.histogram(h.rule, h.route, countsFromCumulative(h.buckets), 0);
  for (const s of shadowRequests) {
    const outcome = s.metric.outcome as ShadowOutcome;
    if (outcome === "sent" || outcome === "dropped") builder.shadow(s.metric.rule ?? "", s.metric.route ?? "", outcome, number(s));
  }
  for (const s of shadowResponses) {
    const result = s.metric.result as ShadowOutcome;
    if (SHADOW_OUTCOMES.includes(result) && result !== "sent" && result !== "dropped") builder.shadow(s.metric.rule ?? "", s.metric.route ?? "", result, number(s));
  }
  return { gateways: gateways.length > 0 ? number(gateways[0]!) : 0, counters: builder.build() };
}
