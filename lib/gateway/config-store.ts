/**
 * The routers the gateway serves: every active version, loaded at start in one query and
 * compiled by the engine, then kept current by deploy notifications (LISTEN), a full resync
 * after every reconnection, and a cheap revision poll as a backstop for anything missed.
 * The last good configuration is written to a cache file so that a gateway can start while
 * the database is down. A version that fails validation or compilation never replaces the
 * one being served: it is logged, counted and remembered so that it is not retried. That
 * holds across a restart too: a router whose active version is refused at start is served
 * from the cache file's copy of its last good version, as the running gateway would have
 * kept serving it.
 */
import pg from "pg";
import { readCacheFile, writeCacheFile } from "./cache-file";
import { loadActiveVersion, loadActiveVersions, loadRevision } from "./config-queries";
import { DeployListener, type DeployNotice } from "./deploy-listener";
import type { GatewayMetrics, ReloadTrigger } from "./metrics";
import { buildRouterEntry, type RouterEntry, type RouterRecord } from "./router-entry";
import type { Upstreams } from "./upstreams";

export interface ConfigStoreOptions {
  /** null: no database, serve the cache file as a static configuration. */
  readonly databaseUrl: string | null;
  /** null: no cache file (nothing to fall back on while the database is down). */
  readonly cacheFile: string | null;
  readonly pollIntervalMs: number;
  readonly connectTimeoutMs: number;
  readonly upstreams: Upstreams;
  readonly metrics: GatewayMetrics;
  readonly log: (line: string) => void;
  /** false: no LISTEN; deploys are picked up by the revision poll only. */
  readonly listen?: boolean;
  /** Called after the routers served changed (a deploy, a resync, the cache file loaded). */
  readonly onChange?: () => void;
}

export type ConfigSource = "none" | "cache" | "database";

/** A router served from its last good version because the database's active one was refused. */
export interface LastKnownGood {
  /** The active version in the database, refused. */
  readonly refusedVersion: number;
  /** Where the version served came from: the one served before, or the cache file at start. */
  readonly from: "memory" | "cache";
}

export class ConfigStore {
  private readonly projects = new Map<string, Map<string, RouterEntry>>();
  /** Version ids refused once: not re-validated (nor re-counted) on every resync. */
  private readonly refused = new Set<string>();
  /** Routers ("project/router") serving their last good version instead of a refused active one. */
  private readonly lastGood = new Map<string, LastKnownGood>();
  /** The cache file's routers, during the first load from the database only: the fallback for a refused version. */
  private cachedAtStart: Map<string, RouterRecord> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pool: pg.Pool | null = null;
  private listener: DeployListener | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private revision: string | null = null;
  private started = false;
  private stopped = false;
  private source_: ConfigSource = "none";

  constructor(private readonly options: ConfigStoreOptions) {}

  /** `"project/router"` → the version served, for every router served. */
  served(): Record<string, number> {
    const served: Record<string, number> = {};
    for (const entry of this.entries()) served[`${entry.project}/${entry.router}`] = entry.version;
    return served;
  }

  /** Where the routers being served came from. */
  get source(): ConfigSource {
    return this.source_;
  }

  get databaseConnected(): boolean {
    return this.listener?.connected ?? false;
  }

  get(project: string, router: string): RouterEntry | undefined {
    return this.projects.get(project)?.get(router);
  }

  entries(): RouterEntry[] {
    return [...this.projects.values()].flatMap((routers) => [...routers.values()]);
  }

  /** Set while the router serves its last good version because the database's active one was refused. */
  lastKnownGood(project: string, router: string): LastKnownGood | undefined {
    return this.lastGood.get(`${project}/${router}`);
  }

