/**
 * The gateway's Prometheus metrics. Each gateway owns its registry (several can run in one
 * process, as the tests do). Per-request series live on the route's stats object, so that a
 * request costs a couple of map lookups and number increments (see fast-metrics.ts).
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { CountersBuilder, LATENCY_BUCKETS, LATENCY_DELTA_BUCKETS, statusKey, type RouterCounters, type ShadowOutcome } from "../fleet/counters";
import { COMPARE_OUTCOMES, type CompareOutcome } from "../shadows/compare";
import { FastCounter, FastHistogram, type CounterSeries, type HistogramSeries } from "./fast-metrics";
import { MAX_FIELD_LABELS, METRIC, OTHER_FIELD } from "./metric-names";

export { METRIC };

/** How a shadow's answer compared with the primary's, as `shadowResponses` has always said it. */
export type ShadowResult = "agree" | "disagree" | "failed" | "incomparable";

export function legacyResult(outcome: CompareOutcome): ShadowResult {
  switch (outcome) {
    case "agree":
    case "disagree":
      return outcome;
    case "shadow_failed":
      return "failed";
    default:
      return "incomparable";
  }
}

export type SampleResult = "stored" | "dropped_queue_full" | "dropped_database" | "dropped_no_database" | "dropped_router_gone";

/** The comparison series of one shadow route under one rule, created as outcomes come. */
export class ShadowPairStats {
  private readonly outcomes = new Map<CompareOutcome, CounterSeries>();
  private readonly fields = new Map<string, CounterSeries>();
  private delta: HistogramSeries | null = null;
  private primarySide: HistogramSeries | null = null;
  private shadowSide: HistogramSeries | null = null;

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly labels: Readonly<{ project: string; router: string; rule: string; route: string }>,
  ) {}

  /** One comparison; `field` for a disagreement; both latencies when both sides answered. */
  compared(outcome: CompareOutcome, field: string | null, primarySeconds: number | null, shadowSeconds: number | null): void {
    let counter = this.outcomes.get(outcome);
    if (counter === undefined) this.outcomes.set(outcome, (counter = this.metrics.shadowComparisons.series({ ...this.labels, outcome })));
    counter.value++;
    if (field !== null) {
      let byField = this.fields.get(field);
      if (byField === undefined) {
        // Field paths in json mode come from the answers themselves: their number is capped.
        const label = this.fields.size < MAX_FIELD_LABELS ? field : OTHER_FIELD;
        byField = this.fields.get(label);
        if (byField === undefined) this.fields.set(label, (byField = this.metrics.shadowDisagreementFields.series({ ...this.labels, field: label })));
      }
      byField.value++;
    }
    if (primarySeconds !== null && shadowSeconds !== null) {
      (this.delta ??= this.metrics.shadowLatencyDelta.series(this.labels)).observe(shadowSeconds - primarySeconds);
      (this.primarySide ??= this.metrics.shadowComparedDuration.series({ ...this.labels, side: "primary" })).observe(primarySeconds);
      (this.shadowSide ??= this.metrics.shadowComparedDuration.series({ ...this.labels, side: "shadow" })).observe(shadowSeconds);
    }
  }
}

export type ReloadTrigger = "startup" | "notify" | "poll" | "reconnect" | "cache";

export class RouteStats {
  /** Shadow requests to this route not answered yet (the per-route cap counts these). */
  shadowInFlight = 0;
  private readonly byRule = new Map<string, { statuses: Map<number, CounterSeries>; latency: HistogramSeries }>();
  /** Series of this route as a shadow, by the rule that drew it and what became of it. */
  private readonly shadowSeries = new Map<string, CounterSeries>();
  private readonly shadowLatency = new Map<string, HistogramSeries>();
  private readonly pairs = new Map<string, ShadowPairStats>();

  constructor(
    private readonly metrics: GatewayMetrics,
    readonly project: string,
    readonly router: string,
    readonly route: string,
  ) {}

  /** One primary request answered (status as the caller saw it), `seconds` after it arrived. */
  request(rule: string, status: number, seconds: number): void {
    let perRule = this.byRule.get(rule);
    if (perRule === undefined) {
      const labels = { project: this.project, router: this.router, rule, route: this.route };
      this.byRule.set(rule, (perRule = { statuses: new Map(), latency: this.metrics.duration.series(labels) }));
    }
    let counter = perRule.statuses.get(status);
    if (counter === undefined) {
      counter = this.metrics.requests.series({ project: this.project, router: this.router, rule, route: this.route, status: String(status) });
      perRule.statuses.set(status, counter);
    }
    counter.value++;
    perRule.latency.observe(seconds);
  }

  /** A shadow of `rule`'s traffic sent to this route. */
  shadowSent(rule: string): void {
    this.shadowCounter("sent", rule).value++;
  }

  shadowDropped(rule: string): void {
    this.shadowCounter("dropped", rule).value++;
  }

