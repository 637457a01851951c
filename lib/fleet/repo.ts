/**
 * The fleet as the console sees it: every registered gateway with its state (live, stale,
 * stopped) and whether it serves each router's active version, a router's gateways, waiting
 * for a deploy to converge, and the counter snapshots traffic figures are computed from.
 * Ages are computed by the database's clock, which every gateway's heartbeat also uses.
 */
import type { Db } from "@/lib/db/client";
import type { RouterCounters } from "./counters";

/** A gateway is stale after this many heartbeat intervals without one. */
export const STALE_AFTER_INTERVALS = 3;
/** At most this many lagging routers are listed per gateway (the count is always exact). */
const MAX_BEHIND_LISTED = 50;
const MAX_GATEWAYS = 1_000;

export type GatewayState = "live" | "stale" | "stopped";

type GatewayRow = {
  id: string;
  host: string;
  address: string;
  port: number;
  metricsUrl: string;
  pid: number;
  workers: number;
  turnoutVersion: string;
  startedAt: Date;
  heartbeatAt: Date;
  heartbeatIntervalMs: number;
  served: Record<string, number>;
  servedAt: Date;
  stoppedAt: Date | null;
  ageMs: number;
};

export type LaggingRouter = { project: string; router: string; serving: number | null; active: number | null };

export type GatewayView = {
  id: string;
  host: string;
  address: string;
  port: number;
  metricsUrl: string;
  pid: number;
  workers: number;
  turnoutVersion: string;
  startedAt: string;
  heartbeatAt: string;
  heartbeatAgeMs: number;
  heartbeatIntervalMs: number;
  state: GatewayState;
  /** Serves every router's active version, and nothing else. */
  inSync: boolean;
  routers: number;
  behindCount: number;
  behind: LaggingRouter[];
};

export type FleetView = { live: number; stale: number; stopped: number; inSync: number; gateways: GatewayView[] };

export type RouterGatewayView = Pick<GatewayView, "id" | "host" | "address" | "port" | "workers" | "state" | "heartbeatAt" | "heartbeatAgeMs"> & {
  /** The version of this router it serves; null when it serves none. */
  version: number | null;
  inSync: boolean;
  servedAt: string;
};

export type RouterFleetView = {
  project: string;
  router: string;
  activeVersion: number | null;
  /** Live gateways, and how many of them serve the active version. */
  live: number;
  serving: number;
  gateways: RouterGatewayView[];
};

function stateOf(row: GatewayRow): GatewayState {
  if (row.stoppedAt !== null) return "stopped";
  return row.ageMs > STALE_AFTER_INTERVALS * row.heartbeatIntervalMs ? "stale" : "live";
}

async function gatewayRows(db: Db): Promise<GatewayRow[]> {
  return db.$queryRaw<GatewayRow[]>`
    SELECT id::text, host, address, port, "metricsUrl", pid, workers, "turnoutVersion", "startedAt", "heartbeatAt", "heartbeatIntervalMs",
           served, "servedAt", "stoppedAt", (EXTRACT(EPOCH FROM (now() - "heartbeatAt")) * 1000)::float8 AS "ageMs"
    FROM gateways
    ORDER BY host, port, "startedAt"
    LIMIT ${MAX_GATEWAYS}`;
}

/** `"project/router"` → active version number, for every deployed router. */
async function activeVersions(db: Db): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ key: string; version: number }[]>`
    SELECT p.name || '/' || r.name AS key, v.number AS version
    FROM routers r JOIN projects p ON p.id = r."projectId" JOIN versions v ON v.id = r."activeVersionId"`;
  return new Map(rows.map((r) => [r.key, r.version]));
}

function split(key: string): { project: string; router: string } {
  const slash = key.indexOf("/");
  return { project: key.slice(0, slash), router: key.slice(slash + 1) };
}

function common(row: GatewayRow) {
  return {
    id: row.id,
    host: row.host,
    address: row.address,
    port: row.port,
    workers: row.workers,
    state: stateOf(row),
    heartbeatAt: row.heartbeatAt.toISOString(),
    heartbeatAgeMs: Math.max(0, Math.round(row.ageMs)),
  };
}

/** Every registered gateway, with what it serves against each router's active version. */
export async function listGateways(db: Db): Promise<FleetView> {
  const [rows, active] = await Promise.all([gatewayRows(db), activeVersions(db)]);
  const gateways = rows.map((row): GatewayView => {
    const behind: LaggingRouter[] = [];
    for (const [key, version] of active) {
      const serving = row.served[key];
      if (serving !== version) behind.push({ ...split(key), serving: serving ?? null, active: version });
    }
    for (const [key, serving] of Object.entries(row.served)) if (!active.has(key)) behind.push({ ...split(key), serving, active: null });
    behind.sort((a, b) => a.project.localeCompare(b.project) || a.router.localeCompare(b.router));
    return {
      ...common(row),
      metricsUrl: row.metricsUrl,
      pid: row.pid,
      turnoutVersion: row.turnoutVersion,
      startedAt: row.startedAt.toISOString(),
      heartbeatIntervalMs: row.heartbeatIntervalMs,
      inSync: behind.length === 0,
      routers: Object.keys(row.served).length,
      behindCount: behind.length,
      behind: behind.slice(0, MAX_BEHIND_LISTED),
    };
  });
  const count = (state: GatewayState) => gateways.filter((g) => g.state === state).length;
  return { live: count("live"), stale: count("stale"), stopped: count("stopped"), inSync: gateways.filter((g) => g.state === "live" && g.inSync).length, gateways };
}

