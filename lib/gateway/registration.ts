/**
 * A gateway's entry in the fleet: registered in PostgreSQL at start, then a heartbeat every
 * few seconds with the version it serves per router and its cumulative counters, so that the
 * console can show who serves what after a deploy and sum the traffic of every gateway.
 *
 * Nothing here is on the request path: a heartbeat reads plain numbers from the metrics'
 * series objects and writes on a connection of its own (one, from its own pool). When the
 * database is away the gateway keeps serving; each heartbeat simply tries again, and the
 * upsert registers the gateway anew if it had been pruned meanwhile.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { boundCounters, type RouterCounters } from "../fleet/counters";

export const HEARTBEAT_DEFAULTS = {
  intervalMs: 5_000,
  /** Counter snapshots kept: the longest window the console offers (an hour) plus a margin. */
  retentionMinutes: 65,
  /** Past this age, snapshots are thinned to the last one of each minute. */
  fullResolutionMinutes: 10,
  /** Gateways stale for longer are removed (with their snapshots). */
  pruneAfterHours: 24,
  pruneEveryMs: 60_000,
  /** Routers whose counters one heartbeat writes at most; the rest wait for the next. */
  maxRoutersPerBeat: 500,
  /** Series per router at most, per kind (requests, latency, shadows): bounds a heartbeat's payload. */
  maxSeriesPerRouter: 2_000,
} as const;

/** What the gateway reports: versions served (`"project/router"` → version), workers, counters per router. */
export interface FleetReport {
  readonly served: Readonly<Record<string, number>>;
  readonly workers: number;
  readonly counters: ReadonlyMap<string, RouterCounters>;
}

export interface RegistrationOptions {
  readonly databaseUrl: string;
  readonly id: string;
  /** The address the gateway listens on, and its port. */
  readonly address: string;
  readonly port: number;
  /** Where its /metrics is served: the traffic port by default, the admin listener when it has one. */
  readonly metricsUrl: string;
  readonly intervalMs?: number;
  readonly connectTimeoutMs?: number;
  readonly report: () => FleetReport;
  readonly log: (line: string) => void;
}

