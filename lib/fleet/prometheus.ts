/**
 * A router's counters from Prometheus, which scrapes every gateway's /metrics: instant
 * PromQL queries through its HTTP API (/api/v1/query), summed over the gateways by rule and
 * route (and, for shadows, by comparison outcome, differing field and latency bucket). Since start reads the counters as they are (series of gateways no longer scraped go
 * stale and drop out, as stopped gateways drop out of the heartbeat totals); a window uses
 * increase() over it, which Prometheus extrapolates to the window's edges.
 */
import { COMPARE_OUTCOMES, type CompareOutcome } from "@/lib/shadows/compare";
import { CountersBuilder, countsFromCumulative, LATENCY_DELTA_BUCKETS, statusKey, SHADOW_OUTCOMES, type RouterCounters, type ShadowOutcome } from "./counters";
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
  const [requests, buckets, shadowRequests, shadowResponses, gateways, comparisons, fields, comparedBuckets, deltaBuckets] = await Promise.all([
    instantQuery(base, `sum by (rule, route, status) (${over(METRIC.requests)})`),
    instantQuery(base, `sum by (rule, route, le) (${over(`${METRIC.duration}_bucket`)})`),
    instantQuery(base, `sum by (rule, route, outcome) (${over(METRIC.shadowRequests)})`),
    instantQuery(base, `sum by (rule, route, result) (${over(METRIC.shadowResponses)})`),
    instantQuery(base, `count(${METRIC.routerVersion}${selector})`),
    instantQuery(base, `sum by (rule, route, outcome) (${over(METRIC.shadowComparisons)})`),
    instantQuery(base, `sum by (rule, route, field) (${over(METRIC.shadowDisagreementFields)})`),
    instantQuery(base, `sum by (rule, route, side, le) (${over(`${METRIC.shadowComparedDuration}_bucket`)})`),
    instantQuery(base, `sum by (rule, route, le) (${over(`${METRIC.shadowLatencyDelta}_bucket`)})`),
  ]);
  const builder = new CountersBuilder();
  for (const s of requests) {
    const route = s.metric.route ?? "";
    builder.request(s.metric.rule ?? "", route, statusKey(route, s.metric.status ?? ""), number(s));
  }
  for (const h of histograms(buckets)) builder.histogram(h.rule, h.route, countsFromCumulative(h.buckets), 0);
  for (const s of shadowRequests) {
    const outcome = s.metric.outcome as ShadowOutcome;
    if (outcome === "sent" || outcome === "dropped") builder.shadow(s.metric.rule ?? "", s.metric.route ?? "", outcome, number(s));
  }
  for (const s of shadowResponses) {
    const result = s.metric.result as ShadowOutcome;
    if (SHADOW_OUTCOMES.includes(result) && result !== "sent" && result !== "dropped") builder.shadow(s.metric.rule ?? "", s.metric.route ?? "", result, number(s));
  }
  for (const s of comparisons) {
    const outcome = s.metric.outcome as CompareOutcome;
    if (COMPARE_OUTCOMES.includes(outcome)) builder.comparison(s.metric.rule ?? "", s.metric.route ?? "", outcome, number(s));
  }
  for (const s of fields) builder.field(s.metric.rule ?? "", s.metric.route ?? "", s.metric.field ?? "", number(s));
  for (const h of histograms(comparedBuckets, "side")) {
    if (h.extra === "primary" || h.extra === "shadow") builder.comparedHistogram(h.rule, h.route, h.extra, countsFromCumulative(h.buckets), 0);
  }
  for (const h of histograms(deltaBuckets)) builder.deltaHistogram(h.rule, h.route, countsFromCumulative(h.buckets, LATENCY_DELTA_BUCKETS), 0);
  return { gateways: gateways.length > 0 ? number(gateways[0]!) : 0, counters: builder.build() };
}

/** Bucket samples grouped into one cumulative histogram per rule and route (and `extra` label). */
function histograms(samples: Sample[], extra?: string): { rule: string; route: string; extra: string; buckets: { le: number; count: number }[] }[] {
  const byKey = new Map<string, { rule: string; route: string; extra: string; buckets: { le: number; count: number }[] }>();
  for (const s of samples) {
    const rule = s.metric.rule ?? "";
    const route = s.metric.route ?? "";
    const other = extra === undefined ? "" : (s.metric[extra] ?? "");
    const k = `${rule}\u0000${route}\u0000${other}`;
    let h = byKey.get(k);
    if (h === undefined) byKey.set(k, (h = { rule, route, extra: other, buckets: [] }));
    const le = s.metric.le === "+Inf" ? Infinity : Number(s.metric.le);
    if (!Number.isNaN(le)) h.buckets.push({ le, count: number(s) });
  }
  return [...byKey.values()];
}
