/**
 * Writes stored disagreements to PostgreSQL off the request path: `offer` only queues (a
 * bounded queue; beyond it samples are dropped and counted), and one batch at a time is
 * inserted in a single statement, whose trigger prunes each router to its latest `keep`.
 * A batch that fails (database away, timeout) is dropped and counted, never retried, so
 * an outage costs memory for at most one queue.
 */
import pg from "pg";
import type { DisagreementSample } from "./disagreement-sample";
import type { GatewayMetrics, SampleResult } from "./metrics";

export interface DisagreementWriterOptions {
  /** null: no database (`--no-database`): every sample is dropped and counted. */
  readonly databaseUrl: string | null;
  readonly metrics: GatewayMetrics;
  readonly log: (line: string) => void;
  readonly connectTimeoutMs?: number;
  readonly flushDelayMs?: number;
  readonly batchSize?: number;
  readonly maxQueued?: number;
}

/** One statement for a whole batch ($1: the samples as a JSON array); rows of routers that no longer exist are skipped. */
export const INSERT_SAMPLES = `
  INSERT INTO "shadow_disagreements" ("routerId", "version", "rule", "route", "field", "keep", "request", "primary", "shadow", "differences", "createdAt")
  SELECT r."id", x."version", x."rule", x."route", x."field", x."keep", x."request", x."primary", x."shadow", x."differences", x."at"
  FROM jsonb_to_recordset($1::jsonb) AS x("project" text, "router" text, "version" int, "rule" text, "route" text, "field" text, "keep" int,
                                         "request" jsonb, "primary" jsonb, "shadow" jsonb, "differences" jsonb, "at" timestamptz)
  JOIN "projects" p ON p."name" = x."project"
  JOIN "routers" r ON r."projectId" = p."id" AND r."name" = x."router"`;

/**
 * JSON that PostgreSQL's jsonb accepts: JSON.stringify writes NUL and lone surrogates as
 * \u escapes, which jsonb refuses; they become U+FFFD (an escaped backslash is left alone).
 */
export function jsonbText(value: unknown): string {
  return JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi, "$1\\ufffd");
}

export class DisagreementWriter {
  private readonly queue: DisagreementSample[] = [];
  private readonly pool: pg.Pool | null;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private failing = false;
  private closed = false;
  private readonly flushDelayMs: number;
  private readonly batchSize: number;
  private readonly maxQueued: number;

  constructor(private readonly options: DisagreementWriterOptions) {
    this.flushDelayMs = options.flushDelayMs ?? 200;
    this.batchSize = options.batchSize ?? 50;
    this.maxQueued = options.maxQueued ?? 500;
    this.pool =
      options.databaseUrl === null
        ? null
        : new pg.Pool({ connectionString: options.databaseUrl, max: 1, connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000, idleTimeoutMillis: 30_000, query_timeout: 10_000 });
    this.pool?.on("error", () => {});
  }

  /** Queues a sample; never waits, never throws. */
  offer(sample: DisagreementSample): void {
    if (this.pool === null || this.closed) return this.count("dropped_no_database", 1);
    if (this.queue.length >= this.maxQueued) return this.count("dropped_queue_full", 1);
    this.queue.push(sample);
    if (this.timer === null && this.writing === null) {
      this.timer = setTimeout(this.flush, this.flushDelayMs);
      this.timer.unref();
    }
  }

  /** Writes what is queued, batch by batch; resolves when the queue is empty. */
  readonly flush = (): Promise<void> => {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    return (this.writing ??= this.drain().finally(() => {
      this.writing = null;
      if (this.queue.length > 0 && !this.closed) void this.flush();
    }));
  };

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      try {
        const result = await this.pool!.query(INSERT_SAMPLES, [jsonbText(batch)]);
        const stored = result.rowCount ?? 0;
        this.count("stored", stored);
        this.count("dropped_router_gone", batch.length - stored);
        if (this.failing) this.options.log("storing shadow disagreements again");
        this.failing = false;
      } catch (error) {
        this.count("dropped_database", batch.length);
        if (!this.failing) this.options.log(`could not store ${batch.length} shadow disagreement(s), dropping them until the database answers: ${(error as Error).message}`);
        this.failing = true;
      }
    }
  }

  private count(result: SampleResult, n: number): void {
    if (n > 0) this.options.metrics.disagreementSamples.inc({ result }, n);
  }

  /** Writes what is queued (for at most `budgetMs`), then closes the connection. */
  async close(budgetMs = 2_000): Promise<void> {
    if (this.closed) return;
    if (this.pool !== null && this.queue.length > 0) {
      await Promise.race([this.flush(), new Promise((r) => setTimeout(r, budgetMs).unref())]);
    }
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.pool?.end().catch(() => {});
  }
}
