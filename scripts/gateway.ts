/**
 * `npm run gateway -- [options]`: the Turnout gateway (data plane). Serves
 * /{project}/{router}/{path...} from the active versions in the database, reloading on
 * deploys, and from the cache file while the database is unreachable.
 */
import { randomUUID } from "node:crypto";
import cluster from "node:cluster";
import path from "node:path";
import { parseArgs } from "node:util";
import { reportWorkerReady, runClusterPrimary, sendFleetReport, workerMetrics } from "@/lib/gateway/cluster";
import { resolveDatabaseUrl } from "@/lib/gateway/database-url";
import { FleetAggregator } from "@/lib/gateway/fleet-aggregator";
import { GATEWAY_DEFAULTS, startGateway } from "@/lib/gateway/gateway";
import { PRUNE_DEFAULTS } from "@/lib/gateway/sample-pruner";
import { GatewayRegistration, HEARTBEAT_DEFAULTS, metricsUrlOf, type FleetReport } from "@/lib/gateway/registration";

const USAGE = `Usage: npm run gateway -- [options]

  --port N                  port to listen on (GATEWAY_PORT, default ${GATEWAY_DEFAULTS.port})
  --host H                  address to listen on (GATEWAY_HOST, default ${GATEWAY_DEFAULTS.host})
  --admin-port N            serve /healthz in full and /metrics on this port only (GATEWAY_ADMIN_PORT);
                            the public port then answers a /healthz without names and no /metrics
  --admin-host H            address of the admin listener (GATEWAY_ADMIN_HOST, default ${GATEWAY_DEFAULTS.host})
  --workers N               gateway processes sharing the port (GATEWAY_WORKERS, default 1)
  --cache FILE              last good configuration (GATEWAY_CACHE_FILE, default ${GATEWAY_DEFAULTS.cacheFile})
  --no-cache                keep no cache file
  --no-database             serve the cache file only (a static configuration)
  --max-body BYTES          largest request body the gateway reads (GATEWAY_MAX_BODY_BYTES, default ${GATEWAY_DEFAULTS.maxBodyBytes})
  --poll-ms MS              revision poll interval (GATEWAY_POLL_MS, default ${GATEWAY_DEFAULTS.pollIntervalMs})
  --shadow-max-in-flight N  shadow requests in flight per route (GATEWAY_SHADOW_MAX_IN_FLIGHT, default ${GATEWAY_DEFAULTS.shadowMaxInFlight})
  --compare-max-bytes N     largest answer a json/fields shadow comparison parses (GATEWAY_COMPARE_MAX_BYTES, default ${GATEWAY_DEFAULTS.compareMaxBytes})
  --sample-retention-days N delete request samples older than N days (GATEWAY_SAMPLE_RETENTION_DAYS, default ${PRUNE_DEFAULTS.retentionDays})
  --sample-max-per-router N keep at most the newest N samples per router (GATEWAY_SAMPLE_MAX_PER_ROUTER, default ${PRUNE_DEFAULTS.maxPerRouter})
  --heartbeat-ms MS         fleet heartbeat interval (GATEWAY_HEARTBEAT_MS, default ${HEARTBEAT_DEFAULTS.intervalMs}); stale after three missed
  --no-register             do not register in the fleet (GATEWAY_REGISTER=0)
  --no-listen               no LISTEN for deploys: only the revision poll picks them up (GATEWAY_LISTEN=0)

The database is DATABASE_URL, or the embedded one \`npm run dev\` / \`npm start\` started
(they write its URL to .data/database-url).`;

const root = path.resolve(import.meta.dirname, "..");
const env = process.env;
const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "admin-port": { type: "string" },
    "admin-host": { type: "string" },
    workers: { type: "string" },
    cache: { type: "string" },
    "no-cache": { type: "boolean" },
    "no-database": { type: "boolean" },
    "max-body": { type: "string" },
    "poll-ms": { type: "string" },
    "shadow-max-in-flight": { type: "string" },
    "compare-max-bytes": { type: "string" },
    "sample-retention-days": { type: "string" },
    "sample-max-per-router": { type: "string" },
    "heartbeat-ms": { type: "string" },
    "no-register": { type: "boolean" },
    "no-listen": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

function integer(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`[gateway] ${name} must be an integer ≥ ${min}, got "${text}"\n`);
    process.exit(2);
  }
  return n;
}

const port = integer("--port", values.port ?? env.GATEWAY_PORT, GATEWAY_DEFAULTS.port, 0);
const host = values.host ?? env.GATEWAY_HOST ?? GATEWAY_DEFAULTS.host;
const adminPortText = values["admin-port"] ?? env.GATEWAY_ADMIN_PORT;
const adminPort = adminPortText === undefined || adminPortText === "" ? null : integer("--admin-port", adminPortText, 0, 0);
const adminHost = values["admin-host"] ?? env.GATEWAY_ADMIN_HOST ?? GATEWAY_DEFAULTS.host;
if (adminPort === null && values["admin-host"] !== undefined) {
  process.stderr.write("[gateway] --admin-host needs --admin-port\n");
  process.exit(2);
}
const workers = integer("--workers", values.workers ?? env.GATEWAY_WORKERS, 1, 1);
const cacheFile = values["no-cache"] ? null : path.resolve(root, values.cache ?? env.GATEWAY_CACHE_FILE ?? GATEWAY_DEFAULTS.cacheFile);
const maxBodyBytes = integer("--max-body", values["max-body"] ?? env.GATEWAY_MAX_BODY_BYTES, GATEWAY_DEFAULTS.maxBodyBytes, 0);
const pollIntervalMs = integer("--poll-ms", values["poll-ms"] ?? env.GATEWAY_POLL_MS, GATEWAY_DEFAULTS.pollIntervalMs, 100);
const shadowMaxInFlight = integer("--shadow-max-in-flight", values["shadow-max-in-flight"] ?? env.GATEWAY_SHADOW_MAX_IN_FLIGHT, GATEWAY_DEFAULTS.shadowMaxInFlight, 0);
const compareMaxBytes = integer("--compare-max-bytes", values["compare-max-bytes"] ?? env.GATEWAY_COMPARE_MAX_BYTES, GATEWAY_DEFAULTS.compareMaxBytes, 0);

