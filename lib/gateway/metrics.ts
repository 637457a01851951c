/**
 * The gateway's Prometheus metrics. Each gateway owns its registry (several can run in one
 * process, as the tests do). Per-request series live on the route's stats object, so that a
 * request costs a couple of map lookups and number increments (see fast-metrics.ts).
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { CompareOutcome } from "../shadows/compare";
import { FastCounter, FastHistogram, type CounterSeries, type HistogramSeries } from "./fast-metrics";
import { LATENCY_BUCKETS, LATENCY_DELTA_BUCKETS, MAX_FIELD_LABELS, METRIC, OTHER_FIELD } from "./metric-names";

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
  private readonly byRule = new Map<string, Map<number, CounterSeries>>();
  private readonly latency: HistogramSeries;
  private sent: CounterSeries | null = null;
  private dropped: CounterSeries | null = null;
  private shadowLatency: HistogramSeries | null = null;
  private readonly shadowOutcomes = new Map<string, CounterSeries>();
  private readonly pairs = new Map<string, ShadowPairStats>();

  constructor(
    private readonly metrics: GatewayMetrics,
    readonly project: string,
    readonly router: string,
    readonly route: string,
  ) {
    this.latency = metrics.duration.series({ project, router, route });
  }

  /** One primary request answered (status as the caller saw it), `seconds` after it arrived. */
  request(rule: string, status: number, seconds: number): void {
    let statuses = this.byRule.get(rule);
    if (statuses === undefined) this.byRule.set(rule, (statuses = new Map()));
    let counter = statuses.get(status);
    if (counter === undefined) {
      counter = this.metrics.requests.series({ project: this.project, router: this.router, rule, route: this.route, status: String(status) });
      statuses.set(status, counter);
    }
    counter.value++;
    this.latency.observe(seconds);
  }

  shadowSent(): void {
    (this.sent ??= this.shadowCounter("sent")).value++;
  }

  shadowDropped(): void {
    (this.dropped ??= this.shadowCounter("dropped")).value++;
  }

  /** `status` is the shadow's HTTP status, or "timeout" / "error" when it gave none. */
  shadowAnswered(status: string, result: ShadowResult, seconds: number): void {
    const key = `${status}:${result}`;
    let counter = this.shadowOutcomes.get(key);
    if (counter === undefined) {
      counter = this.metrics.shadowResponses.series({ project: this.project, router: this.router, route: this.route, status, result });
      this.shadowOutcomes.set(key, counter);
    }
    counter.value++;
    (this.shadowLatency ??= this.metrics.shadowDuration.series({ project: this.project, router: this.router, route: this.route })).observe(seconds);
  }

  /** The comparison series of this route as a shadow of `rule`. */
  pair(rule: string): ShadowPairStats {
    let pair = this.pairs.get(rule);
    if (pair === undefined) this.pairs.set(rule, (pair = new ShadowPairStats(this.metrics, { project: this.project, router: this.router, rule, route: this.route })));
    return pair;
  }

  private shadowCounter(outcome: "sent" | "dropped"): CounterSeries {
    return this.metrics.shadowRequests.series({ project: this.project, router: this.router, route: this.route, outcome });
  }
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: FastCounter;
  readonly duration: FastHistogram;
  readonly unknownRouter: Counter;
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
    this.duration = new FastHistogram(METRIC.duration, "Time from request to the end of the response, by route", this.registry, LATENCY_BUCKETS);
    this.unknownRouter = new Counter({ name: METRIC.unknownRouter, help: "Requests for a project/router the gateway does not serve", registers });
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
    this.shadowDuration = new FastHistogram(METRIC.shadowDuration, "Shadow request latency, by route", this.registry, LATENCY_BUCKETS);
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

  /** A request the gateway answered itself after finding the router (decision errors, 413). */
  routerError(project: string, router: string, rule: string, status: number): void {
    const key = `${project}/${router}/${rule}/${status}`;
    let counter = this.errors.get(key);
    if (counter === undefined) this.errors.set(key, (counter = this.requests.series({ project, router, rule, route: "", status: String(status) })));
    counter.value++;
  }
}
