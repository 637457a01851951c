/**
 * The console's HTTP server: Next.js (`next dev`'s or `next start`'s request handling, as a
 * custom server) behind one step of our own. Route handlers never see the socket, so this
 * step resolves who is calling — the peer address, or what a trusted proxy forwarded
 * (TURNOUT_TRUSTED_PROXIES) — and stamps it on the request (lib/auth/request-client.ts) for
 * the sign-in rate limit and the same-origin checks. Started by scripts/start.ts.
 *
 *   tsx scripts/server.ts dev|start     PORT, TURNOUT_HOST (listen address; all by default)
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { stampRequest } from "@/lib/auth/request-client";
import { parseTrustedProxies } from "@/lib/auth/trusted-proxies";
import { pathDecodes, undecodablePathAnswer } from "@/lib/http/path-encoding";

const dev = process.argv[2] !== "start";
const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? "3000");
const listenHost = process.env.TURNOUT_HOST?.trim() || undefined;
const trusted = parseTrustedProxies(process.env.TURNOUT_TRUSTED_PROXIES);

const server = http.createServer();
const app = next({ dev, dir: root, hostname: "localhost", port, httpServer: server });

async function main(): Promise<void> {
  await app.prepare();
  const handle = app.getRequestHandler();
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const target = req.url ?? "/";
    if (!pathDecodes(target)) {
      const answer = undecodablePathAnswer(target);
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    stampRequest(req, trusted);
    handle(req, res).catch((error: unknown) => {
      console.error("request failed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, listenHost, resolve);
  });
  process.stdout.write(`[turnout] listening on ${listenHost ?? "all interfaces"}, port ${port} (${dev ? "development" : "production"}; trusted proxies: ${trusted.source})\n`);
}

let closing = false;
async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  await app.close().catch(() => {});
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void close());

main().catch((error: unknown) => {
  process.stderr.write(`[turnout] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
