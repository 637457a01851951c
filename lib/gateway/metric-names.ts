/**
 * The gateway's metric names, in a module of their own so that the console can query a
 * gateway's series in Prometheus by name (lib/fleet/prometheus.ts) without bundling
 * prom-client. Labels, per series:
 *
 * | name | labels |
 * |---|---|
 * | requests | project, router, rule, route, status |
 * | duration | project, router, rule, route |
 * | unknownRouter | — |
 * | shadowRequests | project, router, rule, route, outcome (sent, dropped) |
 * | shadowResponses | project, router, rule, route, status (HTTP status, timeout, error), result (agree, disagree, failed, incomparable) |
 * | shadowDuration | project, router, rule, route |
 * | shadowInFlight | project, router, route |
 * | shadowComparisons | project, router, rule, route, outcome (agree, disagree, primary_failed, shadow_failed, not_comparable) |
 * | shadowDisagreementFields | project, router, rule, route, field (the first differing field; at most 32 per rule and route, then `(other)`) |
 * | shadowLatencyDelta | project, router, rule, route — the shadow's latency minus the primary's, on the same request (negative buckets: the shadow was faster) |
 * | shadowComparedDuration | project, router, rule, route, side (primary, shadow) — both latencies of the compared requests |
 * | disagreementSamples | result (stored, dropped_queue_full, dropped_database, dropped_no_database, dropped_router_gone) |
 * | configReloads | trigger |
 * | configRejected | project, router |
 * | routerVersion | project, router |
 * | databaseUp | — |
 *
 * `shadowResponses.result` is kept for dashboards that predate `shadowComparisons`:
 * failed = shadow_failed, incomparable = primary_failed or not_comparable.
 */
export const METRIC = {
  requests: "turnout_gateway_requests_total",
  duration: "turnout_gateway_request_duration_seconds",
  unknownRouter: "turnout_gateway_unknown_router_requests_total",
  refusedRequests: "turnout_gateway_refused_requests_total",
  shadowRequests: "turnout_gateway_shadow_requests_total",
  shadowResponses: "turnout_gateway_shadow_responses_total",
  shadowDuration: "turnout_gateway_shadow_duration_seconds",
  shadowInFlight: "turnout_gateway_shadows_in_flight",
  shadowComparisons: "turnout_gateway_shadow_comparisons_total",
  shadowDisagreementFields: "turnout_gateway_shadow_disagreement_fields_total",
  shadowLatencyDelta: "turnout_gateway_shadow_latency_delta_seconds",
  shadowComparedDuration: "turnout_gateway_shadow_compared_duration_seconds",
  disagreementSamples: "turnout_gateway_shadow_disagreement_samples_total",
  configReloads: "turnout_gateway_config_reloads_total",
  configRejected: "turnout_gateway_config_rejected_total",
  routerVersion: "turnout_gateway_router_version",
  lastKnownGood: "turnout_gateway_router_last_known_good",
  databaseUp: "turnout_gateway_database_up",
} as const;

/** Distinct `field` label values kept per rule and shadow route; further fields count as `(other)`. */
export const MAX_FIELD_LABELS = 32;
export const OTHER_FIELD = "(other)";
