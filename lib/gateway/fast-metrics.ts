/**
 * Counters and histograms for the per-request path, kept as plain numbers. prom-client's own
 * `inc`/`observe` validate and hash the labels on every call, which costs more than the rest
 * of the gateway's bookkeeping together; here a request bumps numbers in a series object
 * looked up once, and the text is built only when /metrics is scraped. They register in a
 * prom-client Registry through its metric interface (`name`, `get()`), so the exposition
 * format and the cluster aggregation are prom-client's.
 */
import type { Metric, Registry } from "prom-client";

type Labels = Readonly<Record<string, string>>;

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

interface MetricSnapshot {
  name: string;
  help: string;
  type: "counter" | "histogram";
  aggregator: "sum";
  values: MetricValue[];
}

export class CounterSeries {
  value = 0;
  constructor(readonly labels: Labels) {}
}

export class HistogramSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Labels,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        break;
      }
    }
    this.sum += value;
    this.count++;
  }
}

abstract class FastMetric<S extends { labels: Labels }> {
  protected readonly all = new Map<string, S>();

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** The series for these labels, created on first use; keep it rather than calling this per request. */
  series(labels: Labels): S {
    const key = JSON.stringify(labels);
    let series = this.all.get(key);
    if (series === undefined) this.all.set(key, (series = this.create(labels)));
    return series;
  }

  /** Every series, for readers other than the text exposition (heartbeats). */
  allSeries(): IterableIterator<S> {
    return this.all.values();
  }

  reset(): void {
    this.all.clear();
  }

  protected abstract create(labels: Labels): S;
  abstract get(): Promise<MetricSnapshot>;
}

export class FastCounter extends FastMetric<CounterSeries> {
  protected create(labels: Labels): CounterSeries {
    return new CounterSeries(labels);
  }

  async get(): Promise<MetricSnapshot> {
    const values: MetricValue[] = [];
    for (const series of this.all.values()) values.push({ value: series.value, labels: { ...series.labels } });
    return { name: this.name, help: this.help, type: "counter", aggregator: "sum", values };
  }
}

export class FastHistogram extends FastMetric<HistogramSeries> {
  constructor(
    name: string,
    help: string,
    registry: Registry,
    private readonly bounds: readonly number[],
  ) {
    super(name, help, registry);
  }

  protected create(labels: Labels): HistogramSeries {
    return new HistogramSeries(labels, this.bounds);
  }

  async get(): Promise<MetricSnapshot> {
    const values: MetricValue[] = [];
    for (const series of this.all.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i]!;
        values.push({ value: cumulative, labels: { ...series.labels, le: bound }, metricName: `${this.name}_bucket` });
      });
      values.push({ value: series.count, labels: { ...series.labels, le: "+Inf" }, metricName: `${this.name}_bucket` });
      values.push({ value: series.sum, labels: { ...series.labels }, metricName: `${this.name}_sum` });
      values.push({ value: series.count, labels: { ...series.labels }, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: "histogram", aggregator: "sum", values };
  }
}
