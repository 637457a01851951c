import { AggregatorRegistry, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { FastCounter, FastHistogram } from "./fast-metrics";

describe("fast metrics", () => {
  it("expose counters and cumulative histogram buckets in the Prometheus text format", async () => {
    const registry = new Registry();
    const counter = new FastCounter("t_requests_total", "Requests", registry);
    const histogram = new FastHistogram("t_seconds", "Latency", registry, [0.1, 1]);
    const ok = counter.series({ route: "a", status: "200" });
    ok.value += 3;
    expect(counter.series({ route: "a", status: "200" })).toBe(ok);
    const series = histogram.series({ route: "a" });
    for (const v of [0.05, 0.5, 0.7, 5]) series.observe(v);
    const text = await registry.metrics();
    expect(text).toContain("# TYPE t_requests_total counter");
    expect(text).toContain('t_requests_total{route="a",status="200"} 3');
    expect(text).toContain("# TYPE t_seconds histogram");
    expect(text).toContain('t_seconds_bucket{route="a",le="0.1"} 1');
    expect(text).toContain('t_seconds_bucket{route="a",le="1"} 3');
    expect(text).toContain('t_seconds_bucket{route="a",le="+Inf"} 4');
    expect(text).toContain('t_seconds_sum{route="a"} 6.25');
    expect(text).toContain('t_seconds_count{route="a"} 4');
  });

  it("sum across cluster workers with prom-client's aggregator", async () => {
    const workers = [new Registry(), new Registry()];
    workers.forEach((registry, i) => {
      new FastCounter("t_requests_total", "Requests", registry).series({ route: "a" }).value = i + 1;
      new FastHistogram("t_seconds", "Latency", registry, [1]).series({ route: "a" }).observe(0.5);
    });
    const aggregate = AggregatorRegistry.aggregate(await Promise.all(workers.map((r) => r.getMetricsAsJSON())));
    const text = await aggregate.metrics();
    expect(text).toContain('t_requests_total{route="a"} 3');
    expect(text).toContain('t_seconds_bucket{route="a",le="1"} 2');
    expect(text).toContain('t_seconds_count{route="a"} 2');
  });
});