  /** `status` is the shadow's HTTP status, or "timeout" / "error" when it gave none. */
  shadowAnswered(rule: string, status: string, result: ShadowResult, seconds: number): void {
    const key = `${rule}\u0000${status}\u0000${result}`;
    let counter = this.shadowSeries.get(key);
    if (counter === undefined) {
      counter = this.metrics.shadowResponses.series({ project: this.project, router: this.router, rule, route: this.route, status, result });
      this.shadowSeries.set(key, counter);
    }
    counter.value++;
    let latency = this.shadowLatency.get(rule);
    if (latency === undefined) this.shadowLatency.set(rule, (latency = this.metrics.shadowDuration.series({ project: this.project, router: this.router, rule, route: this.route })));
    latency.observe(seconds);
  }

  /** The comparison series of this route as a shadow of `rule`. */
  pair(rule: string): ShadowPairStats {
    let pair = this.pairs.get(rule);
    if (pair === undefined) this.pairs.set(rule, (pair = new ShadowPairStats(this.metrics, { project: this.project, router: this.router, rule, route: this.route })));
    return pair;
  }

  private shadowCounter(outcome: "sent" | "dropped", rule: string): CounterSeries {
    const key = `${rule}\u0000${outcome}`;
    let counter = this.shadowSeries.get(key);
    if (counter === undefined) this.shadowSeries.set(key, (counter = this.metrics.shadowRequests.series({ project: this.project, router: this.router, rule, route: this.route, outcome })));
    return counter;
  }
}

