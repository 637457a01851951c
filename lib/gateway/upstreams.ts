/**
 * One keep-alive connection pool per backend origin, shared by every route (and shadow) that
 * points at it. The gateway enforces each route's timeout itself, so undici's own header and
 * body timeouts are off.
 */
import { Pool } from "undici";

export class Upstreams {
  private readonly pools = new Map<string, Pool>();

  pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        headersTimeout: 0,
        bodyTimeout: 0,
        keepAliveTimeout: 4_000,
        keepAliveMaxTimeout: 60_000,
        connect: { timeout: 10_000 },
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes the pools of origins no route uses any more, once their requests finish. */
  retain(origins: ReadonlySet<string>): void {
    for (const [origin, pool] of this.pools) {
      if (origins.has(origin)) continue;
      this.pools.delete(origin);
      pool.close().catch(() => {});
    }
  }

  /** Aborts everything in flight (gateway shutdown). */
  async destroy(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => {})));
  }
}
