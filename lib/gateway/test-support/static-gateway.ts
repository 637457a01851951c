/** A gateway serving fixed router documents (through the cache file, as with --no-database). */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { RouterDocumentInput } from "../../router/document";
import { writeCacheFile } from "../cache-file";
import { startGateway, type Gateway, type GatewayOptions } from "../gateway";

export interface StaticRouter {
  readonly project: string;
  readonly version?: number;
  readonly document: RouterDocumentInput;
}

export interface RunningGateway {
  readonly gateway: Gateway;
  readonly url: string;
  close(): Promise<void>;
}

export async function startStaticGateway(routers: readonly StaticRouter[], options: Partial<GatewayOptions> = {}): Promise<RunningGateway> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "turnout-gateway-test-"));
  const cacheFile = path.join(dir, "cache.json");
  await writeCacheFile(
    cacheFile,
    routers.map((r, i) => ({ project: r.project, router: r.document.name, version: r.version ?? 1, versionId: `static-${i}`, document: r.document })),
  );
  const gateway = await startGateway({ ...options, databaseUrl: null, cacheFile });
  const port = await gateway.listen(0);
  return {
    gateway,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await gateway.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A router document with one default rule; `extra` overrides any part. */
export function documentOf(name: string, routes: { name: string; url: string; timeoutMs?: number }[], extra: Partial<RouterDocumentInput> = {}): RouterDocumentInput {
  return {
    name,
    settings: { missingKey: "random", seed: name },
    routes,
    defaultRule: { strategy: "random", split: [{ route: routes[0]!.name, weight: 100 }], shadows: [] },
    ...extra,
  };
}

/** The current value of one sample of the gateway's metrics (0 when absent). */
export async function metricValue(gateway: Gateway, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await gateway.metrics.registry.getSingleMetric(name)?.get();
  if (!metric) return 0;
  let total = 0;
  for (const sample of metric.values) {
    if (Object.entries(labels).every(([k, v]) => String(sample.labels[k]) === v)) total += sample.value;
  }
  return total;
}