  async start(): Promise<void> {
    const { databaseUrl, log } = this.options;
    if (databaseUrl === null) {
      if (!(await this.loadCache())) throw new Error("no database and no cache file to serve");
      this.started = true;
      return;
    }
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 2,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      query_timeout: 15_000,
    });
    // An idle connection that dies emits 'error' on the pool; the next query reconnects.
    this.pool.on("error", () => {});
    this.listener = new DeployListener(
      databaseUrl,
      {
        notice: (notice) => this.background(() => (notice === null ? this.resync("notify") : this.reload(notice))),
        connected: () => {
          this.options.metrics.databaseUp.set(1);
          // The first connection is followed by start()'s own load.
          if (this.started) {
            log("database connection restored: resyncing");
            this.background(() => this.resync("reconnect"));
          }
        },
        disconnected: (error) => {
          this.options.metrics.databaseUp.set(0);
          log(`lost the database connection${error ? ` (${error.message})` : ""}: serving the current configuration, reconnecting`);
        },
      },
      this.options.connectTimeoutMs,
      this.options.listen ?? true,
    );
    let loaded = false;
    if (await this.listener.connect()) {
      this.cachedAtStart = await this.readCachedRecords();
      loaded = await this.enqueue(() => this.resync("startup")).then(
        () => true,
        (error: unknown) => {
          log(`could not load the configuration: ${(error as Error).message}`);
          return false;
        },
      );
      this.cachedAtStart = null;
    } else {
      this.options.metrics.databaseUp.set(0);
      log("the database is unreachable: starting from the cache file; reconnecting in the background");
    }
    if (!loaded) await this.loadCache();
    this.started = true;
    // A retry that connected while the cache was loading found start() unfinished and left the resync to it.
    if (!loaded && this.listener.connected) this.background(() => this.resync("reconnect"));
    this.pollTimer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    await this.listener?.stop();
    await this.queue.catch(() => {});
    await this.pool?.end().catch(() => {});
  }

  /** Runs config changes one at a time, in order, so that an older read never wins. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => (this.stopped ? Promise.reject(new Error("stopped")) : task()));
    this.queue = run.catch(() => {});
    return run;
  }

  private async poll(): Promise<void> {
    if (this.pool === null || this.stopped) return;
    let revision: string;
    try {
      revision = await loadRevision(this.pool);
    } catch {
      return;
    }
    if (revision !== this.revision) this.background(() => this.resync("poll"));
  }

  /** A config task nobody awaits: a failure is logged, and the next poll retries (the revision is unchanged). */
  private background(task: () => Promise<void>): void {
    this.enqueue(task).catch((error: unknown) => {
      if (!this.stopped) this.options.log(`configuration reload failed: ${(error as Error).message}`);
    });
  }

  private async resync(trigger: ReloadTrigger): Promise<void> {
    const pool = this.pool!;
    const revision = await loadRevision(pool);
    const records = await loadActiveVersions(pool);
    this.options.metrics.configReloads.inc({ trigger });
    const seen = new Set<string>();
    let changed = false;
    for (const record of records) {
      seen.add(`${record.project}/${record.router}`);
      changed = this.apply(record) || changed;
    }
    for (const entry of this.entries()) {
      if (!seen.has(`${entry.project}/${entry.router}`)) changed = this.remove(entry.project, entry.router) || changed;
    }
    this.revision = revision;
    this.source_ = "database";
    if (changed) await this.afterChange();
  }

  private async reload(notice: DeployNotice): Promise<void> {
    const record = await loadActiveVersion(this.pool!, notice.project, notice.router);
    this.options.metrics.configReloads.inc({ trigger: "notify" });
    const changed = record === null ? this.remove(notice.project, notice.router) : this.apply(record);
    if (changed) await this.afterChange();
  }

  /**
   * Serves `record` unless it is the version already served or an invalid one; true if it
   * changed anything. An invalid one leaves the router on the version it had — or, during
   * the first load, on the cache file's copy — and marks it as served from its last good version.
   */
  private apply(record: RouterRecord): boolean {
    const { project, router } = record;
    const current = this.get(project, router);
    if (current?.record.versionId === record.versionId) {
      // The database's active version is the one served (a rollback to the last good one).
      this.clearLastKnownGood(project, router);
      return false;
    }
    if (this.refused.has(record.versionId)) return false;
    const built = buildRouterEntry(record, this.options.upstreams, this.options.metrics);
    if (built.ok) {
      this.install(built.entry);
      this.clearLastKnownGood(project, router);
      for (const warning of built.entry.compiled.warnings) this.options.log(`${project}/${router} v${record.version}: ${warning.path}: ${warning.message}`);
      this.options.log(`serving ${project}/${router} version ${record.version}`);
      return true;
    }
    this.refused.add(record.versionId);
    this.options.metrics.configRejected.inc({ project, router });
    let served = current;
    let from: LastKnownGood["from"] = "memory";
    const cached = current === undefined ? this.cachedAtStart?.get(`${project}/${router}`) : undefined;
    if (cached !== undefined) {
      const fallback = buildRouterEntry(cached, this.options.upstreams, this.options.metrics);
      if (fallback.ok) {
        this.install(fallback.entry);
        served = fallback.entry;
        from = "cache";
      }
    }
    if (served !== undefined) this.setLastKnownGood(project, router, { refusedVersion: record.version, from });
    this.options.log(
      `refused ${project}/${router} version ${record.version}: ${built.reason}; ${
        served === undefined
          ? "not serving this router"
          : from === "cache"
            ? `serving its last good version ${served.version} from the cache file`
            : `still serving version ${served.version}`
      }`,
    );
    return served !== current;
  }

  private install(entry: RouterEntry): void {
    let routers = this.projects.get(entry.project);
    if (routers === undefined) this.projects.set(entry.project, (routers = new Map()));
    routers.set(entry.router, entry);
    this.options.metrics.routerVersion.set({ project: entry.project, router: entry.router }, entry.version);
  }

  private setLastKnownGood(project: string, router: string, state: LastKnownGood): void {
    this.clearLastKnownGood(project, router);
    this.lastGood.set(`${project}/${router}`, state);
    this.options.metrics.lastKnownGood.set({ project, router, from: state.from }, 1);
  }

  private clearLastKnownGood(project: string, router: string): void {
    const state = this.lastGood.get(`${project}/${router}`);
    if (state === undefined) return;
    this.lastGood.delete(`${project}/${router}`);
    this.options.metrics.lastKnownGood.remove({ project, router, from: state.from });
  }

  private remove(project: string, router: string): boolean {
    const routers = this.projects.get(project);
    if (!routers?.delete(router)) return false;
    if (routers.size === 0) this.projects.delete(project);
    this.options.metrics.routerVersion.remove({ project, router });
    this.clearLastKnownGood(project, router);
    this.options.log(`${project}/${router} has no active version any more: no longer serving it`);
    return true;
  }

  private async afterChange(): Promise<void> {
    this.options.onChange?.();
    const entries = this.entries();
    this.options.upstreams.retain(new Set(entries.flatMap((e) => [...e.routes.values()].map((r) => r.origin))));
    const file = this.options.cacheFile;
    if (file === null || this.options.databaseUrl === null) return;
    try {
      await writeCacheFile(
        file,
        entries.map((e) => e.record),
      );
    } catch (error) {
      this.options.log(`could not write the cache file ${file}: ${(error as Error).message}`);
    }
  }

  /** The cache file's routers by "project/router"; null when there is none or it cannot be read (logged). */
  private async readCachedRecords(): Promise<Map<string, RouterRecord> | null> {
    const file = this.options.cacheFile;
    if (file === null) return null;
    let records: RouterRecord[] | null;
    try {
      records = await readCacheFile(file);
    } catch (error) {
      this.options.log(`could not read the cache file ${file}: ${(error as Error).message}`);
      return null;
    }
    return records === null ? null : new Map(records.map((r) => [`${r.project}/${r.router}`, r]));
  }

  /** Serves the cache file's routers; false when there is no usable cache file. */
  private async loadCache(): Promise<boolean> {
    const file = this.options.cacheFile;
    if (file === null) return false;
    const records = await this.readCachedRecords();
    if (records === null) {
      this.options.log(`no usable cache file at ${file}: nothing to serve until the database is reachable`);
      return false;
    }
    this.options.metrics.configReloads.inc({ trigger: "cache" });
    for (const record of records.values()) this.apply(record);
    this.source_ = "cache";
    this.options.upstreams.retain(new Set(this.entries().flatMap((e) => [...e.routes.values()].map((r) => r.origin))));
    this.options.log(`serving ${this.entries().length} router(s) from the cache file ${file}`);
    this.options.onChange?.();
    return true;
  }
}
