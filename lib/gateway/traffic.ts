import type { RouterDocument } from "@/lib/router/document";
import { COMPARE_OUTCOMES, type CompareOutcome } from "@/lib/shadows/compare";
import type { CompareMode } from "@/lib/shadows/spec";
import { parseGatewayMetrics, routerTraffic, type RouterTraffic, type ShadowComparisonTraffic } from "./metrics-report";

export type RuleTrafficView = {
  rule: string;
  routed: number;
  routes: { route: string; configured: number; requests: number; actual: number }[];
};

/** One shadow entry of the served version (or one the gateway reported) with how it compared. */
export type ShadowComparisonView = Omit<ShadowComparisonTraffic, "outcomes"> & {
  outcomes: Record<CompareOutcome, number>;
  /** The configured share, in percent; null when the served version no longer has this shadow. */
  percent: number | null;
  /** null when the served version no longer has this shadow. */
  mode: CompareMode | null;
};

export type TrafficView =
  | { reachable: false; gatewayUrl: string; error: string }
  | {
      reachable: true;
      gatewayUrl: string;
      /** The version the gateway serves (null before it served a request). */
      servedVersion: number | null;
      routed: number;
      refused: Record<string, number>;
      rules: RuleTrafficView[];
      shadows: RouterTraffic["shadows"];
      comparisons: ShadowComparisonView[];
    };

export function gatewayUrl(): string {
  return (process.env.TURNOUT_GATEWAY_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
}

/**
 * Sets what the gateway actually routed (its /metrics) against the weights each rule of the
 * served document configures, rule by rule, so a drifting split stands out.
 */
export function compareTraffic(traffic: RouterTraffic | null, served: RouterDocument | null): Omit<Extract<TrafficView, { reachable: true }>, "reachable" | "gatewayUrl"> {
  const bodies = new Map<string, { split: { route: string; weight: number }[] }>();
  for (const r of served?.rules ?? []) bodies.set(r.name, r);
  if (served?.defaultRule) bodies.set("default", served.defaultRule);
  const seen = new Map((traffic?.rules ?? []).map((r) => [r.rule, r]));
  const configured = new Map<string, { percent: number; mode: CompareMode }>();
  for (const [rule, body] of [...(served?.rules ?? []).map((r) => [r.name, r] as const), ...(served?.defaultRule ? [["default", served.defaultRule] as const] : [])]) {
    for (const shadow of body.shadows) {
      const key = JSON.stringify([rule, shadow.route]);
      if (!configured.has(key)) configured.set(key, { percent: shadow.percent, mode: shadow.compare?.mode ?? "exact" });
    }
  }
  const reported = new Map((traffic?.comparisons ?? []).map((c) => [JSON.stringify([c.rule, c.route]), c]));
  const none = Object.fromEntries(COMPARE_OUTCOMES.map((o) => [o, 0])) as Record<CompareOutcome, number>;
  const comparisons = [...new Set([...configured.keys(), ...reported.keys()])].map((key): ShadowComparisonView => {
    const [rule, route] = JSON.parse(key) as [string, string];
    const c = reported.get(key);
    const config = configured.get(key);
    return {
      rule,
      route,
      percent: config?.percent ?? null,
      mode: config?.mode ?? null,
      outcomes: { ...(c?.outcomes ?? none) },
      compared: c?.compared ?? 0,
      agreement: c?.agreement ?? null,
      byField: c?.byField.map((f) => ({ ...f })) ?? [],
      latency: c?.latency ?? { primary: null, shadow: null, delta: null },
    };
  });
  const names = [...new Set([...bodies.keys(), ...seen.keys()])];
  return {
    servedVersion: traffic?.version ?? null,
    routed: traffic?.routed ?? 0,
    refused: { ...(traffic?.refused ?? {}) },
    shadows: traffic?.shadows ?? [],
    comparisons,
    rules: names.map((rule) => {
      const actual = seen.get(rule);
      const routes = new Set([...(bodies.get(rule)?.split.map((s) => s.route) ?? []), ...(actual?.routes.map((r) => r.route) ?? [])]);
      return {
        rule,
        routed: actual?.routed ?? 0,
        routes: [...routes].map((route) => {
          const got = actual?.routes.find((r) => r.route === route);
          return { route, configured: bodies.get(rule)?.split.find((s) => s.route === route)?.weight ?? 0, requests: got?.requests ?? 0, actual: (got?.share ?? 0) * 100 };
        }),
      };
    }),
  };
}

/** Reads the gateway's /metrics (bounded in time) and compares it with the served document. */
export async function loadTraffic(project: string, router: string, served: RouterDocument | null, url = gatewayUrl()): Promise<TrafficView> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return { reachable: false, gatewayUrl: url, error: `the gateway answered ${res.status}` };
    const traffic = routerTraffic(parseGatewayMetrics(await res.text()), project, router);
    return { reachable: true, gatewayUrl: url, ...compareTraffic(traffic, served) };
  } catch (error) {
    return { reachable: false, gatewayUrl: url, error: error instanceof Error ? error.message : String(error) };
  }
}
