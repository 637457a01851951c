/** The gateway's counters of request samples recorded for replay, and of those it dropped. */
import { FastCounter, type CounterSeries } from "./fast-metrics";
import type { GatewayMetrics } from "./metrics";

export const SAMPLE_METRIC = {
  recorded: "turnout_gateway_samples_recorded_total",
  dropped: "turnout_gateway_samples_dropped_total",
} as const;

/**
 * Why a sample was not stored: `rate_limit` (more than recordMaxPerSecond this second),
 * `buffer_full` (the writer's queue was full), `database` (PostgreSQL refused or was away),
 * `router_gone` (the router or version was deleted before the write).
 */
export type DropReason = "rate_limit" | "buffer_full" | "database" | "router_gone";

export class SampleMetrics {
  private readonly recorded: FastCounter;
  private readonly dropped: FastCounter;
  private readonly series = new Map<string, CounterSeries>();

  constructor(metrics: GatewayMetrics) {
    this.recorded = new FastCounter(SAMPLE_METRIC.recorded, "Request samples written to PostgreSQL for replay, by router", metrics.registry);
    this.dropped = new FastCounter(
      SAMPLE_METRIC.dropped,
      "Request samples not written, by router and reason: rate_limit (over recordMaxPerSecond), buffer_full, database (unreachable or refused), router_gone",
      metrics.registry,
    );
  }

  private counter(kind: "recorded" | DropReason, project: string, router: string): CounterSeries {
    const key = `${kind}/${project}/${router}`;
    let counter = this.series.get(key);
    if (counter === undefined) {
      counter = kind === "recorded" ? this.recorded.series({ project, router }) : this.dropped.series({ project, router, reason: kind });
      this.series.set(key, counter);
    }
    return counter;
  }

  countRecorded(project: string, router: string, n: number): void {
    this.counter("recorded", project, router).value += n;
  }

  countDropped(project: string, router: string, reason: DropReason, n: number): void {
    this.counter(reason, project, router).value += n;
  }
}
