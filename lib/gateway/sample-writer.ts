/**
 * Writes request samples to PostgreSQL off the request path. `offer` only queues, in a
 * bounded buffer (beyond it samples are dropped and counted); every `flushMs` the queue is
 * written in batches, one multi-row INSERT each (the rows travel as one JSONB array). When
 * a write fails — the database is away or refuses — that batch is dropped and counted, and
 * so is every sample offered during a back-off, so an outage costs no memory and delays no
 * request. Counts of what was recorded and dropped go to `sample_counts` too, so the
 * console can show them for every gateway together.
 *
 * The writer has its own small pool: sample writes never queue behind (or ahead of) the
 * configuration queries.
 */
import pg from "pg";
import type { SampleRequest } from "../replay/features";
import type { GatewayMetrics } from "./metrics";
import { SampleMetrics, type DropReason } from "./sample-metrics";

/** One sample as the INSERT reads it (short names: the batch is one JSON text). */
export interface SampleRow {
  /** The version's id. */
  readonly v: string;
  /** Epoch milliseconds. */
  readonly t: number;
  readonly r: string | null;
  readonly o: string | null;
  readonly s: boolean;
  /** Status the caller got; set when the answer is over. */
  c: number;
  readonly e: string | null;
  readonly k: string | null;
  readonly l: number | null;
  readonly p: number;
  readonly q: SampleRequest;
}

/** Who a sample is counted under. */
export interface SampleOwner {
  readonly project: string;
  readonly router: string;
}

export const INSERT_SAMPLES = `
  INSERT INTO "request_samples" ("routerId", "version", "at", "rule", "route", "sticky", "status", "error", "key", "slot", "rate", "request")
  SELECT ver."routerId", ver."number", to_timestamp(x.t / 1000.0), x.r, x.o, x.s, x.c, x.e, x.k, x.l, x.p, x.q
  FROM jsonb_to_recordset($1::jsonb) AS x(v uuid, t double precision, r text, o text, s boolean, c int, e text, k text, l int, p double precision, q jsonb)
  JOIN "versions" ver ON ver."id" = x.v`;

export const ADD_COUNTS = `
  INSERT INTO "sample_counts" ("routerId", "outcome", "count", "updatedAt")
  SELECT ver."routerId", x.outcome, sum(x.n), now()
  FROM jsonb_to_recordset($1::jsonb) AS x(v uuid, outcome text, n bigint)
  JOIN "versions" ver ON ver."id" = x.v
  GROUP BY ver."routerId", x.outcome
  ON CONFLICT ("routerId", "outcome") DO UPDATE SET "count" = "sample_counts"."count" + EXCLUDED."count", "updatedAt" = now()`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * JSON that PostgreSQL's jsonb accepts: JSON.stringify writes NUL and lone surrogates as
 * \u escapes, which jsonb refuses; they become U+FFFD (an escaped backslash is left alone).
 */
export function jsonbText(value: unknown): string {
  return JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi, "$1\\ufffd");
}

export interface SampleWriterOptions {
  readonly databaseUrl: string;
  readonly metrics: GatewayMetrics;
  readonly log: (line: string) => void;
  readonly connectTimeoutMs?: number;
  readonly flushMs?: number;
  readonly batchSize?: number;
  /** Samples waiting to be written, at most; more are dropped (`buffer_full`). */
  readonly maxBuffered?: number;
}

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;

export class SampleWriter {
  readonly pool: pg.Pool;
  readonly metrics: SampleMetrics;
  private queue: { owner: SampleOwner; row: SampleRow }[] = [];
  /** Counts not yet added to `sample_counts`: version id → outcome → n. */
  private counts = new Map<string, Map<string, number>>();
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<void> | null = null;
  private failingUntil = 0;
  private backoffMs = MIN_BACKOFF_MS;
  private closed = false;
  private readonly batchSize: number;
  private readonly maxBuffered: number;

