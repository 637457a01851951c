/**
 * Fleet heartbeat cost: what one heartbeat costs the gateway's event loop — reading every
 * router's counters from the metrics' series and encoding them as the JSON it writes —
 * against the baseline of one Prometheus scrape of the same series (building the /metrics
 * text), measured in the same run on the same metrics. Both run off the request path, between
 * requests; the figure says how long a heartbeat holds the event loop.
 */
import { GatewayMetrics } from "../lib/gateway/metrics";

function populated(routers: number): GatewayMetrics {
  const metrics = new GatewayMetrics();
  for (let r = 0; r < routers; r++) {
    for (const route of ["stable", "canary", "shadow"]) {
      const stats = metrics.route("bench", `router-${r}`, route);
      for (const rule of ["default", "beta", "eu"]) {
        for (const status of [200, 404, 500, 504]) stats.request(rule, status, 0.003 * (status / 100));
        stats.shadowSent(rule);
        stats.shadowAnswered(rule, "200", "agree", 0.004);
      }
    }
    metrics.routerError("bench", `router-${r}`, "", 400);
  }
  return metrics;
}

async function time(rounds: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(5, rounds); i++) await fn();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  return ((performance.now() - started) / rounds) * 1000;
}

export async function run(): Promise<string> {
  const rows: string[] = [];
  for (const routers of [10, 100, 500]) {
    const metrics = populated(routers);
    const rounds = routers >= 500 ? 10 : 50;
    const heartbeat = await time(rounds, () => {
      let bytes = 0;
      for (const counters of metrics.countersByRouter().values()) bytes += JSON.stringify(counters).length;
      return bytes;
    });
    const scrape = await time(rounds, () => metrics.registry.metrics());
    let bytes = 0;
    for (const counters of metrics.countersByRouter().values()) bytes += JSON.stringify(counters).length;
    rows.push(`| ${routers} | ${(heartbeat / 1000).toFixed(2)} ms | ${(scrape / 1000).toFixed(2)} ms | ${(heartbeat / scrape).toFixed(2)}× | ${(bytes / 1024).toFixed(0)} KiB |`);
  }
  return [
    "## Fleet heartbeat",
    "",
    "Event-loop time of one heartbeat's counter snapshot (3 routes × 3 rules × 4 statuses per router, with latency histograms and shadows), against one Prometheus scrape of the same metrics. Only routers whose counters changed are written.",
    "",
    "| routers | heartbeat snapshot | /metrics scrape (baseline) | ratio | JSON written (all changed) |",
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
