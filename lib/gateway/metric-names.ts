/**
 * The gateway's metric names, in a module of their own so that the console can query a
 * gateway's series in Prometheus by name (lib/fleet/prometheus.ts) without bundling prom-client.
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
  configReloads: "turnout_gateway_config_reloads_total",
  configRejected: "turnout_gateway_config_rejected_total",
  routerVersion: "turnout_gateway_router_version",
  lastKnownGood: "turnout_gateway_router_last_known_good",
  databaseUp: "turnout_gateway_database_up",
} as const;