  constructor(private readonly options: SampleWriterOptions) {
    this.metrics = new SampleMetrics(options.metrics);
    this.batchSize = options.batchSize ?? 1_000;
    this.maxBuffered = options.maxBuffered ?? 10_000;
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      // One connection writes; the other is for pruning.
      max: 2,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000,
      idleTimeoutMillis: 30_000,
      query_timeout: 15_000,
    });
    this.pool.on("error", () => {});
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 250);
    this.timer.unref();
  }

  /** Queues a sample; never waits, never throws. */
  offer(owner: SampleOwner, row: SampleRow): void {
    if (this.closed) return;
    if (this.failingUntil > 0 && Date.now() < this.failingUntil) return this.dropped(owner, row.v, "database", 1);
    if (this.queue.length >= this.maxBuffered) return this.dropped(owner, row.v, "buffer_full", 1);
    this.queue.push({ owner, row });
  }

  dropped(owner: SampleOwner, versionId: string, reason: DropReason, n: number): void {
    this.metrics.countDropped(owner.project, owner.router, reason, n);
    this.count(versionId, reason, n);
  }

  private count(versionId: string, outcome: string, n: number): void {
    if (!UUID.test(versionId)) return;
    let byOutcome = this.counts.get(versionId);
    if (byOutcome === undefined) this.counts.set(versionId, (byOutcome = new Map()));
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + n);
  }

  /** Writes what is queued, batch by batch; resolves when the queue is empty (or the database failed). */
  flush(): Promise<void> {
    return (this.writing ??= this.drain().finally(() => {
      this.writing = null;
    }));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      if (this.failingUntil > 0 && Date.now() < this.failingUntil) {
        const batch = this.queue;
        this.queue = [];
        for (const { owner, row } of batch) this.dropped(owner, row.v, "database", 1);
        break;
      }
      const batch = this.queue.splice(0, this.batchSize);
      if (!(await this.write(batch))) break;
    }
    if (this.counts.size > 0 && !(this.failingUntil > 0 && Date.now() < this.failingUntil)) await this.writeCounts();
  }

  private async write(batch: { owner: SampleOwner; row: SampleRow }[]): Promise<boolean> {
    // A version id that is not a UUID (a gateway serving a hand-written cache file) has no row to attach to.
    const rows = batch.filter(({ owner, row }) => UUID.test(row.v) || (this.dropped(owner, row.v, "router_gone", 1), false));
    if (rows.length === 0) return true;
    try {
      const result = await this.pool.query(INSERT_SAMPLES, [jsonbText(rows.map((b) => b.row))]);
      if ((result.rowCount ?? 0) === rows.length) {
        for (const { owner, row } of rows) this.recorded(owner, row.v);
      } else {
        // Some versions are gone (their router was deleted meanwhile): find which.
        const ids = [...new Set(rows.map((b) => b.row.v))];
        const found = new Set((await this.pool.query<{ id: string }>(`SELECT id::text AS id FROM "versions" WHERE id = ANY($1::uuid[])`, [ids])).rows.map((r) => r.id));
        for (const { owner, row } of rows) {
          if (found.has(row.v)) this.recorded(owner, row.v);
          else this.metrics.countDropped(owner.project, owner.router, "router_gone", 1);
        }
      }
      if (this.failingUntil > 0) this.options.log("recording request samples again");
      this.failingUntil = 0;
      this.backoffMs = MIN_BACKOFF_MS;
      return true;
    } catch (error) {
      for (const { owner, row } of rows) this.dropped(owner, row.v, "database", 1);
      if (this.failingUntil === 0) this.options.log(`could not store ${rows.length} request sample(s), dropping samples until the database answers: ${(error as Error).message}`);
      this.failingUntil = Date.now() + this.backoffMs;
      this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
      return false;
    }
  }

  private recorded(owner: SampleOwner, versionId: string): void {
    this.metrics.countRecorded(owner.project, owner.router, 1);
    this.count(versionId, "recorded", 1);
  }

  private async writeCounts(): Promise<void> {
    const counts = this.counts;
    this.counts = new Map();
    const rows = [...counts].flatMap(([v, byOutcome]) => [...byOutcome].map(([outcome, n]) => ({ v, outcome, n })));
    try {
      await this.pool.query(ADD_COUNTS, [JSON.stringify(rows)]);
    } catch {
      // Kept for the next flush: counts are small, and the database is likely away.
      for (const { v, outcome, n } of rows) this.count(v, outcome, n);
    }
  }

  /** Writes what is queued (for at most `budgetMs`), then closes the connections. */
  async close(budgetMs = 2_000): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await Promise.race([this.flush(), new Promise((resolve) => setTimeout(resolve, budgetMs).unref())]);
    this.closed = true;
    await this.pool.end().catch(() => {});
  }
}
