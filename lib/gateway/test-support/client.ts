/** A keep-alive HTTP client for the gateway tests, and bounded concurrent request loops. */
import http from "node:http";
import { Readable } from "node:stream";
import { Agent, request } from "undici";

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface SendOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** An async iterable is sent chunked (no Content-Length). */
  readonly body?: string | Buffer | AsyncIterable<Buffer>;
}

export class TestClient {
  private readonly agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });

  async send(url: string, options: SendOptions = {}): Promise<Reply> {
    const response = await request(url, {
      method: (options.method ?? (options.body !== undefined ? "POST" : "GET")) as "GET",
      headers: options.headers,
      body: options.body === undefined || typeof options.body === "string" || Buffer.isBuffer(options.body) ? options.body : Readable.from(options.body),
      dispatcher: this.agent,
    });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  }

  /** Runs `count` calls of `one(i)`, at most `concurrency` at a time. */
  async many<T>(count: number, concurrency: number, one: (i: number) => Promise<T>): Promise<T[]> {
    const results = new Array<T>(count);
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        results[i] = await one(i);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    return results;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * One request over node:http on a fresh connection, which (unlike undici) lets a test send
 * hop-by-hop headers such as `keep-alive`, `te` or `proxy-connection`.
 */
export function rawRequest(url: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}
