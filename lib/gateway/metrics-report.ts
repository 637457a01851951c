/**
 * Reading a gateway's /metrics text back into what the console shows next to a router's
 * configured weights: requests actually served per route, and how its shadows fared.
 * Takes the Prometheus text exposition format as the gateway (or its cluster primary) writes
 * it; lines of other metrics are ignored.
 */
import { COMPARE_OUTCOMES, type CompareOutcome } from "../shadows/compare";
import { METRIC } from "./metric-names";

export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface RouteTraffic {
  readonly route: string;
  /** Requests this route answered (any status), over all rules. */
  readonly requests: number;
  /** The route's share of the router's routed requests, 0–1 (0 when there were none). */
  readonly share: number;
  /** Of which the gateway answered 5xx for the route (502, 504, or the backend's own 5xx). */
  readonly serverErrors: number;
}

export interface ShadowTraffic {
  readonly route: string;
  readonly sent: number;
  readonly dropped: number;
  /** Sent and answered, with a body equal to the primary's. */
  readonly agreeing: number;
  readonly disagreeing: number;
  /** No answer: timeout or connection error. */
  readonly failed: number;
  /** Answered, but the primary gave no complete body to compare with. */
  readonly incomparable: number;
  /** agreeing / (agreeing + disagreeing); null before any comparison. */
  readonly agreement: number | null;
}

export interface Quantiles {
  /** Seconds. */
  readonly p50: number;
  readonly p95: number;
}

/** How one shadow route of one rule compared with the primary. */
export interface ShadowComparisonTraffic {
  readonly rule: string;
  readonly route: string;
  readonly outcomes: Readonly<Record<CompareOutcome, number>>;
  /** Every outcome together. */
  readonly compared: number;
  /** agree / (agree + disagree); null before any. */
  readonly agreement: number | null;
  /** Disagreements by their first differing field, most frequent first. */
  readonly byField: readonly { readonly field: string; readonly count: number }[];
  /** Over the requests compared (both sides answered); null before any. */
  readonly latency: { readonly primary: Quantiles | null; readonly shadow: Quantiles | null; readonly delta: Quantiles | null };
}

export interface RouterTraffic {
  readonly project: string;
  readonly router: string;
  /** The version the gateway serves, when it reported one. */
  readonly version: number | null;
  /** Requests that reached a route. */
  readonly routed: number;
  /** Requests the gateway answered itself (missing sticky key, body too large, …), by status. */
  readonly refused: Readonly<Record<string, number>>;
  readonly routes: readonly RouteTraffic[];
  /** Requests per rule ("default" for the default rule) and route, to set against each rule's weights. */
  readonly rules: readonly { readonly rule: string; readonly routed: number; readonly routes: readonly { readonly route: string; readonly requests: number; readonly share: number }[] }[];
  readonly shadows: readonly ShadowTraffic[];
  readonly comparisons: readonly ShadowComparisonTraffic[];
}

export interface GatewayTraffic {
  readonly routers: readonly RouterTraffic[];
  /** Requests for a project/router the gateway does not serve. */
  readonly unknownRouter: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;
  let match: RegExpExecArray | null;
  while ((match = pair.exec(text)) !== null) labels[match[1]!] = unescapeLabel(match[2]!);
  return labels;
}

function parseValue(text: string): number {
  switch (text) {
    case "+Inf":
      return Infinity;
    case "-Inf":
      return -Infinity;
    default:
      return Number(text);
  }
}

/** Every sample line of a Prometheus text exposition. */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const line of text.split("\n")) {
    if (line.length === 0 || line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (match === null) continue;
    samples.push({ name: match[1]!, labels: match[2] ? parseLabels(match[2]) : {}, value: parseValue(match[3]!) });
  }
  return samples;
}

type Buckets = Map<number, number>;

/**
 * The q-quantile of a cumulative histogram (Prometheus' histogram_quantile): linear within
 * the bucket it falls in, the first bucket's upper bound when it falls there, the highest
 * finite bound when it falls in +Inf. Null for an empty histogram.
 */
