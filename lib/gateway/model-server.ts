/**
 * A stand-in model server for the demo: answers every request with JSON naming the route it
 * plays, its port and the request body it received, after an optional artificial latency.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ModelServerOptions {
  readonly name: string;
  readonly port: number;
  readonly host?: string;
  /** Added before answering: a fixed delay plus up to `jitterMs` more. */
  readonly latencyMs?: number;
  readonly jitterMs?: number;
}

export interface ModelServer {
  readonly name: string;
  readonly port: number;
  close(): Promise<void>;
}

function echoOf(body: Buffer): unknown {
  if (body.length === 0) return null;
  const text = body.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const latency = options.latencyMs ?? 0;
  const jitter = options.jitterMs ?? 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.stringify({ model: options.name, port: options.port, echo: echoOf(Buffer.concat(chunks)) });
      const answer = () => {
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      };
      const delay = latency + (jitter > 0 ? Math.random() * jitter : 0);
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve({
        name: options.name,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