const sampleRetentionDays = integer("--sample-retention-days", values["sample-retention-days"] ?? env.GATEWAY_SAMPLE_RETENTION_DAYS, PRUNE_DEFAULTS.retentionDays, 1);
const sampleMaxPerRouter = integer("--sample-max-per-router", values["sample-max-per-router"] ?? env.GATEWAY_SAMPLE_MAX_PER_ROUTER, PRUNE_DEFAULTS.maxPerRouter, 1);
const heartbeatMs = integer("--heartbeat-ms", values["heartbeat-ms"] ?? env.GATEWAY_HEARTBEAT_MS, HEARTBEAT_DEFAULTS.intervalMs, 100);
const register = !values["no-register"] && env.GATEWAY_REGISTER !== "0";
const listenForDeploys = !values["no-listen"] && env.GATEWAY_LISTEN !== "0";

const label = cluster.isWorker ? `[gateway ${process.pid}]` : "[gateway]";
const log = (line: string) => process.stdout.write(`${label} ${line}\n`);

function databaseUrl(): string | null {
  if (values["no-database"]) return null;
  const found = resolveDatabaseUrl(root);
  if (found === null) {
    process.stderr.write(
      "[gateway] no database: set DATABASE_URL, or start the console with `npm run dev` (it writes .data/database-url), or pass --no-database to serve the cache file\n",
    );
    process.exit(2);
  }
  if (cluster.isPrimary) log(`configuration from ${found.from}`);
  return found.url;
}

/** Registers the public address and port, and where /metrics is: the admin listener when there is one. */
function registration(url: string | null, listening: number, admin: number | null, report: () => FleetReport): GatewayRegistration | null {
  if (url === null || !register) return null;
  const metricsUrl = admin === null ? metricsUrlOf(host, listening) : metricsUrlOf(adminHost, admin);
  const entry = new GatewayRegistration({ databaseUrl: url, id: randomUUID(), address: host, port: listening, metricsUrl, intervalMs: heartbeatMs, report, log });
  entry.start();
  return entry;
}

async function serve(): Promise<void> {
  let clusterMetrics: (() => Promise<string>) | undefined;
  let fleet: GatewayRegistration | null = null;
  let reportToPrimary: (() => void) | null = null;
  const url = databaseUrl();
  const gateway = await startGateway({
    databaseUrl: url,
    cacheFile,
    maxBodyBytes,
    pollIntervalMs,
    shadowMaxInFlight,
    compareMaxBytes,
    sampleRetentionDays,
    sampleMaxPerRouter,
    processMetrics: true,
    log,
    listen: listenForDeploys,
    // Convergence is shown live: a reload is reported at once, not at the next heartbeat.
    onConfigChange: () => (reportToPrimary ? reportToPrimary() : fleet?.servedChanged()),
    ...(cluster.isWorker ? { metricsText: () => clusterMetrics!() } : {}),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await fleet?.stop();
    await gateway.close();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop());
  // Set up before listening: the primary may ask this worker for its share at any time.
  if (cluster.isWorker) clusterMetrics = workerMetrics(gateway.metrics.registry);
  // The admin listener first: once the public port answers, /metrics is no longer served there.
  const admin = adminPort === null ? null : await gateway.listenAdmin(adminPort, adminHost);
  const listening = await gateway.listen(port, host);
  if (cluster.isWorker) {
    reportToPrimary = () =>
      sendFleetReport({ port: listening, adminPort: admin, served: gateway.store.served(), counters: [...gateway.metrics.countersByRouter()] });
    reportToPrimary();
    setInterval(reportToPrimary, heartbeatMs).unref();
    reportWorkerReady();
  } else {
    fleet = registration(url, listening, admin, () => ({ served: gateway.store.served(), workers: 1, counters: gateway.metrics.countersByRouter() }));
    log(`listening on ${describeListeners(listening, admin)}`);
  }
}

function describeListeners(publicPort: number, admin: number | null): string {
  if (admin === null) return `http://${host}:${publicPort} — /{project}/{router}/…, /healthz, /metrics`;
  return `http://${host}:${publicPort} — /{project}/{router}/…, /healthz (minimal); admin on http://${adminHost}:${admin} — /healthz, /metrics`;
}

async function main(): Promise<void> {
  if (workers > 1 && cluster.isPrimary) {
    const url = databaseUrl();
    let fleet: GatewayRegistration | null = null;
    const aggregator = new FleetAggregator(() => fleet?.servedChanged());
    const primary = runClusterPrimary(
      workers,
      log,
      () => {
        const listening = aggregator.port ?? port;
        const admin = adminPort === null ? null : (aggregator.adminPort ?? adminPort);
        fleet = registration(url, listening, admin, () => aggregator.report());
        log(`listening on ${describeListeners(listening, admin)} (${workers} workers)`);
      },
      aggregator,
    );
    const stop = async () => {
      await fleet?.stop();
      await primary.stop();
      process.exit(0);
    };
    process.on("SIGINT", () => void stop());
    process.on("SIGTERM", () => void stop());
    return;
  }
  await serve();
}

main().catch((error: unknown) => {
  process.stderr.write(`${label} ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
