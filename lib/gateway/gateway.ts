/** A gateway: configuration store, upstream pools, metrics and the HTTP server, started together. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { answerClientError } from "./client-error";
import { DEFAULT_COMPARE_LIMITS } from "../shadows/compare";
import { ConfigStore } from "./config-store";
import { SAMPLE_BODY_BYTES } from "./disagreement-sample";
import { DisagreementWriter } from "./disagreement-writer";
import { GatewayMetrics } from "./metrics";
import { OwnEndpoints } from "./own-endpoints";
import { RequestHandler } from "./request-handler";
import { PRUNE_DEFAULTS, SamplePruner } from "./sample-pruner";
import { SampleRecorder } from "./sample-recorder";
import { SampleWriter } from "./sample-writer";
import { ShadowSender } from "./shadows";
import { Upstreams } from "./upstreams";

export const GATEWAY_DEFAULTS = {
  port: 8080,
  host: "127.0.0.1",
  cacheFile: ".data/gateway-cache.json",
  maxBodyBytes: 1024 * 1024,
  pollIntervalMs: 5_000,
  connectTimeoutMs: 3_000,
  shadowMaxInFlight: 64,
  compareMaxBytes: DEFAULT_COMPARE_LIMITS.maxBytes,
} as const;

export interface GatewayOptions {
  /** null: no database; the cache file is served as a static configuration. */
  readonly databaseUrl: string | null;
  /** The last good configuration (read when the database is unreachable); null for none. */
  readonly cacheFile?: string | null;
  readonly maxBodyBytes?: number;
  readonly pollIntervalMs?: number;
  readonly connectTimeoutMs?: number;
  /** Shadow requests allowed in flight per route; more are dropped and counted. */
  readonly shadowMaxInFlight?: number;
  /** Largest answer a json/fields comparison parses; larger ones are "not comparable". */
  readonly compareMaxBytes?: number;
  /** Request samples older than this many days are deleted (default 7). */
  readonly sampleRetentionDays?: number;
  /** A router keeps at most this many samples, the newest (default 1 000 000). */
  readonly sampleMaxPerRouter?: number;
  /** How often this gateway tries to prune samples (one gateway at a time does). */
  readonly samplePruneIntervalMs?: number;
  /** Also export Node's process metrics (CPU, memory, event loop, GC). */
  readonly processMetrics?: boolean;
  readonly log?: (line: string) => void;
  /** false: no LISTEN for deploys; the revision poll alone picks them up. */
  readonly listen?: boolean;
  /** Called after the routers served changed. */
  readonly onConfigChange?: () => void;
  /** The /metrics text; by default this gateway's own registry. */
  readonly metricsText?: (metrics: GatewayMetrics) => Promise<string>;
}

