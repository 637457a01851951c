/**
 * A stand-in model server for the demo: answers every request with JSON naming the route it
 * plays, its port, the request body it received and a made-up prediction, after an optional
 * artificial latency. The prediction's score is a hash of the body nudged by up to ±0.02 per
 * model, so that two models mostly agree within a small tolerance and now and then disagree
 * on the label (near the 0.5 threshold): what shadow comparisons are for.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { murmur3Text } from "../engine/murmur3";

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

export function predictionOf(model: string, body: string): { label: "positive" | "negative"; score: number } {
  const base = murmur3Text(body) / 0xffffffff;
  const nudge = ((murmur3Text(model) % 41) - 20) / 1000;
  const score = Math.round(Math.min(1, Math.max(0, base + nudge)) * 1000) / 1000;
  return { label: score >= 0.5 ? "positive" : "negative", score };
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
      const received = Buffer.concat(chunks);
      const body = JSON.stringify({ model: options.name, port: options.port, echo: echoOf(received), prediction: predictionOf(options.name, `${req.url} ${received.toString("utf8")}`) });
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