/** A series' per-bucket counts with the +Inf bucket's appended, as the heartbeat counters hold them. */
const withInf = (s: { counts: Float64Array; count: number }) => [...s.counts, s.count - s.counts.reduce((a, b) => a + b, 0)];

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: FastCounter;
  readonly duration: FastHistogram;
  readonly unknownRouter: Counter;
  readonly refusedRequests: Counter<"reason">;
  readonly shadowRequests: FastCounter;
  readonly shadowResponses: FastCounter;
  readonly shadowDuration: FastHistogram;
  readonly shadowComparisons: FastCounter;
  readonly shadowDisagreementFields: FastCounter;
  readonly shadowLatencyDelta: FastHistogram;
  readonly shadowComparedDuration: FastHistogram;
  readonly disagreementSamples: Counter<"result">;
  readonly configReloads: Counter<"trigger">;
  readonly configRejected: Counter<"project" | "router">;
  readonly routerVersion: Gauge<"project" | "router">;
  readonly lastKnownGood: Gauge<"project" | "router" | "from">;
  readonly databaseUp: Gauge;
  private readonly routes = new Map<string, RouteStats>();
  private readonly errors = new Map<string, CounterSeries>();

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.requests = new FastCounter(
      METRIC.requests,
      "Requests answered, by router, rule, route and status (route and rule empty when the gateway answered without a route)",
      this.registry,
    );
    this.duration = new FastHistogram(METRIC.duration, "Time from request to the end of the response, by rule and route", this.registry, LATENCY_BUCKETS);
    this.unknownRouter = new Counter({ name: METRIC.unknownRouter, help: "Requests for a project/router the gateway does not serve", registers });
    this.refusedRequests = new Counter({
      name: METRIC.refusedRequests,
      help: "Requests refused before routing, by reason (malformed_request, headers_too_large, too_many_headers, missing_host, duplicate_host, invalid_host, invalid_path, …)",
      labelNames: ["reason"],
      registers,
    });
    this.shadowRequests = new FastCounter(
      METRIC.shadowRequests,
      "Shadow requests drawn, by outcome: sent, or dropped (the route had too many in flight, or the body was too large to buffer)",
      this.registry,
    );
    this.shadowResponses = new FastCounter(
      METRIC.shadowResponses,
      "Shadow requests finished, by status (or timeout/error) and result: agree/disagree (body equal to the primary's or not), failed, incomparable (the primary gave no complete body)",
      this.registry,
    );
    this.shadowDuration = new FastHistogram(METRIC.shadowDuration, "Shadow request latency, by the rule that drew it and the shadow route", this.registry, LATENCY_BUCKETS);
    this.shadowComparisons = new FastCounter(
      METRIC.shadowComparisons,
      "Shadow answers compared with the primary's as the shadow entry's `compare` says, by rule, shadow route and outcome: agree, disagree, primary_failed, shadow_failed, not_comparable",
      this.registry,
    );
    this.shadowDisagreementFields = new FastCounter(
      METRIC.shadowDisagreementFields,
      "Disagreements by the first differing field (status, body, a field path), by rule and shadow route",
      this.registry,
    );
    this.shadowLatencyDelta = new FastHistogram(
      METRIC.shadowLatencyDelta,
      "Shadow latency minus the primary's on the same request (negative: the shadow was faster), by rule and shadow route",
      this.registry,
      LATENCY_DELTA_BUCKETS,
    );
    this.shadowComparedDuration = new FastHistogram(
      METRIC.shadowComparedDuration,
      "Latency of the primary and of the shadow on the requests compared, by rule, shadow route and side",
      this.registry,
      LATENCY_BUCKETS,
    );
    this.disagreementSamples = new Counter({
      name: METRIC.disagreementSamples,
      help: "Shadow disagreements kept for the console: stored in PostgreSQL, or dropped (queue full, database unavailable, no database, router gone)",
      labelNames: ["result"],
      registers,
    });
    const routes = this.routes;
    new Gauge({
      name: METRIC.shadowInFlight,
      help: "Shadow requests in flight, by route",
      labelNames: ["project", "router", "route"],
      registers,
      collect() {
        for (const stats of routes.values()) this.set({ project: stats.project, router: stats.router, route: stats.route }, stats.shadowInFlight);
      },
    });
    this.configReloads = new Counter({
      name: METRIC.configReloads,
      help: "Configuration loads, by trigger (startup, notify, poll, reconnect, cache)",
      labelNames: ["trigger"],
      registers,
    });
    this.configRejected = new Counter({
      name: METRIC.configRejected,
      help: "Versions refused because their document is invalid; the previous version keeps serving",
      labelNames: ["project", "router"],
      registers,
    });
    this.routerVersion = new Gauge({
      name: METRIC.routerVersion,
      help: "Version number served, by router",
      labelNames: ["project", "router"],
      aggregator: "max",
      registers,
    });
    this.lastKnownGood = new Gauge({
      name: METRIC.lastKnownGood,
      help: "1 while a router serves its last good version because the database's active version was refused; from: memory (the version served before) or cache (the cache file, after a restart)",
      labelNames: ["project", "router", "from"],
      aggregator: "max",
      registers,
    });
    this.databaseUp = new Gauge({
      name: METRIC.databaseUp,
      help: "1 while the gateway's configuration connection to PostgreSQL is up",
      aggregator: "min",
      registers,
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: "turnout_gateway_" });
  }

  /** The stats of one route, kept across versions so that counters and shadow caps carry over. */
  route(project: string, router: string, route: string): RouteStats {
    const key = `${project}/${router}/${route}`;
    let stats = this.routes.get(key);
    if (stats === undefined) this.routes.set(key, (stats = new RouteStats(this, project, router, route)));
    return stats;
  }

  /** A request refused before routing (see request-checks.ts and client-error.ts). */
  refused(reason: string): void {
    this.refusedRequests.inc({ reason });
  }

  /**
   * Every router's cumulative counters, as a heartbeat stores them (lib/fleet/counters.ts):
   * read from the series objects, off the request path and without building the text format.
   */
  countersByRouter(): Map<string, RouterCounters> {
    const builders = new Map<string, CountersBuilder>();
    const of = (labels: Readonly<Record<string, string>>) => {
      const k = `${labels.project ?? ""}/${labels.router ?? ""}`;
      let b = builders.get(k);
      if (b === undefined) builders.set(k, (b = new CountersBuilder()));
      return b;
    };
    for (const s of this.requests.allSeries()) {
      const route = s.labels.route ?? "";
      of(s.labels).request(s.labels.rule ?? "", route, statusKey(route, s.labels.status ?? ""), s.value);
    }
    for (const s of this.duration.allSeries()) of(s.labels).histogram(s.labels.rule ?? "", s.labels.route ?? "", withInf(s), s.sum);
    for (const s of this.shadowRequests.allSeries()) of(s.labels).shadow(s.labels.rule ?? "", s.labels.route ?? "", s.labels.outcome as ShadowOutcome, s.value);
    for (const s of this.shadowResponses.allSeries()) {
      const result = s.labels.result;
      if (result === "agree" || result === "disagree" || result === "failed" || result === "incomparable") of(s.labels).shadow(s.labels.rule ?? "", s.labels.route ?? "", result, s.value);
    }
    for (const s of this.shadowComparisons.allSeries()) {
      const outcome = s.labels.outcome as CompareOutcome;
      if (COMPARE_OUTCOMES.includes(outcome)) of(s.labels).comparison(s.labels.rule ?? "", s.labels.route ?? "", outcome, s.value);
    }
    for (const s of this.shadowDisagreementFields.allSeries()) of(s.labels).field(s.labels.rule ?? "", s.labels.route ?? "", s.labels.field ?? "", s.value);
    for (const s of this.shadowComparedDuration.allSeries()) {
      const side = s.labels.side;
      if (side === "primary" || side === "shadow") of(s.labels).comparedHistogram(s.labels.rule ?? "", s.labels.route ?? "", side, withInf(s), s.sum);
    }
    for (const s of this.shadowLatencyDelta.allSeries()) of(s.labels).deltaHistogram(s.labels.rule ?? "", s.labels.route ?? "", withInf(s), s.sum);
    return new Map([...builders].map(([k, b]) => [k, b.build()]));
  }

  /** A request the gateway answered itself after finding the router (decision errors, 413). */
  routerError(project: string, router: string, rule: string, status: number): void {
    const key = `${project}/${router}/${rule}/${status}`;
    let counter = this.errors.get(key);
    if (counter === undefined) this.errors.set(key, (counter = this.requests.series({ project, router, rule, route: "", status: String(status) })));
    counter.value++;
  }
}