export interface Gateway {
  readonly server: http.Server;
  /** The admin listener's server, once `listenAdmin` was called. */
  readonly adminServer: http.Server | null;
  readonly store: ConfigStore;
  readonly metrics: GatewayMetrics;
  /** Stored disagreements on their way to the database (`flush()` writes what is queued). */
  readonly disagreements: DisagreementWriter;
  /** Request samples on their way to the database (null without one); `flush()` writes what is queued. */
  readonly samples: SampleWriter | null;
  /** Deletes samples past their retention; `prune()` runs a round now. */
  readonly pruner: SamplePruner | null;
  /** Resolves with the port listened on (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Serves /healthz in full and /metrics on another address, and from then on only a minimal
   * /healthz (up or down, no names) and no /metrics on the public one. Resolves with the port.
   */
  listenAdmin(port: number, host?: string): Promise<number>;
  /** Stops accepting, cuts open connections, aborts in-flight upstream requests, closes the database connections. */
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.log ?? (() => {});
  const metrics = new GatewayMetrics({ processMetrics: options.processMetrics ?? false });
  const upstreams = new Upstreams();
  const store = new ConfigStore({
    databaseUrl: options.databaseUrl,
    cacheFile: options.cacheFile === undefined ? GATEWAY_DEFAULTS.cacheFile : options.cacheFile,
    pollIntervalMs: options.pollIntervalMs ?? GATEWAY_DEFAULTS.pollIntervalMs,
    connectTimeoutMs: options.connectTimeoutMs ?? GATEWAY_DEFAULTS.connectTimeoutMs,
    upstreams,
    metrics,
    log,
    listen: options.listen ?? true,
    onChange: () => options.onConfigChange?.(),
  });
  await store.start();
  const disagreements = new DisagreementWriter({ databaseUrl: options.databaseUrl, metrics, log, connectTimeoutMs: options.connectTimeoutMs ?? GATEWAY_DEFAULTS.connectTimeoutMs });
  const samples =
    options.databaseUrl === null
      ? null
      : new SampleWriter({ databaseUrl: options.databaseUrl, metrics, log, connectTimeoutMs: options.connectTimeoutMs ?? GATEWAY_DEFAULTS.connectTimeoutMs });
  const pruner =
    samples === null
      ? null
      : new SamplePruner(
          samples.pool,
          { retentionDays: options.sampleRetentionDays ?? PRUNE_DEFAULTS.retentionDays, maxPerRouter: options.sampleMaxPerRouter ?? PRUNE_DEFAULTS.maxPerRouter },
          options.samplePruneIntervalMs ?? PRUNE_DEFAULTS.intervalMs,
          log,
        );
  pruner?.start();
  const metricsText = options.metricsText;
  const own = new OwnEndpoints({
    store,
    metricsText: metricsText ? () => metricsText(metrics) : () => metrics.registry.metrics(),
    metricsContentType: metrics.registry.contentType,
  });
  const handler = new RequestHandler({
    store,
    metrics,
    shadows: new ShadowSender(options.shadowMaxInFlight ?? GATEWAY_DEFAULTS.shadowMaxInFlight),
    maxBodyBytes: options.maxBodyBytes ?? GATEWAY_DEFAULTS.maxBodyBytes,
    compareLimits: { ...DEFAULT_COMPARE_LIMITS, maxBytes: options.compareMaxBytes ?? GATEWAY_DEFAULTS.compareMaxBytes, sampleBytes: SAMPLE_BODY_BYTES },
    disagreements,
    ...(samples !== null ? { samples: new SampleRecorder(samples) } : {}),
    own,
  });
  const onClientError = (error: Error & { code?: string }, socket: Duplex) => {
    if (error.code !== "ECONNRESET") metrics.refused(error.code === "HPE_HEADER_OVERFLOW" ? "headers_too_large" : "malformed_request");
    answerClientError(error, socket);
  };
  // The Host rules are checked by the handler (request-checks.ts), to answer in problem+json.
  const server = http.createServer({ noDelay: true, keepAlive: true, requireHostHeader: false }, handler.handle);
  // Longer than common load balancers' idle timeouts, so the gateway is not the one racing to close.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on("clientError", onClientError);
  let adminServer: http.Server | null = null;

  const listen = (target: http.Server, port: number, host: string) =>
    new Promise<number>((resolve, reject) => {
      target.once("error", reject);
      target.listen(port, host, () => {
        target.off("error", reject);
        resolve((target.address() as AddressInfo).port);
      });
    });

  let closed: Promise<void> | null = null;
  return {
    server,
    get adminServer() {
      return adminServer;
    },
    store,
    metrics,
    disagreements,
    samples,
    pruner,
    listen: (port, host = GATEWAY_DEFAULTS.host) => listen(server, port, host),
    listenAdmin: (port, host = GATEWAY_DEFAULTS.host) => {
      if (adminServer !== null) return Promise.reject(new Error("the admin listener is already started"));
      adminServer = http.createServer({ noDelay: true }, own.serveAdmin);
      adminServer.on("clientError", answerClientError);
      handler.separateAdmin();
      return listen(adminServer, port, host);
    },
    close: () =>
      (closed ??= (async () => {
        const servers = adminServer === null ? [server] : [server, adminServer];
        const stopped = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
        for (const s of servers) s.closeAllConnections();
        await Promise.all([...stopped, upstreams.destroy(), store.stop(), pruner?.stop()]);
        await Promise.all([disagreements.close(), samples?.close()]);
      })()),
  };
}
