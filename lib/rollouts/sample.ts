/**
 * What the gates read from the fleet's figures (lib/fleet/router-metrics.ts): for one rule,
 * the baseline's and the canary's requests, errors and p95 over the evaluation window, and
 * how the canary's shadow answers compared with the primary's. The one place that maps the
 * gateways' comparison outcomes onto "agreeing" and "compared".
 */
import type { ComparisonMetrics, RouterMetrics, ShadowMetrics } from "@/lib/fleet/router-metrics";

export type RouteSample = { requests: number; errors: number; p95Seconds: number | null };
export type ShadowSample = { compared: number; agreeing: number };
export type MetricsSample = { ok: true; baseline: RouteSample; canary: RouteSample; shadow: ShadowSample } | { ok: false; error: string };

const EMPTY_ROUTE: RouteSample = { requests: 0, errors: 0, p95Seconds: null };

/**
 * A shadow's outcomes as agreement counts them. Agreeing: the answer matched the primary's as
 * the shadow entry's `compare` says (exact bytes, JSON ignoring paths, or fields within
 * tolerance). Compared: agreeing + disagreeing + the shadow failing (an error or a timeout of
 * the canary is no agreement). Not counted: shadows dropped or never answered, and those the
 * primary's own failure or an answer that could not be compared (not JSON, over the size cap)
 * left without a verdict.
 */
export function comparisonTally(c: Pick<ComparisonMetrics, "outcomes">): ShadowSample {
  const { agree, disagree, shadow_failed } = c.outcomes;
  return { agreeing: agree, compared: agree + disagree + shadow_failed };
}

/** The same from the older per-shadow counters, for gateways that predate comparison outcomes. */
export function shadowTally(s: Pick<ShadowMetrics, "agree" | "disagree" | "failed">): ShadowSample {
  return { agreeing: s.agree, compared: s.agree + s.disagree + s.failed };
}

const sum = (samples: ShadowSample[]): ShadowSample => samples.reduce((a, b) => ({ agreeing: a.agreeing + b.agreeing, compared: a.compared + b.compared }), { agreeing: 0, compared: 0 });

/**
 * How the canary's shadow answers compared: from the comparison outcomes where the gateways
 * report them, else from the per-shadow counters. Both count the same answers on a gateway
 * that has both; during an upgrade the one that saw more answers is read.
 */
function shadowSample(metrics: RouterMetrics, rule: string, canary: string): ShadowSample {
  const compared = sum(metrics.comparisons.filter((c) => c.rule === rule && c.route === canary).map(comparisonTally));
  const legacy = sum(metrics.shadows.filter((s) => s.rule === rule && s.route === canary).map(shadowTally));
  return compared.compared >= legacy.compared ? compared : legacy;
}

function route(metrics: RouterMetrics, rule: string, name: string): RouteSample {
  const r = metrics.rules.find((x) => x.rule === rule)?.routes.find((x) => x.route === name);
  return r ? { requests: r.requests, errors: r.errors, p95Seconds: r.latency.p95 } : EMPTY_ROUTE;
}

/** The figures one evaluation of a rollout on `rule` (the metrics' rule label; `default` for the default rule) reads. */
export function sampleOf(metrics: RouterMetrics, rule: string, baseline: string, canary: string): MetricsSample {
  return { ok: true, baseline: route(metrics, rule, baseline), canary: route(metrics, rule, canary), shadow: shadowSample(metrics, rule, canary) };
}