export function histogramQuantile(buckets: ReadonlyMap<number, number>, q: number): number | null {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = bounds.length > 0 ? buckets.get(bounds[bounds.length - 1]!)! : 0;
  if (total <= 0) return null;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i++) {
    const bound = bounds[i]!;
    const count = buckets.get(bound)!;
    if (count < rank) continue;
    if (bound === Infinity) return bounds.length > 1 ? bounds[bounds.length - 2]! : null;
    // The first bucket starts at 0 when its bound is positive (latencies), else it is all we know.
    if (i === 0) return bound > 0 ? bound * (rank / count) : bound;
    const below = buckets.get(bounds[i - 1]!)!;
    const lower = bounds[i - 1]!;
    return count === below ? bound : lower + (bound - lower) * ((rank - below) / (count - below));
  }
  return null;
}

function quantiles(buckets: Buckets | undefined): Quantiles | null {
  if (!buckets) return null;
  const p50 = histogramQuantile(buckets, 0.5);
  const p95 = histogramQuantile(buckets, 0.95);
  return p50 === null || p95 === null ? null : { p50, p95 };
}

interface ComparisonAccumulator {
  outcomes: Record<CompareOutcome, number>;
  fields: Map<string, number>;
  delta: Buckets;
  primary: Buckets;
  shadow: Buckets;
}

const addBucket = (buckets: Buckets, le: string | undefined, value: number) => {
  const bound = le === undefined ? NaN : le === "+Inf" ? Infinity : Number(le);
  if (!Number.isNaN(bound)) buckets.set(bound, (buckets.get(bound) ?? 0) + value);
};

interface RouterAccumulator {
  project: string;
  router: string;
  version: number | null;
  refused: Record<string, number>;
  routes: Map<string, { requests: number; serverErrors: number }>;
  rules: Map<string, Map<string, number>>;
  shadows: Map<string, { sent: number; dropped: number; agreeing: number; disagreeing: number; failed: number; incomparable: number }>;
  comparisons: Map<string, ComparisonAccumulator>;
}

