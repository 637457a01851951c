/**
 * `npm run demo`: the demo's stand-in model servers on 127.0.0.1:9101–9112 and a gateway in
 * front of them, reading the database `npm run dev` uses (DATABASE_URL, or the URL it writes
 * to .data/database-url). Prints curl lines for the demo routers; Ctrl-C stops everything.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_PROJECT, DEMO_ROUTERS } from "@/lib/demo/documents";
import { resolveDatabaseUrl } from "@/lib/gateway/database-url";
import { GATEWAY_DEFAULTS, startGateway, type Gateway } from "@/lib/gateway/gateway";
import { startModelServer, type ModelServer } from "@/lib/gateway/model-server";

const root = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "latency-ms": { type: "string" },
    "jitter-ms": { type: "string" },
  },
});
const port = Number(values.port ?? process.env.GATEWAY_PORT ?? GATEWAY_DEFAULTS.port);
const latencyMs = Number(values["latency-ms"] ?? 0);
const jitterMs = Number(values["jitter-ms"] ?? 0);
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

/** Port → the route name the demo documents give it (the first one, if several share a port). */
function demoModels(): Map<number, string> {
  const models = new Map<number, string>();
  for (const router of DEMO_ROUTERS) {
    for (const doc of [...router.history, ...(router.draft ? [router.draft] : [])]) {
      for (const route of doc.routes ?? []) {
        const url = new URL(route.url);
        if (url.hostname === "127.0.0.1" && !models.has(Number(url.port))) models.set(Number(url.port), route.name);
      }
    }
  }
  return new Map([...models].sort((a, b) => a[0] - b[0]));
}

const servers: ModelServer[] = [];
let gateway: Gateway | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await gateway?.close().catch(() => {});
    await Promise.all(servers.map((s) => s.close().catch(() => {})));
  }
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));

async function main(): Promise<void> {
  const database = resolveDatabaseUrl(root);
  if (database === null) {
    throw new Error("no database: start the console first with `npm run dev` (in another terminal), or set DATABASE_URL");
  }
  for (const [modelPort, name] of demoModels()) servers.push(await startModelServer({ name, port: modelPort, latencyMs, jitterMs }));
  say(`model servers on 127.0.0.1:${servers.map((s) => s.port).join(", ")}${latencyMs > 0 ? ` (latency ${latencyMs} ms)` : ""}`);

  gateway = await startGateway({
    databaseUrl: database.url,
    cacheFile: path.resolve(root, process.env.GATEWAY_CACHE_FILE ?? GATEWAY_DEFAULTS.cacheFile),
    processMetrics: true,
    log: (line) => process.stdout.write(`[gateway] ${line}\n`),
  });
  const listening = await gateway.listen(port);
  const base = `http://127.0.0.1:${listening}`;
  say(`gateway on ${base} (configuration from ${database.from})`);
  const project = DEMO_PROJECT.name;
  if (!gateway.store.entries().some((e) => e.project === project)) {
    say(`warning: no router of project "${project}" is deployed in this database — \`npm run dev\` loads the demo project on its first start`);
  }
  const json = "-H 'content-type: application/json'";
  process.stdout.write(`
Try:
  curl -i ${base}/${project}/ray-canary/predict ${json} -d '{"inputs":[1,2,3]}'
  curl -i ${base}/${project}/dataiku-sticky/predict ${json} -d '{"dispatch":{"dispatchKey":"u-1"}}'
  curl -i ${base}/${project}/qwak-audiences/predict ${json} -d '{"metadata":{"location":"new-york","age":25}}'
  curl -i ${base}/${project}/turing-geo/predict ${json} -d '{"country_code":"ID","geo_area":"1"}'

  # the split in practice: 200 requests, counted by route
  for i in $(seq 200); do curl -s -o /dev/null -D - ${base}/${project}/ray-canary/ | grep -i '^x-turnout-route'; done | sort | uniq -c

  curl -s ${base}/metrics | grep '^turnout_gateway_requests_total'
  curl -s ${base}/healthz

Deploy a new version in the console and the gateway serves it at once. Ctrl-C stops the demo.
`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`[demo] ${error instanceof Error ? error.message : String(error)}\n`);
  await stop(1);
});
