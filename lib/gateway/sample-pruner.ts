/**
 * Keeps the request samples within their retention: older than `retentionDays`, beyond
 * the newest `maxPerRouter` of a router, or of a router that no longer exists. One process
 * prunes at a time (a session advisory lock: with several gateways, whichever gets it),
 * deleting in small batches by (router, time) through the samples' index, so that the
 * gateways' inserts and the console's reads never wait on it.
 */
import type pg from "pg";

export interface PruneLimits {
  readonly retentionDays: number;
  readonly maxPerRouter: number;
}

export const PRUNE_DEFAULTS = { retentionDays: 7, maxPerRouter: 1_000_000, intervalMs: 60_000 } as const;

/** pg_try_advisory_lock key of the pruning process (the migrations use 727274, shadows 727275). */
const PRUNE_LOCK = 727276;
const BATCH = 5_000;

/** The routers that have samples, read from the index one id at a time (a loose index scan). */
const ROUTERS_WITH_SAMPLES = `
  WITH RECURSIVE ids AS (
    (SELECT "routerId" FROM "request_samples" ORDER BY "routerId" LIMIT 1)
    UNION ALL
    SELECT (SELECT s."routerId" FROM "request_samples" s WHERE s."routerId" > ids."routerId" ORDER BY s."routerId" LIMIT 1)
    FROM ids WHERE ids."routerId" IS NOT NULL
  )
  SELECT "routerId"::text AS id FROM ids WHERE "routerId" IS NOT NULL`;

async function deleteBatches(client: pg.PoolClient, sql: string, params: unknown[], stopped: () => boolean): Promise<number> {
  let deleted = 0;
  for (;;) {
    if (stopped()) return deleted;
    const n = (await client.query(sql, params)).rowCount ?? 0;
    deleted += n;
    if (n < BATCH) return deleted;
    // Let the writers' inserts through between batches.
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One pruning round; resolves with how many samples it deleted (0 when another process holds the lock). */
export async function pruneSamples(pool: pg.Pool, limits: PruneLimits, stopped: () => boolean = () => false): Promise<number> {
  const client = await pool.connect();
  let locked = false;
  try {
    locked = (await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [PRUNE_LOCK])).rows[0]!.ok;
    if (!locked) return 0;
    const ids = (await client.query<{ id: string }>(ROUTERS_WITH_SAMPLES)).rows.map((r) => r.id);
    if (ids.length === 0) return 0;
    const live = new Set((await client.query<{ id: string }>(`SELECT id::text AS id FROM "routers" WHERE id = ANY($1::uuid[])`, [ids])).rows.map((r) => r.id));
    const cutoff = new Date(Date.now() - limits.retentionDays * 86_400_000);
    let deleted = 0;
    for (const id of ids) {
      if (!live.has(id)) {
        deleted += await deleteBatches(
          client,
          `DELETE FROM "request_samples" WHERE id IN (SELECT id FROM "request_samples" WHERE "routerId" = $1 LIMIT ${BATCH})`,
          [id],
          stopped,
        );
        continue;
      }
      deleted += await deleteBatches(
        client,
        `DELETE FROM "request_samples" WHERE id IN (SELECT id FROM "request_samples" WHERE "routerId" = $1 AND "at" < $2 ORDER BY "at" LIMIT ${BATCH})`,
        [id, cutoff],
        stopped,
      );
      const boundary = (
        await client.query<{ at: Date; id: string }>(`SELECT "at", id::text AS id FROM "request_samples" WHERE "routerId" = $1 ORDER BY "at" DESC, id DESC OFFSET $2 LIMIT 1`, [
          id,
          limits.maxPerRouter,
        ])
      ).rows[0];
      if (boundary !== undefined) {
        deleted += await deleteBatches(
          client,
          `DELETE FROM "request_samples" WHERE id IN (SELECT id FROM "request_samples" WHERE "routerId" = $1 AND ("at", id) <= ($2, $3::bigint) ORDER BY "at", id LIMIT ${BATCH})`,
          [id, boundary.at, boundary.id],
          stopped,
        );
      }
      if (stopped()) break;
    }
    return deleted;
  } finally {
    if (locked) await client.query("SELECT pg_advisory_unlock($1)", [PRUNE_LOCK]).catch(() => {});
    client.release();
  }
}

/** Prunes every `intervalMs` (the first round soon after start), logging failures once per outage. */
export class SamplePruner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly limits: PruneLimits,
    private readonly intervalMs: number,
    private readonly log: (line: string) => void,
  ) {}

  start(firstDelayMs = Math.min(10_000, this.intervalMs)): void {
    this.schedule(firstDelayMs);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.prune().finally(() => this.schedule(this.intervalMs));
    }, delay);
    this.timer.unref();
  }

  /** One round now (or the one running); resolves with the samples deleted. */
  prune(): Promise<number> {
    return (this.running ??= pruneSamples(this.pool, this.limits, () => this.stopped)
      .then(
        (n) => {
          if (this.failing) this.log("pruning request samples again");
          this.failing = false;
          return n;
        },
        (error: unknown) => {
          if (!this.failing && !this.stopped) this.log(`could not prune request samples: ${(error as Error).message}`);
          this.failing = true;
          return 0;
        },
      )
      .finally(() => {
        this.running = null;
      }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }
}