/** `http://host:port/metrics`, with an IPv6 address in brackets. */
export function metricsUrlOf(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}/metrics`;
}

export function turnoutVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

const UPSERT = `
  INSERT INTO gateways (id, host, address, port, "metricsUrl", pid, workers, "turnoutVersion", "startedAt", "heartbeatAt", "heartbeatIntervalMs", served, "servedAt", "stoppedAt")
  VALUES ($1, $2, $3, $4, $11, $5, $6, $7, $8, now(), $9, $10::jsonb, now(), NULL)
  ON CONFLICT (id) DO UPDATE SET
    "heartbeatAt" = now(),
    workers = EXCLUDED.workers,
    port = EXCLUDED.port,
    "metricsUrl" = EXCLUDED."metricsUrl",
    "heartbeatIntervalMs" = EXCLUDED."heartbeatIntervalMs",
    "servedAt" = CASE WHEN gateways.served = EXCLUDED.served THEN gateways."servedAt" ELSE now() END,
    served = EXCLUDED.served,
    "stoppedAt" = NULL
  RETURNING (xmax = 0) AS inserted`;

const INSERT_COUNTERS = `
  INSERT INTO gateway_counters ("gatewayId", project, router, at, counters)
  SELECT $1, t.project, t.router, now(), t.counters
  FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS t(project, router, counters)
  ON CONFLICT DO NOTHING`;

export class GatewayRegistration {
  private readonly pool: pg.Pool;
  private readonly intervalMs: number;
  private readonly startedAt = new Date();
  private readonly version = turnoutVersion();
  /** The counters last written per router (JSON text): unchanged ones are not written again. */
  private readonly written = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private servedQueued = false;
  private beatQueued = false;
  private healthy: boolean | null = null;
  private stopped = false;

  constructor(private readonly options: RegistrationOptions) {
    this.intervalMs = options.intervalMs ?? HEARTBEAT_DEFAULTS.intervalMs;
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 1,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000,
      idleTimeoutMillis: Math.max(30_000, this.intervalMs * 3),
      query_timeout: 10_000,
    });
    this.pool.on("error", () => {});
  }

  get id(): string {
    return this.options.id;
  }

  /** Registers now (without waiting for the database), then heartbeats every interval. */
  start(): void {
    this.heartbeat();
    this.timer = setInterval(() => this.heartbeat(), this.intervalMs);
    this.timer.unref();
    // Spread the gateways' housekeeping over the minute.
    const first = setTimeout(() => {
      this.prune();
      this.pruneTimer = setInterval(() => this.prune(), HEARTBEAT_DEFAULTS.pruneEveryMs);
      this.pruneTimer.unref();
    }, Math.floor(Math.random() * HEARTBEAT_DEFAULTS.pruneEveryMs));
    first.unref();
    this.pruneTimer = first;
  }

  /** The served versions changed (a reload): report them now rather than at the next heartbeat. */
  servedChanged(): void {
    if (this.servedQueued || this.stopped) return;
    this.servedQueued = true;
    this.enqueue(async () => {
      this.servedQueued = false;
      await this.upsert(this.options.report());
    });
  }

  /** A heartbeat: registration, served versions and changed counters. Skipped while the previous one is still queued. */
  heartbeat(): void {
    if (this.beatQueued || this.stopped) return;
    this.beatQueued = true;
    this.enqueue(async () => {
      this.beatQueued = false;
      const report = this.options.report();
      await this.upsert(report);
      await this.writeCounters(report.counters);
    });
  }

  /**
   * Writes the final counters and marks the gateway stopped (a clean shutdown is not "stale"),
   * giving up after `budgetMs` so that a database that is away never holds a shutdown up.
   */
  async stop(budgetMs = 2_000): Promise<void> {
    if (this.stopped) return;
    if (this.timer !== null) clearInterval(this.timer);
    if (this.pruneTimer !== null) clearInterval(this.pruneTimer);
    this.heartbeat();
    this.stopped = true;
    const last = this.chain.then(() => this.pool.query(`UPDATE gateways SET "stoppedAt" = now() WHERE id = $1`, [this.options.id])).catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([last, new Promise((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
    clearTimeout(timer);
    void this.pool.end().catch(() => {});
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).then(
      () => this.health(true),
      (error: unknown) => this.health(false, error as Error),
    );
  }

  private health(ok: boolean, error?: Error): void {
    if (ok === this.healthy) return;
    const first = this.healthy === null;
    this.healthy = ok;
    if (ok) this.options.log(first ? `registered in the fleet as ${this.options.id}` : "heartbeats reach the database again");
    else this.options.log(`could not heartbeat (${error?.message ?? "unknown error"}): serving on, retrying every ${this.intervalMs} ms`);
  }

  private async upsert(report: FleetReport): Promise<void> {
    const { id, address, port, metricsUrl } = this.options;
    const result = await this.pool.query<{ inserted: boolean }>(UPSERT, [
      id,
      os.hostname(),
      address,
      port,
      process.pid,
      Math.max(1, report.workers),
      this.version,
      this.startedAt,
      this.intervalMs,
      JSON.stringify(report.served),
      metricsUrl,
    ]);
    // A new row (first registration, or pruned while away): every router's counters are written again.
    if (result.rows[0]?.inserted) this.written.clear();
  }

  private async writeCounters(all: ReadonlyMap<string, RouterCounters>): Promise<void> {
    const projects: string[] = [];
    const routers: string[] = [];
    const texts: string[] = [];
    for (const [key, counters] of all) {
      if (texts.length >= HEARTBEAT_DEFAULTS.maxRoutersPerBeat) break;
      const text = JSON.stringify(boundCounters(counters, HEARTBEAT_DEFAULTS.maxSeriesPerRouter));
      if (this.written.get(key) === text) continue;
      const slash = key.indexOf("/");
      projects.push(key.slice(0, slash));
      routers.push(key.slice(slash + 1));
      texts.push(text);
    }
    if (texts.length === 0) return;
    await this.pool.query(INSERT_COUNTERS, [this.options.id, projects, routers, texts]);
    texts.forEach((text, i) => this.written.set(`${projects[i]}/${routers[i]}`, text));
  }

  /**
   * Housekeeping, each gateway for its own rows: snapshots past the retention go (but never a
   * router's newest one, which carries its totals), older ones are thinned to the last of
   * each minute; and any gateway stale for a day is removed.
   */
  private prune(): void {
    const { retentionMinutes, fullResolutionMinutes, pruneAfterHours } = HEARTBEAT_DEFAULTS;
    this.enqueue(async () => {
      await this.pool.query(
        `DELETE FROM gateway_counters c WHERE c."gatewayId" = $1 AND c.at < now() - make_interval(mins => $2)
           AND EXISTS (SELECT 1 FROM gateway_counters d WHERE d."gatewayId" = c."gatewayId" AND d.project = c.project AND d.router = c.router AND d.at > c.at)`,
        [this.options.id, retentionMinutes],
      );
      await this.pool.query(
        `DELETE FROM gateway_counters c WHERE c."gatewayId" = $1 AND c.at < now() - make_interval(mins => $2)
           AND EXISTS (SELECT 1 FROM gateway_counters d WHERE d."gatewayId" = c."gatewayId" AND d.project = c.project AND d.router = c.router
                       AND d.at > c.at AND date_trunc('minute', d.at) = date_trunc('minute', c.at))`,
        [this.options.id, fullResolutionMinutes],
      );
      await this.pool.query(`DELETE FROM gateways WHERE "heartbeatAt" < now() - make_interval(hours => $1)`, [pruneAfterHours]);
    });
  }
}
