/**
 * `tsx scripts/model-server.ts --port 9101 [--name NAME] [--latency-ms MS] [--jitter-ms MS]`:
 * one stand-in model server, answering `{ "model", "port", "echo" }`.
 */
import { parseArgs } from "node:util";
import { startModelServer } from "@/lib/gateway/model-server";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    name: { type: "string" },
    host: { type: "string" },
    "latency-ms": { type: "string" },
    "jitter-ms": { type: "string" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write("usage: tsx scripts/model-server.ts --port N [--name NAME] [--latency-ms MS] [--jitter-ms MS]\n");
  process.exit(2);
}
const server = await startModelServer({
  port,
  name: values.name ?? `model-${port}`,
  ...(values.host ? { host: values.host } : {}),
  latencyMs: Number(values["latency-ms"] ?? 0),
  jitterMs: Number(values["jitter-ms"] ?? 0),
});
process.stdout.write(`[model] ${server.name} on http://127.0.0.1:${server.port}\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void server.close().then(() => process.exit(0)));
}