/** The gateways and the version of one router each serves (stopped ones left out). */
export async function routerGateways(db: Db, projectId: string, project: string, router: string): Promise<RouterFleetView> {
  const [rows, routerRow] = await Promise.all([
    gatewayRows(db),
    db.router.findUnique({ where: { projectId_name: { projectId, name: router } }, select: { activeVersion: { select: { number: true } } } }),
  ]);
  const activeVersion = routerRow?.activeVersion?.number ?? null;
  const key = `${project}/${router}`;
  const gateways = rows
    .filter((row) => row.stoppedAt === null)
    .map((row): RouterGatewayView => {
      const version = row.served[key] ?? null;
      return { ...common(row), version, inSync: version === activeVersion, servedAt: row.servedAt.toISOString() };
    });
  const live = gateways.filter((g) => g.state === "live");
  return { project, router, activeVersion, live: live.length, serving: live.filter((g) => g.inSync && g.version !== null).length, gateways };
}

export type Convergence = {
  /** converged: every live gateway serves the version; timeout: some did not in time; no_gateways: none is live. */
  state: "converged" | "timeout" | "no_gateways";
  version: number;
  /** From the start of the wait (right after the deploy committed) until every live gateway served it, or until the timeout. */
  elapsedMs: number;
  live: number;
  serving: number;
  lagging: { id: string; host: string; port: number; version: number | null }[];
};

export const CONVERGENCE_TIMEOUT = { defaultMs: 5_000, maxMs: 30_000 } as const;
const CONVERGENCE_POLL_MS = 25;

/**
 * Waits until every live gateway serves `version` of the router, or `timeoutMs` passes.
 * Gateways report a reload at once, so this is usually a few polls of one cheap query.
 */
export async function waitForConvergence(db: Db, projectId: string, project: string, router: string, version: number, timeoutMs: number): Promise<Convergence> {
  const started = performance.now();
  const deadline = started + Math.min(Math.max(0, timeoutMs), CONVERGENCE_TIMEOUT.maxMs);
  for (;;) {
    const view = await routerGateways(db, projectId, project, router);
    const live = view.gateways.filter((g) => g.state === "live");
    const lagging = live.filter((g) => g.version === null || g.version < version);
    const now = performance.now();
    const base = { version, elapsedMs: Math.round(now - started), live: live.length, serving: live.length - lagging.length };
    if (live.length === 0) return { ...base, state: "no_gateways", lagging: [] };
    if (lagging.length === 0) return { ...base, state: "converged", lagging: [] };
    if (now >= deadline) return { ...base, state: "timeout", lagging: lagging.map((g) => ({ id: g.id, host: g.host, port: g.port, version: g.version })) };
    await new Promise((resolve) => setTimeout(resolve, Math.min(CONVERGENCE_POLL_MS, Math.max(1, deadline - now))));
  }
}

/**
 * The counters to sum for a router: since start, each live gateway's newest snapshot; over a
 * window, each gateway's newest snapshot inside it with the newest one before it as baseline
 * (none: the gateway had counted nothing for the router yet).
 */
export async function routerCounterSnapshots(
  db: Db,
  project: string,
  router: string,
  windowSeconds: number | null,
): Promise<{ gateways: number; snapshots: { latest: RouterCounters; baseline: RouterCounters | null }[] }> {
  if (windowSeconds === null) {
    const rows = await db.$queryRaw<{ counters: RouterCounters }[]>`
      SELECT DISTINCT ON (c."gatewayId") c.counters
      FROM gateway_counters c JOIN gateways g ON g.id = c."gatewayId"
      WHERE c.project = ${project} AND c.router = ${router} AND g."stoppedAt" IS NULL
        AND g."heartbeatAt" > now() - make_interval(secs => ${STALE_AFTER_INTERVALS}::float8 * g."heartbeatIntervalMs" / 1000.0)
      ORDER BY c."gatewayId", c.at DESC`;
    return { gateways: await liveCount(db), snapshots: rows.map((r) => ({ latest: r.counters, baseline: null })) };
  }
  const rows = await db.$queryRaw<{ latest: RouterCounters; baseline: RouterCounters | null }[]>`
    WITH latest AS (
      SELECT DISTINCT ON ("gatewayId") "gatewayId", counters FROM gateway_counters
      WHERE project = ${project} AND router = ${router} AND at > now() - make_interval(secs => ${windowSeconds}::float8)
      ORDER BY "gatewayId", at DESC
    ), baseline AS (
      SELECT DISTINCT ON ("gatewayId") "gatewayId", counters FROM gateway_counters
      WHERE project = ${project} AND router = ${router} AND at <= now() - make_interval(secs => ${windowSeconds}::float8)
        AND "gatewayId" IN (SELECT "gatewayId" FROM latest)
      ORDER BY "gatewayId", at DESC
    )
    SELECT l.counters AS latest, b.counters AS baseline FROM latest l LEFT JOIN baseline b USING ("gatewayId")`;
  return { gateways: await liveCount(db), snapshots: rows };
}

async function liveCount(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM gateways
    WHERE "stoppedAt" IS NULL AND "heartbeatAt" > now() - make_interval(secs => ${STALE_AFTER_INTERVALS}::float8 * "heartbeatIntervalMs" / 1000.0)`;
  return rows[0]?.n ?? 0;
}