/** Per router: requests per route and shadow agreement, from a gateway's /metrics text. */
export function parseGatewayMetrics(text: string): GatewayTraffic {
  const routers = new Map<string, RouterAccumulator>();
  const routerOf = (labels: Readonly<Record<string, string>>): RouterAccumulator => {
    const project = labels.project ?? "";
    const router = labels.router ?? "";
    const key = `${project}/${router}`;
    let acc = routers.get(key);
    if (acc === undefined) routers.set(key, (acc = { project, router, version: null, refused: {}, routes: new Map(), rules: new Map(), shadows: new Map(), comparisons: new Map() }));
    return acc;
  };
  const comparisonOf = (labels: Readonly<Record<string, string>>): ComparisonAccumulator => {
    const acc = routerOf(labels);
    const key = JSON.stringify([labels.rule ?? "", labels.route ?? ""]);
    let c = acc.comparisons.get(key);
    if (c === undefined) {
      const outcomes = Object.fromEntries(COMPARE_OUTCOMES.map((o) => [o, 0])) as Record<CompareOutcome, number>;
      acc.comparisons.set(key, (c = { outcomes, fields: new Map(), delta: new Map(), primary: new Map(), shadow: new Map() }));
    }
    return c;
  };
  const shadowOf = (acc: RouterAccumulator, route: string) => {
    let shadow = acc.shadows.get(route);
    if (shadow === undefined) acc.shadows.set(route, (shadow = { sent: 0, dropped: 0, agreeing: 0, disagreeing: 0, failed: 0, incomparable: 0 }));
    return shadow;
  };
  let unknownRouter = 0;

  for (const { name, labels, value } of parsePrometheusText(text)) {
    switch (name) {
      case METRIC.requests: {
        const acc = routerOf(labels);
        const route = labels.route ?? "";
        const status = labels.status ?? "";
        if (route === "") {
          acc.refused[status] = (acc.refused[status] ?? 0) + value;
          break;
        }
        let traffic = acc.routes.get(route);
        if (traffic === undefined) acc.routes.set(route, (traffic = { requests: 0, serverErrors: 0 }));
        traffic.requests += value;
        if (status.startsWith("5")) traffic.serverErrors += value;
        const rule = labels.rule ?? "";
        let perRule = acc.rules.get(rule);
        if (perRule === undefined) acc.rules.set(rule, (perRule = new Map()));
        perRule.set(route, (perRule.get(route) ?? 0) + value);
        break;
      }
      case METRIC.routerVersion:
        routerOf(labels).version = value;
        break;
      case METRIC.shadowRequests: {
        const shadow = shadowOf(routerOf(labels), labels.route ?? "");
        if (labels.outcome === "sent") shadow.sent += value;
        else if (labels.outcome === "dropped") shadow.dropped += value;
        break;
      }
      case METRIC.shadowResponses: {
        const shadow = shadowOf(routerOf(labels), labels.route ?? "");
        if (labels.result === "agree") shadow.agreeing += value;
        else if (labels.result === "disagree") shadow.disagreeing += value;
        else if (labels.result === "failed") shadow.failed += value;
        else if (labels.result === "incomparable") shadow.incomparable += value;
        break;
      }
      case METRIC.unknownRouter:
        unknownRouter += value;
        break;
      case METRIC.shadowComparisons: {
        const outcome = labels.outcome as CompareOutcome;
        if ((COMPARE_OUTCOMES as readonly string[]).includes(outcome)) comparisonOf(labels).outcomes[outcome] += value;
        break;
      }
      case METRIC.shadowDisagreementFields: {
        const fields = comparisonOf(labels).fields;
        const field = labels.field ?? "";
        fields.set(field, (fields.get(field) ?? 0) + value);
        break;
      }
      case `${METRIC.shadowLatencyDelta}_bucket`:
        addBucket(comparisonOf(labels).delta, labels.le, value);
        break;
      case `${METRIC.shadowComparedDuration}_bucket`: {
        const c = comparisonOf(labels);
        if (labels.side === "primary" || labels.side === "shadow") addBucket(c[labels.side], labels.le, value);
        break;
      }
    }
  }

  const byName = <T extends { route: string }>(a: T, b: T) => a.route.localeCompare(b.route);
  return {
    unknownRouter,
    routers: [...routers.values()]
      .sort((a, b) => a.project.localeCompare(b.project) || a.router.localeCompare(b.router))
      .map((acc): RouterTraffic => {
        const routed = [...acc.routes.values()].reduce((sum, r) => sum + r.requests, 0);
        return {
          project: acc.project,
          router: acc.router,
          version: acc.version,
          routed,
          refused: acc.refused,
          routes: [...acc.routes].map(([route, r]) => ({ route, requests: r.requests, share: routed > 0 ? r.requests / routed : 0, serverErrors: r.serverErrors })).sort(byName),
          rules: [...acc.rules].map(([rule, perRoute]) => {
            const total = [...perRoute.values()].reduce((sum, n) => sum + n, 0);
            return { rule, routed: total, routes: [...perRoute].map(([route, requests]) => ({ route, requests, share: total > 0 ? requests / total : 0 })).sort(byName) };
          }),
          shadows: [...acc.shadows]
            .map(([route, s]) => ({ route, ...s, agreement: s.agreeing + s.disagreeing > 0 ? s.agreeing / (s.agreeing + s.disagreeing) : null }))
            .sort(byName),
          comparisons: [...acc.comparisons]
            .map(([key, c]): ShadowComparisonTraffic => {
              const [rule, route] = JSON.parse(key) as [string, string];
              const { agree, disagree } = c.outcomes;
              return {
                rule,
                route,
                outcomes: c.outcomes,
                compared: COMPARE_OUTCOMES.reduce((sum, o) => sum + c.outcomes[o], 0),
                agreement: agree + disagree > 0 ? agree / (agree + disagree) : null,
                byField: [...c.fields].map(([field, count]) => ({ field, count })).sort((a, b) => b.count - a.count || a.field.localeCompare(b.field)),
                latency: { primary: quantiles(c.primary), shadow: quantiles(c.shadow), delta: quantiles(c.delta) },
              };
            })
            .sort((a, b) => a.rule.localeCompare(b.rule) || a.route.localeCompare(b.route)),
        };
      }),
  };
}

/** One router's traffic, or null when the gateway reported nothing for it. */
export function routerTraffic(traffic: GatewayTraffic, project: string, router: string): RouterTraffic | null {
  return traffic.routers.find((r) => r.project === project && r.router === router) ?? null;
}
