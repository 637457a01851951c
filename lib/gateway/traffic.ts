/**
 * What the Traffic tab shows: the fleet's traffic for a router (lib/fleet/router-metrics.ts,
 * from the heartbeats or from Prometheus) set against the weights each rule of the active
 * version configures, rule by rule, so a drifting split stands out; and, per shadow entry,
 * how its answers compared with the primary's.
 */
import type { Db } from "@/lib/db/client";
import { prometheusUrl, routerMetrics, TRAFFIC_WINDOWS, type ComparisonMetrics, type RouterMetrics, type TrafficWindow } from "@/lib/fleet/router-metrics";
import type { RouterDocument } from "@/lib/router/document";
import { COMPARE_OUTCOMES, type CompareOutcome } from "@/lib/shadows/compare";
import type { CompareMode } from "@/lib/shadows/spec";

export type RuleTrafficView = {
  rule: string;
  routed: number;
  routes: { route: string; configured: number; requests: number; actual: number; errors: number; p95Seconds: number | null }[];
};

export type ShadowTrafficView = {
  route: string;
  sent: number;
  dropped: number;
  agreeing: number;
  disagreeing: number;
  failed: number;
  incomparable: number;
  agreement: number | null;
};

/** One shadow entry of the active version (or one the gateways reported) with how it compared. */
export type ShadowComparisonView = ComparisonMetrics & {
  /** The configured share, in percent; null when the active version no longer has this shadow. */
  percent: number | null;
  /** null when the active version no longer has this shadow. */
  mode: CompareMode | null;
};

type Common = { source: RouterMetrics["source"]; window: TrafficWindow | null };

export type TrafficView =
  | (Common & { reachable: false; error: string })
  | (Common & {
      reachable: true;
      /** Gateways whose traffic is summed. */
      gateways: number;
      routed: number;
      refused: Record<string, number>;
      rules: RuleTrafficView[];
      shadows: ShadowTrafficView[];
      comparisons: ShadowComparisonView[];
    });

/**
 * Every shadow entry of the served document, with what the gateways reported of it; entries
 * the document no longer has but the gateways still count come last, without a share.
 */
function compareShadows(reported: readonly ComparisonMetrics[], served: RouterDocument | null): ShadowComparisonView[] {
  const configured = new Map<string, { percent: number; mode: CompareMode }>();
  const bodies = [...(served?.rules ?? []).map((r) => [r.name, r] as const), ...(served?.defaultRule ? [["default", served.defaultRule] as const] : [])];
  for (const [rule, body] of bodies) {
    for (const shadow of body.shadows) {
      const k = JSON.stringify([rule, shadow.route]);
      if (!configured.has(k)) configured.set(k, { percent: shadow.percent, mode: shadow.compare?.mode ?? "exact" });
    }
  }
  const byKey = new Map(reported.map((c) => [JSON.stringify([c.rule, c.route]), c]));
  const none = () => Object.fromEntries(COMPARE_OUTCOMES.map((o) => [o, 0])) as Record<CompareOutcome, number>;
  return [...new Set([...configured.keys(), ...byKey.keys()])].map((k): ShadowComparisonView => {
    const [rule, route] = JSON.parse(k) as [string, string];
    const c = byKey.get(k);
    const config = configured.get(k);
    return {
      rule,
      route,
      percent: config?.percent ?? null,
      mode: config?.mode ?? null,
      outcomes: c ? { ...c.outcomes } : none(),
      compared: c?.compared ?? 0,
      agreement: c?.agreement ?? null,
      byField: c?.byField.map((f) => ({ ...f })) ?? [],
      latency: c?.latency ?? { primary: null, shadow: null, delta: null },
    };
  });
}

/** The fleet's figures against the served document's weights; shadows summed over the rules that drew them. */
export function compareTraffic(metrics: Pick<RouterMetrics, "rules" | "refused" | "shadows" | "comparisons">, served: RouterDocument | null) {
  const bodies = new Map<string, { split: { route: string; weight: number }[] }>();
  for (const r of served?.rules ?? []) bodies.set(r.name, r);
  if (served?.defaultRule) bodies.set("default", served.defaultRule);
  const seen = new Map(metrics.rules.map((r) => [r.rule, r]));
  const names = [...new Set([...bodies.keys(), ...seen.keys()])];
  const shadows = new Map<string, ShadowTrafficView>();
  for (const s of metrics.shadows) {
    const view = shadows.get(s.route) ?? { route: s.route, sent: 0, dropped: 0, agreeing: 0, disagreeing: 0, failed: 0, incomparable: 0, agreement: null };
    view.sent += s.sent;
    view.dropped += s.dropped;
    view.agreeing += s.agree;
    view.disagreeing += s.disagree;
    view.failed += s.failed;
    view.incomparable += s.incomparable;
    shadows.set(s.route, view);
  }
  const rules = names.map((rule): RuleTrafficView => {
    const actual = seen.get(rule);
    const routes = new Set([...(bodies.get(rule)?.split.map((s) => s.route) ?? []), ...(actual?.routes.map((r) => r.route) ?? [])]);
    const routed = actual?.requests ?? 0;
    return {
      rule,
      routed,
      routes: [...routes].map((route) => {
        const got = actual?.routes.find((r) => r.route === route);
        return {
          route,
          configured: bodies.get(rule)?.split.find((s) => s.route === route)?.weight ?? 0,
          requests: got?.requests ?? 0,
          actual: routed > 0 ? ((got?.requests ?? 0) / routed) * 100 : 0,
          errors: got?.errors ?? 0,
          p95Seconds: got?.latency.p95 ?? null,
        };
      }),
    };
  });
  return {
    routed: rules.reduce((sum, r) => sum + r.routed, 0),
    refused: { ...metrics.refused },
    rules,
    shadows: [...shadows.values()]
      .map((s) => ({ ...s, agreement: s.agreeing + s.disagreeing > 0 ? s.agreeing / (s.agreeing + s.disagreeing) : null }))
      .sort((a, b) => a.route.localeCompare(b.route)),
    comparisons: compareShadows(metrics.comparisons, served),
  };
}

/** The fleet's traffic for a router against its active version; a Prometheus that cannot be queried is reported, not thrown. */
export async function loadTraffic(db: Db, project: string, router: string, served: RouterDocument | null, window: TrafficWindow | null): Promise<TrafficView> {
  const windowSeconds = window === null ? null : TRAFFIC_WINDOWS[window];
  const url = prometheusUrl();
  try {
    const metrics = await routerMetrics(db, project, router, { windowSeconds, prometheusUrl: url });
    return { reachable: true, source: metrics.source, window, gateways: metrics.gateways, ...compareTraffic(metrics, served) };
  } catch (error) {
    // The database failing is the API's usual 5xx/503; only an unreachable Prometheus is shown in the tab.
    if (url === null) throw error;
    return { reachable: false, source: "prometheus", window, error: `could not query Prometheus at ${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
