import { compile, type Trace } from "@/lib/engine";
import type { Decision, RouterDocument, RoutingRequest } from "@/lib/router/document";

export type Distribution = {
  total: number;
  routes: { route: string; count: number; share: number }[];
  rules: { rule: string; count: number }[];
  shadows: { route: string; count: number }[];
  errors: { code: string; count: number }[];
};

export type SimulationResult =
  | { mode: "single"; decision: Decision; trace: Trace }
  | { mode: "batch"; decisions: Decision[]; distribution: Distribution };

function count(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Summarises decisions: how many requests each route, rule and shadow got, and the errors. */
export function distributionOf(decisions: Decision[]): Distribution {
  const routes = new Map<string, number>();
  const rules = new Map<string, number>();
  const shadows = new Map<string, number>();
  const errors = new Map<string, number>();
  for (const d of decisions) {
    if ("error" in d) {
      count(errors, d.error.code);
      continue;
    }
    count(routes, d.route);
    count(rules, d.rule);
    for (const s of d.shadows) count(shadows, s);
  }
  const total = decisions.length;
  return {
    total,
    routes: [...routes].map(([route, c]) => ({ route, count: c, share: total ? c / total : 0 })).sort((a, b) => b.count - a.count),
    rules: [...rules].map(([rule, c]) => ({ rule, count: c })),
    shadows: [...shadows].map(([route, c]) => ({ route, count: c })),
    errors: [...errors].map(([code, c]) => ({ code, count: c })),
  };
}

/** Runs requests through the same engine the gateway uses: one request with its full trace, or many with a summary. */
export function simulate(doc: RouterDocument, input: { request: RoutingRequest } | { requests: RoutingRequest[] }): SimulationResult {
  const router = compile(doc);
  if ("request" in input) {
    const trace = router.trace(input.request);
    return { mode: "single", decision: trace.decision, trace };
  }
  const decisions = input.requests.map((r) => router.decide(r));
  return { mode: "batch", decisions, distribution: distributionOf(decisions) };
}
